// Turns a set of files (a folder, a drop, CLI paths) into items, streaming, with one error per bad row. Each format
// is one reader under readers/, listed in readers/index.ts.

import { isVectorFile } from '../clip/vectorFiles.ts';
import { IMAGE_EXTENSIONS } from './image.ts';
import { ImageReader } from './imageReader.ts';
import { captionLimitError, DEFAULT_LIMITS, type ImportLimits } from './limits.ts';
import { basename, extension, stripExtension } from './paths.ts';
import { IMPORT_READERS } from './readers/index.ts';
import type { ImportReader, ReadContext } from './readers/reader.ts';
import type { SourceFile } from './source.ts';
import type { ImportedItem, ImportEvent, ImportSummary } from './types.ts';
import { expandZip } from './zip.ts';

export type { CarriedFields, ImportedImage, ImportedItem, ImportEvent, ImportSummary } from './types.ts';

/** Files in a dataset folder that hold something other than items. */
const RESERVED_NAMES = new Set(['negatives.jsonl', 'manifest.json', 'import-errors.jsonl']);
const NEGATIVE_IMAGE = /(^|\/)negatives\/[^/]+$/;

export interface ImportOptions {
  /** When false, images that no captions row names are ignored instead of imported as lone images. */
  loneImages?: boolean;
  /** Pixel and caption limits (default: 100 megapixels, 10,000 characters). */
  limits?: ImportLimits;
  /** The most bytes of images read ahead of the rows that name them (default 64 MiB). */
  readAheadBytes?: number;
}

/** Import every file; yields items as soon as they are read so that callers can store them in batches. */
export async function* importFiles(input: SourceFile[], options: ImportOptions = {}): AsyncGenerator<ImportEvent> {
  const files: SourceFile[] = [];
  let rowErrors = 0;
  for (const f of input) {
    if (extension(f.path) !== 'zip') files.push(f);
    else {
      const expanded = await expandZip(f);
      for (const inner of expanded.files) {
        // One level of archives: a zip inside a zip is named as an error, not skipped while the report says all is well.
        if (extension(inner.path) === 'zip') {
          rowErrors++;
          yield {
            type: 'error',
            error: { source: inner.path, reason: 'a zip inside a zip is not read — unzip it and import its contents, or import it on its own' },
          };
        } else files.push(inner);
      }
      for (const error of expanded.errors) yield { type: 'error', error };
      rowErrors += expanded.errors.length;
    }
  }
  // Browsers hand over folder contents in no particular order; sort so that imports are deterministic.
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const loneImages = options.loneImages !== false;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const byReader = new Map<ImportReader, SourceFile[]>(IMPORT_READERS.map((r) => [r, []]));
  const skipped: string[] = [];
  const imageFiles: SourceFile[] = [];
  // A dataset folder's own files (its manifest, negatives, stored embeddings) are read by those who need them, not
  // as items, and are not "skipped" either.
  let own = 0;
  for (const f of files) {
    if (RESERVED_NAMES.has(basename(f.path).toLowerCase()) || isVectorFile(f.path)) {
      own++;
      continue;
    }
    const ext = extension(f.path);
    // Hard-negative images of an exported dataset belong to its negatives, not to the items.
    const reader = IMAGE_EXTENSIONS.has(ext) && NEGATIVE_IMAGE.test(f.path) ? undefined : IMPORT_READERS.find((r) => r.matches(f));
    if (!reader) skipped.push(f.path);
    else byReader.get(reader)!.push(f);
    if (reader && IMAGE_EXTENSIONS.has(ext)) imageFiles.push(f);
  }
  const ctx = {
    images: new ImageReader(new Map(files.map((f) => [f.path, f])), limits, options.readAheadBytes),
    imageByStem: new Map(imageFiles.map((f) => [stripExtension(f.path), f])),
    loneImages,
  };
  const filesTotal = files.length - own - skipped.length - (loneImages ? 0 : imageFiles.length);
  let filesDone = 0;
  let rows = 0;
  const progress = (file: string): ImportEvent => ({ type: 'progress', file, filesDone, filesTotal, rows });
  for (const [reader, list] of byReader) {
    if (reader.id === 'images' && !loneImages) continue;
    for await (const { file, events } of readAhead(reader, list, ctx)) {
      if (reader.id !== 'images') yield progress(file.path);
      for await (const ev of events) {
        if (ev.type === 'error') rowErrors++;
        // One check for every format: a caption over the limit is a row error (its image, already claimed, is not
        // imported as a lone image either).
        const tooLong = ev.type === 'item' && ev.item.caption !== undefined ? captionLimitError(ev.item.caption, limits) : undefined;
        if (tooLong && ev.type === 'item') {
          rowErrors++;
          yield { type: 'error', error: { source: ev.item.source.file, row: ev.item.source.row, reason: tooLong } };
          continue;
        }
        if (ev.type === 'item' && ++rows % 1000 === 0) yield progress(file.path);
        yield ev;
      }
      filesDone++;
    }
  }
  for (const path of skipped)
    yield {
      type: 'error',
      error: {
        source: path,
        reason: NEGATIVE_IMAGE.test(path)
          ? "skipped: a hard-negative image (listed in the dataset's negatives, not an item)"
          : 'skipped: not an image, captions table, text file or tar shard',
      },
    };
  // Nothing read and nothing wrong: say so, rather than "every row was read".
  if (!rows && !rowErrors)
    yield {
      type: 'error',
      error: {
        source: input.length ? [...new Set(input.map((f) => f.path.split('/')[0]))].join(', ') : '(no files)',
        reason: `nothing to import: no images, captions tables (JSONL, CSV, TSV, Parquet), .txt files or .tar shards${skipped.length ? ` among ${skipped.length} files` : ''} — choose the folder that holds them`,
      },
    };
  yield progress('');
}

/** Small files read at once (this many at most) while their events are handed out in order. */
const READ_AHEAD = 64;

/**
 * A reader's files with their events, in order. Small files' reads are started up to READ_AHEAD files ahead and
 * collected; a big file's events stream once every file before it is out.
 */
async function* readAhead(
  reader: ImportReader,
  files: SourceFile[],
  ctx: ReadContext,
): AsyncGenerator<{ file: SourceFile; events: AsyncIterable<ImportEvent> | ImportEvent[] }> {
  const ahead: { file: SourceFile; events: Promise<ImportEvent[]> }[] = [];
  let next = 0;
  while (next < files.length || ahead.length) {
    while (ahead.length < READ_AHEAD && next < files.length && reader.small?.(files[next], ctx)) {
      const file = files[next++];
      const events = collect(reader.read(file, ctx));
      events.catch(() => {});
      ahead.push({ file, events });
    }
    if (ahead.length) {
      const { file, events } = ahead.shift()!;
      yield { file, events: await events };
    } else {
      const file = files[next++];
      yield { file, events: reader.read(file, ctx) };
    }
  }
}

async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const ev of events) out.push(ev);
  return out;
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
