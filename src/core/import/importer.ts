// Turns a set of files (a folder, a drop, CLI paths) into items, streaming, with one error per bad row.

import type { CaptionVersion, Decision, ItemKind, ReviewStatus, RowError, SourceRef } from '../model.ts';
import { ITEM_KINDS, REVIEW_STATUSES } from '../model.ts';
import { parseCsv } from './csv.ts';
import { contentHash, IMAGE_EXTENSIONS, sniffImage, type ImageInfo } from './image.ts';
import { readLines } from './lines.ts';
import { basename, dirname, extension, resolveInside, stripExtension } from './paths.ts';
import type { SourceFile } from './source.ts';
import { readTar } from './tar.ts';
import { expandZip } from './zip.ts';

export interface ImportedImage extends ImageInfo {
  name: string;
  hash: string;
  /** Present the first time this content appears in the import; later references share the stored copy. */
  bytes?: Uint8Array;
}

/** Fields an earlier stage of this app wrote into metadata.jsonl, carried so that nothing is lost between stages. */
export interface CarriedFields {
  id?: string;
  status?: ReviewStatus;
  decision?: Decision;
  captions?: CaptionVersion[];
  scores?: Record<string, number>;
  /** The file and row the item first came from, before earlier stages rewrote it. */
  source?: SourceRef;
}

export interface ImportedItem {
  kind: ItemKind;
  caption?: string;
  image?: ImportedImage;
  source: SourceRef;
  /** True when the same image content was already seen: it is stored once. */
  duplicateImage?: boolean;
  carried?: CarriedFields;
  extra?: Record<string, unknown>;
}

export type ImportEvent =
  | { type: 'item'; item: ImportedItem }
  | { type: 'error'; error: RowError }
  | { type: 'progress'; file: string; filesDone: number; filesTotal: number; rows: number };

export interface ImportSummary {
  counts: Record<ItemKind, number>;
  duplicates: number;
  errors: RowError[];
  /** Files the importer does not read (unknown types), listed so the user knows they were not forgotten. */
  skipped: string[];
}

const TABLE_EXTENSIONS = new Set(['jsonl', 'csv', 'tsv']);
/** Files in a dataset folder that hold something other than items. */
const RESERVED_NAMES = new Set(['negatives.jsonl', 'manifest.json', 'import-errors.jsonl']);
const IMAGE_KEYS = ['file_name', 'image', 'filepath', 'file', 'path'];
const CAPTION_KEYS = ['text', 'caption', 'title'];
const CARRIED_KEYS = ['id', 'kind', 'status', 'decided_by', 'decided_at', 'caption_history', 'scores', 'source_file', 'source_row'];

/** Import every file; yields items as soon as they are read so that callers can store them in batches. */
export interface ImportOptions {
  /** When false, images that no captions row names are ignored instead of imported as lone images. */
  loneImages?: boolean;
}

