// The hosted provider: Hugging Face models through @huggingface/inference. The client never retries by itself
// (retry_on_error: false); every failure becomes a ProviderError the queue retries or reports. The token goes only
// into the Authorization header of requests to the configured endpoint, never into a URL, a message or a log.

import { InferenceClient } from '@huggingface/inference';
import { sniffImage } from '../import/image.ts';
import type { CaptionResult, ImageResult, PromptTemplate, Provider, RewriteResult } from './types.ts';
import { ProviderError } from '../retry.ts';
import type { ImageInput } from '../image/types.ts';

export interface HfSettings {
  token?: string;
  /** Inference provider ("auto", "hf-inference", "together", ...); must be hf-inference with an endpoint URL. */
  provider?: string;
  /** An OpenAI-compatible chat endpoint (TGI, vLLM, an Inference Endpoint) for the VLM; optional. */
  chatEndpointUrl?: string;
  /** An endpoint for text-to-image and image-to-image; optional. */
  imageEndpointUrl?: string;
  vlmModel: string;
  textToImageModel: string;
  editModel: string;
  /** The language model for caption rewrites (hard negatives). */
  llmModel?: string;
  /** Seconds before a request without an answer is abandoned and retried. */
  timeoutSeconds?: number;
}

export const HF_DEFAULTS: HfSettings = {
  provider: 'auto',
  vlmModel: 'Qwen/Qwen2.5-VL-7B-Instruct',
  textToImageModel: 'black-forest-labs/FLUX.1-schnell',
  editModel: 'black-forest-labs/FLUX.1-Kontext-dev',
  llmModel: 'Qwen/Qwen2.5-7B-Instruct',
  timeoutSeconds: 120,
};

