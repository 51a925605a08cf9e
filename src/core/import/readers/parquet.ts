// Parquet tables in the Hugging Face datasets layout.

import type { ImageReader } from '../imageReader.ts';
import { extension } from '../paths.ts';
import { CAPTION_KEYS, CARRIED_KEYS, firstKey, readCarried, rowError } from '../rows.ts';
import type { SourceFile } from '../source.ts';
import type { ImportEvent } from '../types.ts';
import type { ImportReader } from './reader.ts';

export const parquetReader: ImportReader = {
  id: 'parquet',
  label: 'Parquet table',
  matches: (file) => extension(file.path) === 'parquet',
  read: (file, ctx) => readParquet(file, ctx.images),
};

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
  // Extra columns are kept as JSON values: 64-bit integers become numbers (inside lists and records too), bytes are dropped.
  const plain = (v: unknown): unknown => {
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Uint8Array) return undefined;
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  for (let start = 0; start < total; start += 1000) {
    const rows = (await parquetReadObjects({ file: buffer, rowStart: start, rowEnd: Math.min(total, start + 1000), utf8: false })) as Record<string, unknown>[];
    for (const [k, row] of rows.entries()) {
      const source = { file: file.path, row: start + k + 1 };
      const err = (reason: string) => rowError(file.path, source.row, reason);
      const imageKey = Object.keys(row).find(
        (key) => row[key] instanceof Uint8Array || (row[key] && typeof row[key] === 'object' && (row[key] as { bytes?: unknown }).bytes instanceof Uint8Array),
      );
      const captionKey = firstKey(row, CAPTION_KEYS);
      const caption = captionKey && typeof row[captionKey] === 'string' ? (row[captionKey] as string).trim() : undefined;
      const extra: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(row))
        if (key !== imageKey && key !== captionKey && !CARRIED_KEYS.includes(key) && plain(v) !== undefined) extra[key] = plain(v);
      const carried = readCarried(
        Object.fromEntries(
          Object.entries(row)
            .filter(([key]) => CARRIED_KEYS.includes(key))
            .map(([key, v]) => [key, plain(v)]),
        ),
      );
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