export async function* importFiles(input: SourceFile[], options: ImportOptions = {}): AsyncGenerator<ImportEvent> {
  const files: SourceFile[] = [];
  for (const f of input) {
    if (extension(f.path) !== 'zip') files.push(f);
    else {
      const expanded = await expandZip(f);
      files.push(...expanded.files);
      for (const error of expanded.errors) yield { type: 'error', error };
    }
  }
  // Browsers hand over folder contents in no particular order; sort so that imports are deterministic.
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const images = new ImageReader(byPath);
  const tables: SourceFile[] = [];
  const tars: SourceFile[] = [];
  const parquets: SourceFile[] = [];
  const texts: SourceFile[] = [];
  const imageFiles: SourceFile[] = [];
  const skipped: string[] = [];
  for (const f of files) {
    const ext = extension(f.path);
    const name = basename(f.path).toLowerCase();
    if (RESERVED_NAMES.has(name)) skipped.push(f.path);
    else if (TABLE_EXTENSIONS.has(ext)) tables.push(f);
    else if (ext === 'tar') tars.push(f);
    else if (ext === 'parquet') parquets.push(f);
    // Hard-negative images of an exported dataset belong to its negatives, not to the items.
    else if (IMAGE_EXTENSIONS.has(ext) && /(^|\/)negatives\/[^/]+$/.test(f.path)) skipped.push(f.path);
    else if (ext === 'txt') texts.push(f);
    else if (IMAGE_EXTENSIONS.has(ext)) imageFiles.push(f);
    else skipped.push(f.path);
  }
  const imageByStem = new Map(imageFiles.map((f) => [stripExtension(f.path), f]));
  const filesTotal = files.length - skipped.length - (options.loneImages === false ? imageFiles.length : 0);
  let filesDone = 0;
  let rows = 0;
  const progress = (file: string): ImportEvent => ({ type: 'progress', file, filesDone, filesTotal, rows });

  for (const table of tables) {
    yield progress(table.path);
    for await (const ev of readTable(table, images)) {
      if (ev.type === 'item' && ++rows % 1000 === 0) yield progress(table.path);
      yield ev;
    }
    filesDone++;
  }
  for (const pq of parquets) {
    yield progress(pq.path);
    for await (const ev of readParquet(pq, images)) {
      if (ev.type === 'item' && ++rows % 1000 === 0) yield progress(pq.path);
      yield ev;
    }
    filesDone++;
  }
  for (const tar of tars) {
    yield progress(tar.path);
    for await (const ev of readShard(tar, images)) {
      if (ev.type === 'item') rows++;
      yield ev;
    }
    filesDone++;
  }
  for (const txt of texts) {
    const image = imageByStem.get(stripExtension(txt.path));
    if (image) {
      images.markUsed(image.path);
      filesDone += 2;
      const ev = await readSidecarPair(image, txt, images);
      if (ev.type === 'item') rows++;
      yield ev;
    } else {
      for await (const ev of readLoneTexts(txt)) {
        if (ev.type === 'item' && ++rows % 1000 === 0) yield progress(txt.path);
        yield ev;
      }
      filesDone++;
    }
  }
  for (const f of imageFiles) {
    if (images.used.has(f.path) || options.loneImages === false) continue;
    const result = await images.read(f.path, f.path);
    filesDone++;
    if ('error' in result) yield { type: 'error', error: { source: f.path, reason: result.error } };
    else {
      rows++;
      yield { type: 'item', item: { kind: 'image', image: result.image, duplicateImage: result.duplicate, source: { file: f.path } } };
    }
  }
  for (const path of skipped)
    yield { type: 'error', error: { source: path, reason: /(^|\/)negatives\/[^/]+$/.test(path) ? 'skipped: a hard-negative image (listed in the dataset\'s negatives, not an item)' : 'skipped: not an image, captions table, text file or tar shard' } };
  yield progress('');
}

/** Run an import to the end and count what it found (the CLI's summary and the tests' view). */
export async function summarizeImport(events: AsyncIterable<ImportEvent>, onItem?: (item: ImportedItem) => void | Promise<void>): Promise<ImportSummary> {
  const summary: ImportSummary = { counts: { pair: 0, image: 0, text: 0 }, duplicates: 0, errors: [], skipped: [] };
  for await (const ev of events) {
    if (ev.type === 'item') {
      summary.counts[ev.item.kind]++;
      if (ev.item.duplicateImage) summary.duplicates++;
      await onItem?.(ev.item);
    } else if (ev.type === 'error') {
      if (ev.error.reason.startsWith('skipped:')) summary.skipped.push(ev.error.source);
      else summary.errors.push(ev.error);
    }
  }
  return summary;
}

/** Reads, checks and hashes image files once each, and remembers which content was already seen. */
class ImageReader {
  readonly used = new Set<string>();
  private readonly cache = new Map<string, { hash: string; info: ImageInfo } | { error: string }>();
  private readonly seenHashes = new Set<string>();
  constructor(private readonly byPath: Map<string, SourceFile>) {}

  markUsed(path: string) {
    this.used.add(path);
  }

  async read(path: string, name: string): Promise<{ image: ImportedImage; duplicate: boolean } | { error: string }> {
    this.used.add(path);
    const file = this.byPath.get(path);
    if (!file) return { error: `image "${name}" was not found — put it next to the captions file or fix the name` };
    const cached = this.cache.get(path);
    if (cached && 'error' in cached) return cached;
    if (cached) {
      return { image: { ...cached.info, name: path, hash: cached.hash }, duplicate: true };
    }
    return this.fromBytes(path, await file.bytes());
  }

  async fromBytes(path: string, bytes: Uint8Array): Promise<{ image: ImportedImage; duplicate: boolean } | { error: string }> {
    const info = sniffImage(bytes);
    if ('error' in info) {
      const error = { error: `image "${path}" cannot be decoded: ${info.error}` };
      this.cache.set(path, error);
      return error;
    }
    const hash = await contentHash(bytes);
    this.cache.set(path, { hash, info });
    const duplicate = this.seenHashes.has(hash);
    this.seenHashes.add(hash);
    return { image: { ...info, name: path, hash, bytes: duplicate ? undefined : bytes }, duplicate };
  }
}