/** One caption: a single line of plain text, not an apology, not JSON, not markdown. */
export function validateCaption(raw: unknown): string {
  if (typeof raw !== 'string') throw new ProviderError('the model answered without text', true);
  const text = raw
    .trim()
    .replace(/^["'“]|["'”]$/g, '')
    .trim();
  if (!text) throw new ProviderError('the model answered with an empty caption', true);
  if (/^[[{]/.test(text)) throw new ProviderError(`the model answered with structured data instead of a caption: ${text.slice(0, 60)}`, true);
  if (text.includes('\n')) throw new ProviderError('the model answered with several lines instead of one caption', true);
  if (text.length > 400) throw new ProviderError(`the caption is ${text.length} characters long — the prompt asks for one short sentence`, true);
  if (/^(i'?m sorry|i cannot|i can't|as an ai)/i.test(text)) throw new ProviderError(`the model declined: ${text.slice(0, 80)}`, true);
  return text;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export class HfProvider implements Provider {
  readonly name = 'hf';
  constructor(
    private readonly settings: HfSettings,
    private readonly fetchImpl: typeof fetch = (...a) => fetch(...a),
  ) {}

  /** A fetch for one call that remembers the server's Retry-After, which the client's errors do not carry. */
  private tracked() {
    const seen: { retryAfterMs?: number } = {};
    const f: typeof fetch = async (input, init) => {
      const res = await this.fetchImpl(input, init);
      const ra = res.headers.get('retry-after');
      if (ra) seen.retryAfterMs = /^\d+(\.\d+)?$/.test(ra) ? Number(ra) * 1000 : Math.max(0, Date.parse(ra) - Date.now());
      return res;
    };
    return { f, seen };
  }

  private client(endpointUrl?: string) {
    return new InferenceClient(this.settings.token, endpointUrl ? { endpointUrl } : {});
  }

  /** Turn whatever the client threw into a ProviderError with a reason a person can act on, token-free. */
  private explain(e: unknown, seen: { retryAfterMs?: number }, what: string): ProviderError {
    const scrub = (s: string) => (this.settings.token ? s.split(this.settings.token).join('[token]') : s);
    if (e instanceof ProviderError) return e;
    const err = e as { name?: string; message?: string; httpResponse?: { status?: number } };
    const status = err.httpResponse?.status;
    const message = scrub(err.message ?? String(e));
    if (err.name === 'AbortError') return new ProviderError(`${what}: the request was aborted`, true);
    if (status === 429) return new ProviderError(`${what}: rate limited (429)`, true, 429, seen.retryAfterMs);
    if (status === 503) return new ProviderError(`${what}: the model is loading or busy (503)`, true, 503, seen.retryAfterMs);
    if (status && status >= 500) return new ProviderError(`${what}: server error ${status}: ${message}`, true, status);
    if (status === 401 || status === 403)
      return new ProviderError(`${what}: the token was refused (${status}) — check the access token in Settings`, false, status);
    if (status) return new ProviderError(`${what}: ${status}: ${message}`, false, status);
    if (e instanceof SyntaxError) return new ProviderError(`${what}: the answer was not valid JSON`, true);
    if (err.name === 'InferenceClientProviderOutputError') return new ProviderError(`${what}: the answer had an unexpected shape (${message})`, true);
    if (e instanceof TypeError) return new ProviderError(`${what}: network error (${message})`, true);
    return new ProviderError(`${what}: ${message}`, false);
  }

  private async chat(image: ImageInput, text: string, prompt: PromptTemplate, signal?: AbortSignal): Promise<CaptionResult> {
    const { f, seen } = this.tracked();
    try {
      const out = await this.client(this.settings.chatEndpointUrl).chatCompletion(
        {
          model: this.settings.vlmModel,
          ...(this.settings.chatEndpointUrl ? {} : { provider: (this.settings.provider ?? 'auto') as 'auto' }),
          messages: [
            {
              role: 'user',
              content: [
                { type: 'image_url', image_url: { url: `data:${image.mime};base64,${toBase64(image.bytes)}` } },
                { type: 'text', text },
              ],
            },
          ],
          max_tokens: 80,
          temperature: 0.2,
        },
        { retry_on_error: false, signal, fetch: f },
      );
      return { text: validateCaption(out?.choices?.[0]?.message?.content), model: this.settings.vlmModel, provider: this.name, prompt };
    } catch (e) {
      throw this.explain(e, seen, 'caption');
    }
  }

  caption(image: ImageInput, prompt: PromptTemplate, signal?: AbortSignal): Promise<CaptionResult> {
    return this.chat(image, prompt.text, prompt, signal);
  }

  repair(image: ImageInput, caption: string, prompt: PromptTemplate, signal?: AbortSignal): Promise<CaptionResult> {
    return this.chat(image, prompt.text.replace('{caption}', caption), prompt, signal);
  }

  async rewrite(prompt: string, _request: unknown, signal?: AbortSignal): Promise<RewriteResult> {
    const { f, seen } = this.tracked();
    const model = this.settings.llmModel ?? HF_DEFAULTS.llmModel!;
    try {
      const out = await this.client(this.settings.chatEndpointUrl).chatCompletion(
        {
          model,
          ...(this.settings.chatEndpointUrl ? {} : { provider: (this.settings.provider ?? 'auto') as 'auto' }),
          messages: [{ role: 'user', content: prompt }],
          max_tokens: 200,
          temperature: 0.7,
        },
        { retry_on_error: false, signal, fetch: f },
      );
      const raw = out?.choices?.[0]?.message?.content;
      if (typeof raw !== 'string' || !raw.trim()) throw new ProviderError('rewrite: the model answered without text', true);
      return { raw, model, provider: this.name };
    } catch (e) {
      throw this.explain(e, seen, 'rewrite');
    }
  }

  private async image(blob: Blob, model: string, what: string): Promise<ImageResult> {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const info = sniffImage(bytes);
    if ('error' in info) throw new ProviderError(`${what}: the returned image cannot be decoded (${info.error})`, true);
    return { bytes, mime: info.mime, model, provider: this.name };
  }

  async textToImage(text: string, signal?: AbortSignal): Promise<ImageResult> {
    const { f, seen } = this.tracked();
    try {
      const blob = await this.client(this.settings.imageEndpointUrl).textToImage(
        {
          model: this.settings.textToImageModel,
          inputs: text,
          ...(this.settings.imageEndpointUrl ? {} : { provider: (this.settings.provider ?? 'auto') as 'auto' }),
        },
        { retry_on_error: false, signal, fetch: f, outputType: 'blob' },
      );
      return await this.image(blob as Blob, this.settings.textToImageModel, 'text-to-image');
    } catch (e) {
      throw this.explain(e, seen, 'text-to-image');
    }
  }

  async editImage(image: ImageInput, text: string, signal?: AbortSignal): Promise<ImageResult> {
    const { f, seen } = this.tracked();
    try {
      const blob = await this.client(this.settings.imageEndpointUrl).imageToImage(
        {
          model: this.settings.editModel,
          inputs: new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mime }),
          parameters: { prompt: text },
          ...(this.settings.imageEndpointUrl ? {} : { provider: (this.settings.provider ?? 'auto') as 'auto' }),
        },
        { retry_on_error: false, signal, fetch: f },
      );
      return await this.image(blob, this.settings.editModel, 'image edit');
    } catch (e) {
      throw this.explain(e, seen, 'image edit');
    }
  }
}
