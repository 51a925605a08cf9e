// Streams a dataset folder (metadata.jsonl + images/ + manifest.json) into a zip, chunk by chunk.

import { jsonLine } from './jsonLine.ts';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ImageInfo } from '../import/image.ts';
import type { Item } from '../model.ts';
import { imageFileName, itemToRow } from './rows.ts';

export interface ExportSource {
  /** Called twice: once to write metadata.jsonl, once to write images; items arrive in dataset order. */
  items: () => AsyncIterable<Item>;
  image: (hash: string) => Promise<{ bytes: Uint8Array; mime: ImageInfo['mime'] }>;
  /** Image types by hash, so that rows can name their file before the images are written. */
  mime: (hash: string) => Promise<ImageInfo['mime']>;
}

export interface ExportOptions {
  manifest: Record<string, unknown>;
  onChunk: (chunk: Uint8Array) => void | Promise<void>;
  onProgress?: (done: number, phase: 'rows' | 'images') => void;
}

/** Write the zip. Resolves once the last chunk has been handed to onChunk. Returns the number of rows and images. */
export async function writeDatasetZip(source: ExportSource, options: ExportOptions): Promise<{ rows: number; images: number }> {
  const pending: Uint8Array[] = [];
  let failure: Error | undefined;
  let finished = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else pending.push(chunk);
    if (final) finished = true;
  });
  const drain = async () => {
    if (failure) throw failure;
    while (pending.length) await options.onChunk(pending.shift()!);
  };
  const enc = new TextEncoder();

  const meta = new ZipDeflate('metadata.jsonl', { level: 6 });
  zip.add(meta);
  let rows = 0;
  let batch: string[] = [];
  for await (const item of source.items()) {
    const fileName = item.imageHash ? imageFileName(item.imageHash, await source.mime(item.imageHash)) : undefined;
    batch.push(jsonLine(itemToRow(item, fileName)));
    if (++rows % 500 === 0) {
      meta.push(enc.encode(`${batch.join('\n')}\n`));
      batch = [];
      options.onProgress?.(rows, 'rows');
      await drain();
    }
  }
  meta.push(enc.encode(batch.length ? `${batch.join('\n')}\n` : ''), true);
  await drain();

  const written = new Set<string>();
  for await (const item of source.items()) {
    if (!item.imageHash || written.has(item.imageHash)) continue;
    written.add(item.imageHash);
    const { bytes, mime } = await source.image(item.imageHash);
    // Images are already compressed: store them as they are.
    const entry = new ZipPassThrough(imageFileName(item.imageHash, mime));
    zip.add(entry);
    entry.push(bytes, true);
    if (written.size % 100 === 0) options.onProgress?.(written.size, 'images');
    await drain();
  }
  const manifest = new ZipDeflate('manifest.json', { level: 6 });
  zip.add(manifest);
  manifest.push(enc.encode(`${JSON.stringify({ ...options.manifest, rows, images: written.size }, null, 2)}\n`), true);
  zip.end();
  await drain();
  if (!finished) throw new Error('zip writer did not finish');
  return { rows, images: written.size };
}