async function* readTable(file: SourceFile, images: ImageReader): AsyncGenerator<ImportEvent> {
  const dir = dirname(file.path);
  const lines = readLines(file.stream());
  if (extension(file.path) === 'jsonl') {
    for await (const line of lines) {
      if (line.text === undefined) {
        yield rowError(file.path, line.row, line.encodingError!);
        continue;
      }
      if (line.text.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(line.text);
      } catch (e) {
        yield rowError(file.path, line.row, `not valid JSON (${(e as Error).message}) — fix the line or remove it`);
        continue;
      }
      if (!record || typeof record !== 'object' || Array.isArray(record)) {
        yield rowError(file.path, line.row, 'a JSONL row must be a JSON object like {"file_name": ..., "text": ...}');
        continue;
      }
      yield await rowToItem(record as Record<string, unknown>, { file: file.path, row: line.row }, dir, images);
    }
    return;
  }
  let header: string[] | undefined;
  for await (const rec of parseCsv(lines, file.path)) {
    if (rec.error) {
      yield rowError(file.path, rec.row, rec.error);
      continue;
    }
    const fields = rec.fields!;
    if (!header) {
      header = fields.map((h) => h.trim());
      if (!header.some((h) => IMAGE_KEYS.includes(h) || CAPTION_KEYS.includes(h))) {
        yield rowError(file.path, rec.row, `header has no image or caption column — name them "filepath" and "title" (OpenCLIP) or "file_name" and "text"`);
        return;
      }
      continue;
    }
    if (fields.length !== header.length) {
      yield rowError(file.path, rec.row, `row has ${fields.length} fields but the header has ${header.length} — check the delimiter and quoting`);
      continue;
    }
    const record: Record<string, unknown> = {};
    // An unnamed column (a pandas index, as in NegCLIP's TSV) carries nothing to keep.
    header.forEach((h, i) => h && (record[h] = fields[i]));
    yield await rowToItem(record, { file: file.path, row: rec.row }, dir, images);
  }
}

/**
 * A Parquet table (Hugging Face datasets layout): an image column holding {bytes, path} structs (or raw bytes), a
 * caption column, and any other columns carried as extra fields. Read in slices of rows through hyparquet.
 */
async function* readParquet(file: SourceFile, images: ImageReader): AsyncGenerator<ImportEvent> {
  const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
  let buffer: ArrayBuffer;
  let total: number;
  try {
    const bytes = await file.bytes();
    buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    total = Number(parquetMetadata(buffer).num_rows);
  } catch (e) {
    yield rowError(file.path, undefined, `not a readable Parquet file (${(e as Error).message})`);
    return;
  }
  const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v instanceof Uint8Array ? undefined : v);
  for (let start = 0; start < total; start += 1000) {
    const rows = (await parquetReadObjects({ file: buffer, rowStart: start, rowEnd: Math.min(total, start + 1000), utf8: false })) as Record<string, unknown>[];
    for (const [k, row] of rows.entries()) {
      const source = { file: file.path, row: start + k + 1 };
      const err = (reason: string) => rowError(file.path, source.row, reason);
      const imageKey = Object.keys(row).find((key) => row[key] instanceof Uint8Array || (row[key] && typeof row[key] === 'object' && (row[key] as { bytes?: unknown }).bytes instanceof Uint8Array));
      const captionKey = firstKey(row, CAPTION_KEYS);
      const caption = captionKey && typeof row[captionKey] === 'string' ? (row[captionKey] as string).trim() : undefined;
      const extra: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(row)) if (key !== imageKey && key !== captionKey && !CARRIED_KEYS.includes(key) && plain(v) !== undefined) extra[key] = plain(v);
      const carried = readCarried(Object.fromEntries(Object.entries(row).filter(([key]) => CARRIED_KEYS.includes(key)).map(([key, v]) => [key, plain(v)])));
      if ('error' in carried) {
        yield err(carried.error);
        continue;
      }
      const common = { source, carried: carried.fields, extra: Object.keys(extra).length ? extra : undefined };
      if (!imageKey) {
        if (caption) yield { type: 'item', item: { kind: 'text', caption, ...common } };
        else yield err('row has neither image bytes nor a caption');
        continue;
      }
      const cell = row[imageKey];
      const bytes = cell instanceof Uint8Array ? cell : (cell as { bytes: Uint8Array }).bytes;
      const name = cell instanceof Uint8Array ? `${imageKey}` : String((cell as { path?: unknown }).path ?? imageKey);
      const read = await images.fromBytes(`${file.path}:${source.row}:${name}`, bytes);
      if ('error' in read) {
        yield err(read.error);
        continue;
      }
      yield { type: 'item', item: { kind: caption ? 'pair' : 'image', caption, image: read.image, duplicateImage: read.duplicate, ...common } };
    }
  }
}

