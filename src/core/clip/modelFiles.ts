// A CLIP model in the Hugging Face ONNX layout, read from anywhere that answers relative paths: the app's bundled
// models, a Hub repository (huggingface.co/<id>/resolve/<revision>/...), any base URL, or a folder on disk.

import type { PreprocessorConfig } from './preprocess.ts';

export interface ClipConfig {
  projection_dim?: number;
  text_config?: { max_position_embeddings?: number; eos_token_id?: number; pad_token_id?: number };
  clip_curator?: { display_name?: string; tower?: string };
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

/** A reader over fetch. The token, if any, goes in a header to this base URL only — never into the URL. */
export function httpReader(
  baseUrl: string,
  options: { token?: string; fetchImpl?: typeof fetch; onProgress?: (path: string, bytes: number) => void } = {},
): FileReader {
  const f = options.fetchImpl ?? fetch;
  // A path like "/models/x/" is relative to the page (or worker) that asks.
  const base = new URL(baseUrl, (globalThis as { location?: { href: string } }).location?.href);
  return async (path) => {
    const res = await f(new URL(path, base), { headers: options.token ? { Authorization: `Bearer ${options.token}` } : {} });
    if (!res.ok) throw new Error(`${path}: the server answered ${res.status} ${res.statusText} — check the model id or URL`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    options.onProgress?.(path, bytes.byteLength);
    return bytes;
  };
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
    read('onnx/vision_model.onnx'),
    read('onnx/text_model.onnx'),
  ]);
  return { id, config, preprocessor, tokenizer, tokenizerConfig, vision, text };
}
