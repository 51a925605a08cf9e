// An export sink that streams files into a zip (fflate), chunk by chunk, with fixed timestamps so that the same data
// gives the same bytes. Text files are deflated; images, tar shards and Parquet are stored as they are.

import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ExportSink } from './formats.ts';

/** 1980-01-01, the zip epoch: a fixed time for every entry. */
const MTIME = new Date(1980, 0, 1, 12, 0, 0);

export function zipSink(onChunk: (chunk: Uint8Array) => void | Promise<void>): ExportSink & { finish(): Promise<void> } {
  const pending: Uint8Array[] = [];
  let failure: Error | undefined;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else pending.push(chunk);
  });
  let entry: ZipDeflate | ZipPassThrough | undefined;
  const drain = async () => {
    if (failure) throw failure;
    while (pending.length) await onChunk(pending.shift()!);
  };
  return {
    async begin(path, options) {
      entry = options?.compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
      entry.mtime = MTIME;
      zip.add(entry);
    },
    async write(chunk) {
      entry!.push(chunk);
      await drain();
    },
    async end() {
      entry!.push(new Uint8Array(0), true);
      entry = undefined;
      await drain();
    },
    async finish() {
      zip.end();
      await drain();
    },
  };
}