function rowError(source: string, row: number | undefined, reason: string): ImportEvent {
  return { type: 'error', error: { source, row, reason } };
}

function firstKey(record: Record<string, unknown>, keys: string[]): string | undefined {
  return keys.find((k) => k in record && record[k] !== null && record[k] !== undefined);
}

/** One row of a captions table, in any format, becomes one item or one error. */
async function rowToItem(record: Record<string, unknown>, source: SourceRef, dir: string, images: ImageReader): Promise<ImportEvent> {
  const imageKey = firstKey(record, IMAGE_KEYS);
  const captionKey = firstKey(record, CAPTION_KEYS);
  const imageName = imageKey ? record[imageKey] : undefined;
  const rawCaption = captionKey ? record[captionKey] : undefined;
  const err = (reason: string) => rowError(source.file, source.row, reason);
  if (imageName !== undefined && typeof imageName !== 'string') return err(`"${imageKey}" must be a file name (a string)`);
  if (rawCaption !== undefined && typeof rawCaption !== 'string') return err(`"${captionKey}" must be text (a string)`);
  const caption = rawCaption?.trim();
  const carried = readCarried(record);
  if ('error' in carried) return err(carried.error);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k !== imageKey && k !== captionKey && !CARRIED_KEYS.includes(k) && !IMAGE_KEYS.includes(k) && !CAPTION_KEYS.includes(k)) extra[k] = v;
  }
  const common = { source, carried: carried.fields, extra: Object.keys(extra).length ? extra : undefined };
  if (imageName === undefined || imageName === '') {
    if (!caption) return err('row has neither an image nor a caption — add "file_name" or "text"');
    return { type: 'item', item: { kind: 'text', caption, ...common } };
  }
  const resolved = resolveInside(dir, imageName);
  if ('error' in resolved) return err(resolved.error);
  const loneImage = carried.kind === 'image' || captionKey === undefined;
  if (!loneImage && !caption) {
    images.markUsed(resolved.path);
    return err('caption is empty — write a caption, or leave the caption column out to import lone images');
  }
  const read = await images.read(resolved.path, imageName);
  if ('error' in read) return err(read.error);
  return {
    type: 'item',
    item: { kind: loneImage ? 'image' : 'pair', caption: loneImage ? undefined : caption, image: read.image, duplicateImage: read.duplicate, ...common },
  };
}

/** Reads the fields this app writes into metadata.jsonl; a malformed one is a row error, not a silent loss. */
function readCarried(record: Record<string, unknown>): { fields?: CarriedFields; kind?: ItemKind } | { error: string } {
  const fields: CarriedFields = {};
  let kind: ItemKind | undefined;
  if (record.kind !== undefined) {
    if (!ITEM_KINDS.includes(record.kind as ItemKind)) return { error: `"kind" must be one of ${ITEM_KINDS.join(', ')}` };
    kind = record.kind as ItemKind;
  }
  if (typeof record.id === 'string' && record.id) fields.id = record.id;
  if (record.status !== undefined && record.status !== '') {
    if (!REVIEW_STATUSES.includes(record.status as ReviewStatus)) return { error: `"status" must be one of ${REVIEW_STATUSES.join(', ')}` };
    fields.status = record.status as ReviewStatus;
    if (fields.status !== 'pending' && typeof record.decided_by === 'string' && typeof record.decided_at === 'string') {
      fields.decision = { status: fields.status, by: record.decided_by, at: record.decided_at };
    }
  }
  if (record.caption_history !== undefined) {
    const h = record.caption_history;
    const valid = Array.isArray(h) && h.every((v) => v && typeof v.text === 'string' && v.provenance && typeof v.provenance.origin === 'string');
    if (!valid) return { error: '"caption_history" must be a list of {text, provenance} written by clip-curator' };
    fields.captions = h as CaptionVersion[];
  }
  if (record.scores !== undefined) {
    const s = record.scores;
    if (!s || typeof s !== 'object' || Object.values(s).some((v) => typeof v !== 'number')) return { error: '"scores" must map model names to numbers' };
    fields.scores = s as Record<string, number>;
  }
  if (typeof record.source_file === 'string' && record.source_file) {
    fields.source = { file: record.source_file, ...(typeof record.source_row === 'number' ? { row: record.source_row } : {}) };
  }
  return { fields: Object.keys(fields).length ? fields : undefined, kind };
}

