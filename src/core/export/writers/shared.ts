// What the export writers share: safe names, TSV and Python-list fields, negative records, line-batched tables, and
// writing each image once.

import { EXTENSION_FOR_MIME, type ImageInfo } from '../../import/image.ts';
import type { Negative } from '../../negatives/types.ts';
import { currentCaption } from '../../model.ts';
import { imageFileName } from '../rows.ts';
import type { ExportInput, ExportPair, ExportSink } from '../types.ts';

export const enc = new TextEncoder();

/** A file or member name that cannot escape its folder or break a reader: letters, digits, dot, dash, underscore. */
export function sanitizeName(name: string): string {
  const base = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  return base || 'file';
}

export const extOf = (mime: ImageInfo['mime']) => EXTENSION_FOR_MIME[mime] ?? 'bin';
export const negativeFileName = (hash: string, mime: ImageInfo['mime']) => `negatives/${hash.slice(0, 20)}.${extOf(mime)}`;

/**
 * A field of a tab-separated table, exact as Python's csv module (delimiter '\t') and pandas (`sep='\t'`) read it back:
 * quoted, with quotes doubled, when it holds a tab, a line break or a quote; as it is otherwise (spaces included).
 */
export function tsvField(s: string): string {
  return /[\t\r\n"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Python's escape for a character a string literal cannot hold as it is. */
const PY_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A Python list literal of strings, as NegCLIP's loader reads with ast.literal_eval: backslash, quote and every control
 * character escaped (a NUL, a tab or a line break stays inside the string and never splits the table's row).
 */
export function pythonList(items: (string | number)[]): string {
  const literal = (x: string) =>
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be escaped
    `'${x.replace(/[\\'\x00-\x1f\x7f\u0085\u2028\u2029]/g, (c) => PY_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
  return `[${items.map((x) => (typeof x === 'number' ? String(x) : literal(x))).join(', ')}]`;
}

/** Captions a spreadsheet would run as a formula (=, +, -, @ first): written unchanged, counted for a warning. */
export const FORMULA_PREFIX = /^[=+\-@]/;

/** What each negative is, compactly, for rows and sample metadata. */
export function negativeRecord(n: Negative, fileName?: string) {
  return {
    type: n.type,
    family: n.family,
    ...(n.text !== undefined ? { text: n.text } : {}),
    ...(fileName ? { file_name: fileName } : {}),
    generator: n.generator,
    seed: n.seed,
    ...(n.change ? { change: n.change } : {}),
    hardness: n.hardness ?? null,
    status: n.status,
  };
}

export async function writeText(sink: ExportSink, path: string, text: string) {
  await sink.begin(path, { compress: true });
  await sink.write(enc.encode(text));
  await sink.end();
}

/** Lines into a file, batched so that a large table is written in chunks, never as one string. */
export function lineWriter(sink: ExportSink) {
  let buf: string[] = [];
  let size = 0;
  return {
    async line(s: string) {
      buf.push(s);
      size += s.length;
      if (size > 256 * 1024) await this.flush();
    },
    async flush() {
      if (buf.length) await sink.write(enc.encode(`${buf.join('\n')}\n`));
      buf = [];
      size = 0;
    },
  };
}

/** Images of the pairs (and image negatives), each written once, named by content. */
export async function writeImages(
  input: ExportInput,
  sink: ExportSink,
  withNegatives: boolean,
  onProgress?: (n: number) => void,
): Promise<{ images: number; files: string[] }> {
  const written = new Set<string>();
  const files: string[] = [];
  const put = async (hash: string, name: string) => {
    if (written.has(name)) return;
    written.add(name);
    const { bytes } = await input.image(hash);
    await sink.begin(name, { compress: false });
    await sink.write(bytes);
    await sink.end();
    files.push(name);
    onProgress?.(files.length);
  };
  for await (const { item, negatives } of input.pairs()) {
    await put(item.imageHash!, imageFileName(item.imageHash!, await input.mime(item.imageHash!)));
    if (withNegatives) for (const n of negatives) if (n.imageHash) await put(n.imageHash, negativeFileName(n.imageHash, await input.mime(n.imageHash)));
  }
  return { images: written.size, files };
}

/** What a writer is given: the pairs, the sink, the settings, and counters the manifest reports. */
export class WriteContext {
  pairs = 0;
  negatives = 0;
  /** Captions (of pairs and text negatives) that start with =, +, - or @. */
  formulaLike = 0;
  readonly files: string[] = [];
  constructor(
    readonly input: ExportInput,
    readonly sink: ExportSink,
    readonly shardSize: number | undefined,
    private readonly onProgress?: (done: number) => void,
    readonly onlyTars?: (index: number) => boolean,
  ) {}

  /** Count one pair written (and report progress every 1,000). */
  counted(p: ExportPair) {
    this.pairs++;
    this.negatives += p.negatives.length;
    if (FORMULA_PREFIX.test(currentCaption(p.item) ?? '')) this.formulaLike++;
    for (const n of p.negatives) if (n.text !== undefined && FORMULA_PREFIX.test(n.text)) this.formulaLike++;
    if (this.pairs % 1000 === 0) this.progress();
  }

  progress() {
    this.onProgress?.(this.pairs);
  }

  /** A table file with one line per pair (and an optional header line). */
  async table(name: string, header: string | null, row: (p: ExportPair, index: number) => Promise<string>) {
    await this.sink.begin(name, { compress: true });
    const lines = lineWriter(this.sink);
    if (header !== null) await lines.line(header);
    for await (const p of this.input.pairs()) {
      await lines.line(await row(p, this.pairs));
      this.counted(p);
    }
    await lines.flush();
    await this.sink.end();
    this.files.push(name);
  }

  /** The pairs' images (and image negatives), each written once; returns how many. */
  async images(withNegatives: boolean): Promise<number> {
    const w = await writeImages(this.input, this.sink, withNegatives);
    this.files.push(...w.files);
    return w.images;
  }
}

/** One export format: its id (as the CLI's --format and the manifest name it), its label, and how it writes. */
export interface ExportWriter<Id extends string = string> {
  id: Id;
  label: string;
  /** Writes every file but the manifest; returns the number of distinct images and any manifest fields of its own. */
  write(ctx: WriteContext): Promise<{ images: number; manifest?: Record<string, unknown> }>;
}
