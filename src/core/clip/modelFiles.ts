// A CLIP model in the Hugging Face ONNX layout, read from anywhere that answers relative paths: the app's bundled
// models, a Hub repository (huggingface.co/<id>/resolve/<revision>/...), any base URL, or a folder on disk.

import type { PreprocessorConfig } from './preprocess.ts';

export interface ClipConfig {
  projection_dim?: number;
  text_config?: { max_position_embeddings?: number; eos_token_id?: number; pad_token_id?: number };
  /** This app's notes on a model; `world: 'synthetic-scenes'` marks the bundled models, which know nothing else. */
  clip_curator?: { display_name?: string; tower?: string; world?: string };
}

export interface ModelFiles {
  id: string;
  config: ClipConfig;
  preprocessor: PreprocessorConfig;
  tokenizer: object;
  tokenizerConfig: Record<string, unknown>;
  vision: Uint8Array;
  text: Uint8Array;
}

/** Reads one file by its path inside the model folder; throws with the path on failure. */
export type FileReader = (path: string) => Promise<Uint8Array>;

export const MODEL_FILES = [
  'config.json',
  'preprocessor_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/vision_model.onnx',
  'onnx/text_model.onnx',
] as const;

/** The base URL for a Hub model id ("openai/clip-vit-base-patch32"), or the URL itself when one is given. */
export function modelBaseUrl(idOrUrl: string, hubUrl = 'https://huggingface.co', revision = 'main'): string {
  if (/^https?:\/\//.test(idOrUrl) || idOrUrl.startsWith('/')) return idOrUrl.endsWith('/') ? idOrUrl : `${idOrUrl}/`;
  if (!/^[\w.-]+\/[\w.-]+$/.test(idOrUrl)) throw new Error(`"${idOrUrl}" is neither a Hub model id (owner/name) nor a URL`);
  return `${hubUrl.replace(/\/$/, '')}/${idOrUrl}/resolve/${revision}/`;
}

/** Why a model file could not be fetched, in the user's words: the cause, and the way out. */
export function fetchFailure(modelId: string, url: string, failure: { status: number; statusText?: string } | { error: unknown }): string {
  const where = `model "${modelId}": ${url}`;
  const wayOut = `On a machine with internet, \`npx clip-curator fetch-model ${modelId}\` writes it to models/<name>/, which the app serves at /models/<name>/ — add that in Settings`;
  if ('error' in failure) {
    const detail = failure.error instanceof Error ? failure.error.message : String(failure.error);
    return `${where} did not answer (${detail}): this machine is offline, the host name does not resolve, or the server does not let this page read it (CORS). ${wayOut}.`;
  }
  const { status } = failure;
  if (status === 401 || status === 403)
    return `${where} was refused (${status}): the model is gated or private — accept its terms on the Hub and set a token (HF_TOKEN for the CLI, Settings in the app), or use a public ONNX export.`;
  if (status === 404)
    return `${where} was not found (404): check the id or URL; the model must be an ONNX export in the Hub layout (onnx/vision_model.onnx, onnx/text_model.onnx, tokenizer.json, …), such as Xenova/clip-vit-base-patch32${url.includes('_quantized.onnx') ? `; an id ending in ${INT8_SUFFIX} asks for the int8 files (onnx/vision_model_quantized.onnx, onnx/text_model_quantized.onnx), which this export may not have — \`python3 training/quantize.py DIR\` makes them` : ''}.`;
  return `${where}: the server answered ${status}${failure.statusText ? ` ${failure.statusText}` : ''} — try again later. ${wayOut}.`;
}

/** One request for a model's file; a failure or a refusal throws with the model, the URL, the cause and the way out. */
export async function fetchModelFile(modelId: string, url: URL, init: RequestInit = {}, fetchImpl: typeof fetch = fetch): Promise<Response> {
  let res: Response;
  try {
    res = await fetchImpl(url, init);
  } catch (error) {
    throw new Error(fetchFailure(modelId, url.href, { error }));
  }
  if (!res.ok) throw new Error(fetchFailure(modelId, url.href, { status: res.status, statusText: res.statusText }));
  return res;
}

/** A reader over fetch. The token, if any, goes in a header to this base URL only — never into the URL. */
export function httpReader(
  baseUrl: string,
  options: { token?: string; fetchImpl?: typeof fetch; onProgress?: (path: string, bytes: number) => void; modelId?: string } = {},
): FileReader {
  const f = options.fetchImpl ?? fetch;
  // A path like "/models/x/" is relative to the page (or worker) that asks.
  const base = new URL(baseUrl, (globalThis as { location?: { href: string } }).location?.href);
  const id = options.modelId ?? baseUrl;
  return async (path) => {
    const res = await fetchModelFile(id, new URL(path, base), { headers: options.token ? { Authorization: `Bearer ${options.token}` } : {} }, f);
    const bytes = new Uint8Array(await res.arrayBuffer());
    options.onProgress?.(path, bytes.byteLength);
    return bytes;
  };
}

/** The suffix that names a model's int8 weights: "Xenova/clip-vit-base-patch32@q8" reads onnx/*_quantized.onnx. */
export const INT8_SUFFIX = '@q8';

/** A model id and its weights: "name@q8" is the int8 variant of "name" (its own scores and embeddings). */
export function modelVariant(id: string): { name: string; int8: boolean } {
  return id.endsWith(INT8_SUFFIX) ? { name: id.slice(0, -INT8_SUFFIX.length), int8: true } : { name: id, int8: false };
}

/** The ONNX files a model id loads: the fp32 ones, or the int8 ones (Xenova's *_quantized.onnx) for "name@q8". */
export function onnxFiles(id: string): { vision: string; text: string } {
  const q = modelVariant(id).int8 ? '_quantized' : '';
  return { vision: `onnx/vision_model${q}.onnx`, text: `onnx/text_model${q}.onnx` };
}

export async function loadModelFiles(id: string, read: FileReader): Promise<ModelFiles> {
  const json = async (path: string) => {
    const bytes = await read(path);
    try {
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new Error(`${id}/${path} is not valid JSON — the download may be incomplete`);
    }
  };
  const [config, preprocessor, tokenizer, tokenizerConfig, vision, text] = await Promise.all([
    json('config.json'),
    json('preprocessor_config.json'),
    json('tokenizer.json'),
    json('tokenizer_config.json'),
    read(onnxFiles(id).vision),
    read(onnxFiles(id).text),
  ]);
  return { id, config, preprocessor, tokenizer, tokenizerConfig, vision, text };
}
