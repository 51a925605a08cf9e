// Runs a CLIP model's two ONNX towers with whichever onnxruntime the caller brings (web or node), adapting to the
// input names and integer types each graph declares: real exports differ (text models may take input_ids only).

import { ClipTokenizer, type TokenBatch } from './tokenize.ts';
import { inputSize, pixelBatch } from './preprocess.ts';
import type { RgbaImage } from '../image/types.ts';
import type { ModelFiles } from './modelFiles.ts';

/** The part of onnxruntime (web or node) this wrapper uses. */
export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  dispose?: () => void;
}
export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly { name: string; isTensor?: boolean; type?: string }[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: object): Promise<OrtSession> };
  Tensor: new (type: string, data: Float32Array | BigInt64Array | Int32Array, dims: number[]) => OrtTensor;
}

const TEXT_OUTPUTS = ['text_embeds', 'pooler_output', 'sentence_embedding'];
const IMAGE_OUTPUTS = ['image_embeds', 'pooler_output'];

function outputName(session: OrtSession, preferred: string[], tower: string): string {
  const name = preferred.find((n) => session.outputNames.includes(n)) ?? (session.outputNames.length === 1 ? session.outputNames[0] : undefined);
  if (!name) throw new Error(`${tower} model has outputs ${session.outputNames.join(', ')} — expected one of ${preferred.join(', ')}`);
  return name;
}

function intType(session: OrtSession, input: string): 'int64' | 'int32' {
  const meta = session.inputMetadata?.find((m) => m.name === input);
  return meta?.type === 'int32' ? 'int32' : 'int64';
}

export function l2normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  return v.map((x) => x / n);
}

export class ClipModel {
  readonly tokenizer: ClipTokenizer;
  readonly inputSize: { height: number; width: number };
  private readonly textOut: string;
  private readonly imageOut: string;

  private constructor(
    readonly files: ModelFiles,
    private readonly ort: OrtModule,
    private readonly vision: OrtSession,
    private readonly text: OrtSession,
  ) {
    const max = files.config.text_config?.max_position_embeddings ?? (files.tokenizerConfig.model_max_length as number) ?? 77;
    this.tokenizer = new ClipTokenizer(files.tokenizer, files.tokenizerConfig, max);
    this.inputSize = inputSize(files.preprocessor);
    this.textOut = outputName(text, TEXT_OUTPUTS, 'text');
    this.imageOut = outputName(vision, IMAGE_OUTPUTS, 'vision');
    if (!text.inputNames.includes('input_ids')) throw new Error(`${files.id}: text model inputs are ${text.inputNames.join(', ')} — expected input_ids`);
    if (!vision.inputNames.includes('pixel_values'))
      throw new Error(`${files.id}: vision model inputs are ${vision.inputNames.join(', ')} — expected pixel_values`);
  }

  static async create(ort: OrtModule, files: ModelFiles, sessionOptions: object = {}): Promise<ClipModel> {
    // One at a time: web runtimes do not like concurrent session creation.
    const vision = await ort.InferenceSession.create(files.vision, sessionOptions);
    const text = await ort.InferenceSession.create(files.text, sessionOptions);
    return new ClipModel(files, ort, vision, text);
  }

  get id(): string {
    return this.files.id;
  }

  /** Preprocess images into one pixel_values batch. */
  pixelBatch(images: RgbaImage[]): Float32Array {
    return pixelBatch(images, this.files.preprocessor);
  }

  /** Unnormalized image embeddings for a preprocessed batch. */
  async embedPixels(pixels: Float32Array, count: number): Promise<Float32Array[]> {
    const { height, width } = this.inputSize;
    const input = new this.ort.Tensor('float32', pixels, [count, 3, height, width]);
    const out = await this.vision.run({ pixel_values: input });
    return split(out[this.imageOut], count);
  }

  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    return this.embedTokens(this.tokenizer.encodeBatch(texts));
  }

  async embedTokens(tokens: TokenBatch): Promise<Float32Array[]> {
    const feeds: Record<string, OrtTensor> = {};
    const dims = [tokens.batch, tokens.length];
    const tensor = (name: string, values: number[]) =>
      intType(this.text, name) === 'int32'
        ? new this.ort.Tensor('int32', Int32Array.from(values), dims)
        : new this.ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);
    feeds.input_ids = tensor('input_ids', tokens.ids);
    if (this.text.inputNames.includes('attention_mask')) feeds.attention_mask = tensor('attention_mask', tokens.mask);
    if (this.text.inputNames.includes('position_ids'))
      feeds.position_ids = tensor(
        'position_ids',
        Array.from({ length: tokens.ids.length }, (_, i) => i % tokens.length),
      );
    const out = await this.text.run(feeds);
    return split(out[this.textOut], tokens.batch);
  }

  async release(): Promise<void> {
    await this.vision.release?.();
    await this.text.release?.();
  }
}

function split(t: OrtTensor, count: number): Float32Array[] {
  const data = t.data as Float32Array;
  const dim = data.length / count;
  const rows = Array.from({ length: count }, (_, i) => data.slice(i * dim, (i + 1) * dim));
  t.dispose?.();
  return rows;
}
