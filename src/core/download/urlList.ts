// An img2dataset URL list: CSV, TSV, JSONL, Parquet (or plain text, one URL per line) with a URL column and, usually,
// a caption column. Rows are read one at a time (Parquet in slices); a row without a URL is a named error.

import { parseCsv } from '../import/csv.ts';
import { readLines } from '../import/lines.ts';
import { extension } from '../import/paths.ts';
import type { SourceFile } from '../import/source.ts';

export type UrlRow = { row: number; url: string; caption?: string; extra?: Record<string, unknown> } | { row: number; error: string };

export interface UrlColumns {
  /** The URL column (default: url, or image_url, img_url, URL). */
  url?: string;
  /** The caption column (default: caption, or text, title, TEXT). */
  caption?: string;
}

const URL_KEYS = ['url', 'image_url', 'img_url', 'URL'];
const CAPTION_KEYS = ['caption', 'text', 'title', 'TEXT', 'alt'];

function pick(record: Record<string, unknown>, row: number, cols: UrlColumns): UrlRow {
  const urlKey = cols.url ?? URL_KEYS.find((k) => k in record);
  if (!urlKey || !(urlKey in record)) return { row, error: `no ${cols.url ? `"${cols.url}"` : 'url'} column — name it with --url-col` };
  const url = record[urlKey];
  if (typeof url !== 'string' || !url.trim()) return { row, error: 'the URL is empty' };
  const captionKey = cols.caption ?? CAPTION_KEYS.find((k) => k in record);
  const caption = captionKey && typeof record[captionKey] === 'string' ? (record[captionKey] as string) : undefined;
  const extra = Object.fromEntries(
    Object.entries(record)
      .filter(([k]) => k !== urlKey && k !== captionKey)
      .map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
  );
  return { row, url: url.trim(), caption, extra: Object.keys(extra).length ? extra : undefined };
}

export async function* readUrlList(file: SourceFile, cols: UrlColumns = {}): AsyncGenerator<UrlRow> {
  const ext = extension(file.path);
  if (ext === 'parquet') {
    const { parquetMetadata, parquetReadObjects } = await import('hyparquet');
    const bytes = await file.bytes();
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const total = Number(parquetMetadata(buffer).num_rows);
    for (let start = 0; start < total; start += 10_000) {
      const rows = (await parquetReadObjects({ file: buffer, rowStart: start, rowEnd: Math.min(total, start + 10_000) })) as Record<string, unknown>[];
      for (const [k, r] of rows.entries()) yield pick(r, start + k + 1, cols);
    }
    return;
  }
  const lines = readLines(file.stream());
  if (ext === 'jsonl' || ext === 'json') {
    for await (const line of lines) {
      if (line.text === undefined) {
        yield { row: line.row, error: line.encodingError! };
        continue;
      }
      if (!line.text.trim()) continue;
      try {
        const record = JSON.parse(line.text);
        if (!record || typeof record !== 'object' || Array.isArray(record)) yield { row: line.row, error: 'a JSONL row must be a JSON object' };
        else yield pick(record, line.row, cols);
      } catch (e) {
        yield { row: line.row, error: `not valid JSON (${(e as Error).message})` };
      }
    }
    return;
  }
  if (ext === 'txt') {
    for await (const line of lines) {
      if (line.text === undefined) yield { row: line.row, error: line.encodingError! };
      else if (line.text.trim()) yield { row: line.row, url: line.text.trim() };
    }
    return;
  }
  let header: string[] | undefined;
  for await (const rec of parseCsv(lines, file.path)) {
    if (rec.error) {
      yield { row: rec.row, error: rec.error };
      continue;
    }
    if (!header) {
      header = rec.fields!.map((h) => h.trim());
      continue;
    }
    if (rec.fields!.length !== header.length) {
      yield { row: rec.row, error: `row has ${rec.fields!.length} fields but the header has ${header.length}` };
      continue;
    }
    yield pick(Object.fromEntries(header.map((h, i) => [h, rec.fields![i]])), rec.row, cols);
  }
}
