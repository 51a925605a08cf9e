// Captions tables: JSONL (file_name/image + text/caption), CSV/TSV with a header (OpenCLIP's filepath/title included),
// Hugging Face imagefolder metadata.jsonl. Images are named relative to the table's folder.

import { parseCsv } from '../csv.ts';
import { type ImageReader, inOrder, type PendingRow } from '../imageReader.ts';
import { readLines } from '../lines.ts';
import { dirname, extension } from '../paths.ts';
import { CAPTION_KEYS, IMAGE_KEYS, rowError, rowToItem } from '../rows.ts';
import type { SourceFile } from '../source.ts';
import type { ImportEvent } from '../types.ts';
import type { ImportReader } from './reader.ts';

const TABLE_EXTENSIONS = new Set(['jsonl', 'csv', 'tsv']);

export const tableReader: ImportReader = {
  id: 'table',
  label: 'captions table (JSONL, CSV, TSV)',
  matches: (file) => TABLE_EXTENSIONS.has(extension(file.path)),
  // Rows' images are read and hashed a window at a time; rows come out in order.
  read: (file, ctx) => inOrder(readTable(file, ctx.images)),
};

async function* readTable(file: SourceFile, images: ImageReader): AsyncGenerator<ImportEvent | PendingRow> {
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
      yield { later: rowToItem(record as Record<string, unknown>, { file: file.path, row: line.row }, dir, images) };
    }
    return;
  }
  let header: string[] | undefined;
  let flickr = false;
  let imageDir = dir;
  for await (const rec of parseCsv(lines, file.path)) {
    if (rec.error) {
      yield rowError(file.path, rec.row, rec.error);
      continue;
    }
    const fields = rec.fields!;
    if (!header) {
      header = fields.map((h) => h.trim());
      // Flickr30k: results.csv beside flickr30k_images/ (or flickr30k_images/flickr30k_images/, as the archive unpacks).
      flickr = header.includes('image_name') && header.includes('comment');
      if (!header.some((h) => IMAGE_KEYS.includes(h) || CAPTION_KEYS.includes(h))) {
        yield rowError(file.path, rec.row, `header has no image or caption column — name them "filepath" and "title" (OpenCLIP) or "file_name" and "text"`);
        return;
      }
      continue;
    }
    if (flickr && imageDir === dir) {
      const name = fields[header.indexOf('image_name')]?.trim() ?? '';
      const join = (...p: string[]) => p.filter(Boolean).join('/');
      imageDir = [dir, join(dir, 'flickr30k_images'), join(dir, 'flickr30k_images', 'flickr30k_images')].find((d) => images.has(join(d, name))) ?? dir;
    }
    if (fields.length !== header.length) {
      yield rowError(file.path, rec.row, `row has ${fields.length} fields but the header has ${header.length} — check the delimiter and quoting`);
      continue;
    }
    const record: Record<string, unknown> = {};
    // An unnamed column (a pandas index, as in NegCLIP's TSV) carries nothing to keep. Flickr30k pads its fields
    // with a space after each "|".
    header.forEach((h, i) => h && (record[h] = flickr ? fields[i].trim() : fields[i]));
    yield { later: rowToItem(record, { file: file.path, row: rec.row }, imageDir, images) };
  }
}
