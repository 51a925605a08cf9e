// Curated training sets in the formats training code reads: JSONL with full provenance and negatives, OpenCLIP CSV,
// NegCLIP-style TSV, WebDataset tar shards, Hugging Face imagefolder, and Parquet with image bytes. Every format is
// written file by file, chunk by chunk, into a sink (a zip in the browser, a folder in the CLI): rows stream from the
// database and images are read one at a time. Output is deterministic for the same data and settings.

import { EXTENSION_FOR_MIME, type ImageInfo } from '../import/image.ts';
import { tarEntry, TAR_END } from '../import/tar.ts';
import { currentCaption, type Item } from '../model.ts';
import type { Negative } from '../negatives/types.ts';
import { ParquetWriter } from './parquet.ts';
import { imageFileName, itemToRow } from './rows.ts';

export const EXPORT_FORMATS = ['jsonl', 'openclip-csv', 'negclip-tsv', 'webdataset', 'imagefolder', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which pairs a training set holds: accepted ones, every pair not rejected, or those not rejected at or above the cut. */
export type TrainingFilter = 'accepted' | 'not-rejected' | 'cut';

export const FORMAT_NAMES: Record<ExportFormat, string> = {
  jsonl: 'JSONL with full provenance and negatives',
  'openclip-csv': 'OpenCLIP CSV (filepath, title; tab-separated)',
  'negclip-tsv': 'NegCLIP TSV with hard-negative captions and images',
  webdataset: 'WebDataset tar shards',
  imagefolder: 'Hugging Face imagefolder (metadata.jsonl)',
  parquet: 'Parquet with image bytes (Hugging Face datasets)',
};

/** One exported pair: the item, and its hard negatives that are kept (not set aside, not rejected). */
export interface ExportPair {
  item: Item;
  negatives: Negative[];
}

export interface ExportInput {
  /** The pairs, in dataset order; called once per pass (some formats take two). */
  pairs: () => AsyncIterable<ExportPair>;
  image: (hash: string) => Promise<{ bytes: Uint8Array; mime: ImageInfo['mime'] }>;
  mime: (hash: string) => Promise<ImageInfo['mime']>;
}

/** Where files go: one file at a time, written in chunks. */
export interface ExportSink {
  begin(path: string, options?: { compress?: boolean }): Promise<void>;
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<void>;
}

export interface ExportSettings {
  format: ExportFormat;
  /** Samples per WebDataset shard. */
  shardSize?: number;
  /** What the manifest says besides counts (threshold, models, filters, app version): no timestamps, so output is deterministic. */
  manifest: Record<string, unknown>;
  onProgress?: (done: number) => void;
}

export interface ExportResult {
  pairs: number;
  images: number;
  negatives: number;
  files: string[];
}

const enc = new TextEncoder();

/** A file or member name that cannot escape its folder or break a reader: letters, digits, dot, dash, underscore. */
export function sanitizeName(name: string): string {
  const base = name.normalize('NFKC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(0, 120);
  return base || 'file';
}

const extOf = (mime: ImageInfo['mime']) => EXTENSION_FOR_MIME[mime] ?? 'bin';
const negativeFileName = (hash: string, mime: ImageInfo['mime']) => `negatives/${hash.slice(0, 20)}.${extOf(mime)}`;

/** Captions in a tab-separated table: no tabs or line breaks inside a field. */
const oneLine = (s: string) => s.replace(/[\t\r\n]+/g, ' ').trim();

/** A TSV field, quoted when a reader would otherwise misread it. */
function tsvField(s: string): string {
  return /^"|"/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A Python list literal of strings, as NegCLIP's loader reads with ast.literal_eval. */
export function pythonList(items: (string | number)[]): string {
  return `[${items.map((x) => (typeof x === 'number' ? String(x) : `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)).join(', ')}]`;
}

/** What each negative is, compactly, for rows and sample metadata. */
function negativeRecord(n: Negative, fileName?: string) {
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

async function writeText(sink: ExportSink, path: string, text: string) {
  await sink.begin(path, { compress: true });
  await sink.write(enc.encode(text));
  await sink.end();
}

/** Lines into a file, batched so that a large table is written in chunks, never as one string. */
function lineWriter(sink: ExportSink) {
  let buf: string[] = [];
  let size = 0;
  return {
    async line(s: string) {
      buf.push(s);
      size += s.length;
      if (size > 256 * 1024) await this.flush();
    },
    async flush() {
      if (buf.length) await sink.write(enc.encode(buf.join('\n') + '\n'));
      buf = [];
      size = 0;
    },
  };
}

/** Images of the pairs (and image negatives), each written once, named by content. */
async function writeImages(input: ExportInput, sink: ExportSink, withNegatives: boolean, onProgress?: (n: number) => void): Promise<{ images: number; files: string[] }> {
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

export async function exportDataset(input: ExportInput, sink: ExportSink, settings: ExportSettings): Promise<ExportResult> {
  let pairs = 0;
  let negatives = 0;
  const files: string[] = [];
  const progress = () => settings.onProgress?.(pairs);
  const table = async (name: string, header: string | null, row: (p: ExportPair, index: number) => Promise<string>) => {
    await sink.begin(name, { compress: true });
    const lines = lineWriter(sink);
    if (header !== null) await lines.line(header);
    for await (const p of input.pairs()) {
      await lines.line(await row(p, pairs));
      pairs++;
      negatives += p.negatives.length;
      if (pairs % 1000 === 0) progress();
    }
    await lines.flush();
    await sink.end();
    files.push(name);
  };
  let images = 0;
  const fmt = settings.format;

  if (fmt === 'jsonl' || fmt === 'imagefolder') {
    await table(fmt === 'jsonl' ? 'data.jsonl' : 'metadata.jsonl', null, async ({ item, negatives: negs }) => {
      const fileName = imageFileName(item.imageHash!, await input.mime(item.imageHash!));
      if (fmt === 'jsonl') {
        const withFiles = await Promise.all(negs.map(async (n) => negativeRecord(n, n.imageHash ? negativeFileName(n.imageHash, await input.mime(n.imageHash)) : undefined)));
        return JSON.stringify({ ...itemToRow(item, fileName), negatives: withFiles });
      }
      // imagefolder: flat columns that Arrow types the same on every row.
      return JSON.stringify({
        file_name: fileName,
        text: currentCaption(item) ?? '',
        id: item.id,
        status: item.status,
        score: item.scores?.ensemble ?? null,
        negative_captions: negs.filter((n) => n.text !== undefined && n.modality === 'text').map((n) => n.text!),
        negative_types: negs.filter((n) => n.text !== undefined && n.modality === 'text').map((n) => n.type),
      });
    });
    const w = await writeImages(input, sink, fmt === 'jsonl');
    images = w.images;
    files.push(...w.files);
  } else if (fmt === 'openclip-csv') {
    await table('train.csv', 'filepath\ttitle', async ({ item }) => `${imageFileName(item.imageHash!, await input.mime(item.imageHash!))}\t${tsvField(oneLine(currentCaption(item) ?? ''))}`);
    const w = await writeImages(input, sink, false);
    images = w.images;
    files.push(...w.files);
  } else if (fmt === 'negclip-tsv') {
    // neg_image: row indices of other pairs whose captions share the most words (neighbours in a sort by word set),
    // as NegCLIP's fork expects: it loads the image and caption of row j as a negative.
    const keys: string[] = [];
    for await (const { item } of input.pairs()) keys.push([...new Set((currentCaption(item) ?? '').toLowerCase().split(/\W+/).filter(Boolean))].sort().join(' '));
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    const rank = new Array<number>(order.length);
    order.forEach((row, r) => (rank[row] = r));
    const neighbours = (i: number) => {
      const out: number[] = [];
      for (let d = 1; out.length < Math.min(3, keys.length - 1); d++) {
        if (rank[i] - d >= 0) out.push(order[rank[i] - d]);
        if (out.length < 3 && rank[i] + d < order.length) out.push(order[rank[i] + d]);
      }
      return out;
    };
    await table('negclip.tsv', '\ttitle\tfilepath\tneg_caption\tneg_image\tneg_filepath\tneg_type', async ({ item, negatives: negs }, i) => {
      const texts = negs.filter((n) => n.modality === 'text' && n.text !== undefined);
      const imgs = negs.filter((n) => n.imageHash);
      const imgFiles = await Promise.all(imgs.map(async (n) => negativeFileName(n.imageHash!, await input.mime(n.imageHash!))));
      return [i, tsvField(oneLine(currentCaption(item) ?? '')), imageFileName(item.imageHash!, await input.mime(item.imageHash!)), pythonList(texts.map((n) => oneLine(n.text!))), pythonList(neighbours(i)), pythonList(imgFiles), pythonList(texts.map((n) => n.type))].join('\t');
    });
    const w = await writeImages(input, sink, true);
    images = w.images;
    files.push(...w.files);
  } else if (fmt === 'webdataset') {
    const shardSize = Math.max(1, Math.floor(settings.shardSize ?? 1000));
    let shard = -1;
    let inShard = 0;
    const seen = new Set<string>();
    const open = async () => {
      if (shard >= 0) {
        await sink.write(TAR_END);
        await sink.end();
      }
      shard++;
      inShard = 0;
      const name = `shard-${String(shard).padStart(6, '0')}.tar`;
      await sink.begin(name, { compress: false });
      files.push(name);
    };
    const member = async (name: string, bytes: Uint8Array) => {
      for (const part of tarEntry(name, bytes)) await sink.write(part);
    };
    for await (const { item, negatives: negs } of input.pairs()) {
      if (shard < 0 || inShard >= shardSize) await open();
      const key = String(pairs).padStart(9, '0');
      const { bytes, mime } = await input.image(item.imageHash!);
      seen.add(item.imageHash!);
      await member(`${key}.${extOf(mime)}`, bytes);
      await member(`${key}.txt`, enc.encode(currentCaption(item) ?? ''));
      const negMembers: string[] = [];
      for (const [k, n] of negs.entries()) {
        if (!n.imageHash) continue;
        const img = await input.image(n.imageHash);
        const name = `${key}.neg${k}.${extOf(img.mime)}`;
        await member(name, img.bytes);
        negMembers[k] = name;
        seen.add(n.imageHash);
      }
      const meta = { id: item.id, text: currentCaption(item) ?? '', status: item.status, scores: item.scores ?? {}, source_file: item.source.file, negatives: negs.map((n, k) => negativeRecord(n, negMembers[k])) };
      await member(`${key}.json`, enc.encode(JSON.stringify(meta)));
      inShard++;
      pairs++;
      negatives += negs.length;
      if (pairs % 1000 === 0) progress();
    }
    if (shard < 0) await open();
    await sink.write(TAR_END);
    await sink.end();
    images = seen.size;
  } else if (fmt === 'parquet') {
    const name = 'data/train-00000-of-00001.parquet';
    await sink.begin(name, { compress: false });
    const features = { image: { _type: 'Image' }, text: { dtype: 'string', _type: 'Value' }, file_name: { dtype: 'string', _type: 'Value' }, id: { dtype: 'string', _type: 'Value' }, negatives: { dtype: 'string', _type: 'Value' } };
    const writer = new ParquetWriter(
      [{ name: 'image', type: 'image' }, { name: 'text', type: 'string' }, { name: 'file_name', type: 'string' }, { name: 'id', type: 'string' }, { name: 'negatives', type: 'string' }],
      (chunk) => sink.write(chunk),
      { rowGroupSize: 256, metadata: { huggingface: JSON.stringify({ info: { features } }) } },
    );
    const seen = new Set<string>();
    for await (const { item, negatives: negs } of input.pairs()) {
      const { bytes, mime } = await input.image(item.imageHash!);
      seen.add(item.imageHash!);
      const fileName = imageFileName(item.imageHash!, mime);
      await writer.add([{ bytes, path: fileName.split('/').pop()! }, currentCaption(item) ?? '', fileName, item.id, JSON.stringify(negs.filter((n) => n.text !== undefined).map((n) => negativeRecord(n)))]);
      pairs++;
      negatives += negs.length;
      if (pairs % 1000 === 0) progress();
    }
    await writer.close();
    await sink.end();
    files.push(name);
    images = seen.size;
  }
  progress();
  const manifest = { ...settings.manifest, format: fmt, formatName: FORMAT_NAMES[fmt], ...(fmt === 'webdataset' ? { shardSize: settings.shardSize ?? 1000, shards: files.length } : {}), pairs, images, negatives };
  await writeText(sink, 'manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  files.push('manifest.json');
  return { pairs, images, negatives, files };
}