async function readSidecarPair(image: SourceFile, txt: SourceFile, images: ImageReader): Promise<ImportEvent> {
  const bytes = await txt.bytes();
  let caption: string;
  try {
    caption = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '').trim();
  } catch {
    return rowError(txt.path, undefined, 'caption file is not valid UTF-8 — save it as UTF-8');
  }
  if (!caption) return rowError(txt.path, undefined, `caption file is empty — write a caption, or delete it to import ${basename(image.path)} as a lone image`);
  const read = await images.read(image.path, image.path);
  if ('error' in read) return rowError(image.path, undefined, read.error);
  return { type: 'item', item: { kind: 'pair', caption, image: read.image, duplicateImage: read.duplicate, source: { file: txt.path } } };
}

async function* readLoneTexts(txt: SourceFile): AsyncGenerator<ImportEvent> {
  for await (const line of readLines(txt.stream())) {
    if (line.text === undefined) yield rowError(txt.path, line.row, line.encodingError!);
    else if (line.text.trim()) yield { type: 'item', item: { kind: 'text', caption: line.text.trim(), source: { file: txt.path, row: line.row } } };
  }
}

/** WebDataset: members sharing a key (the path up to the first dot of the file name) form one sample. */
async function* readShard(tar: SourceFile, images: ImageReader): AsyncGenerator<ImportEvent> {
  let key: string | undefined;
  let members: { ext: string; name: string; bytes: Uint8Array }[] = [];
  let sample = 0;
  const flush = async function* (): AsyncGenerator<ImportEvent> {
    if (key === undefined) return;
    sample++;
    const source = { file: `${tar.path}:${key}`, row: sample };
    const err = (reason: string) => rowError(source.file, sample, reason);
    // The sample's own image is key.<ext>; key.neg0.png and the like are its hard negatives.
    const img = members.find((m) => IMAGE_EXTENSIONS.has(m.ext) && basename(m.name).split('.').length === 2) ?? members.find((m) => IMAGE_EXTENSIONS.has(m.ext));
    const txt = members.find((m) => m.ext === 'txt');
    const json = members.find((m) => m.ext === 'json');
    let caption: string | undefined;
    let extra: Record<string, unknown> | undefined;
    try {
      if (txt) caption = new TextDecoder('utf-8', { fatal: true }).decode(txt.bytes).trim();
      if (json) {
        const meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json.bytes));
        if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
          const k = firstKey(meta, CAPTION_KEYS);
          if (caption === undefined && k && typeof meta[k] === 'string') caption = meta[k].trim();
          extra = meta;
        }
      }
    } catch (e) {
      yield err(`sample metadata is unreadable (${(e as Error).message}) — fix ${key}.txt or ${key}.json`);
      return;
    }
    if (!img) {
      if (caption) yield { type: 'item', item: { kind: 'text', caption, source, extra } };
      else yield err('sample has neither an image nor a caption');
      return;
    }
    if ((txt || json) && !caption) {
      yield err('caption is empty — write a caption in the .txt or .json member');
      return;
    }
    const read = await images.fromBytes(`${tar.path}:${img.name}`, img.bytes);
    if ('error' in read) {
      yield err(read.error);
      return;
    }
    yield { type: 'item', item: { kind: caption ? 'pair' : 'image', caption, image: read.image, duplicateImage: read.duplicate, source, extra } };
  };
  try {
    for await (const m of readTar(tar.stream())) {
      const safe = resolveInside('', m.name);
      if ('error' in safe) {
        yield rowError(tar.path, undefined, `member ${safe.error}; it was not read`);
        continue;
      }
      const base = basename(safe.path);
      const dot = base.indexOf('.');
      const memberKey = dot < 0 ? safe.path : `${dirname(safe.path) ? dirname(safe.path) + '/' : ''}${base.slice(0, dot)}`;
      const ext = dot < 0 ? '' : base.slice(base.lastIndexOf('.') + 1).toLowerCase();
      if (memberKey !== key) {
        yield* flush();
        key = memberKey;
        members = [];
      }
      members.push({ ext, name: safe.path, bytes: m.bytes });
    }
    yield* flush();
  } catch (e) {
    yield* flush();
    yield rowError(tar.path, undefined, `${(e as Error).message}; samples before this point were imported`);
  }
}
