// A decode worker of the scoring worker: reads a batch's images from IndexedDB, decodes each once and preprocesses it
// for every model that needs it, while the scoring worker's thread runs the models on the batch before (a WASM
// session blocks the thread it runs on, so decoding there waits for inference to finish). Images that do not decode
// come back with the reason.

import * as Comlink from 'comlink';
import { type PreparedBatch, prepareImages } from '../core/clip/pipeline.ts';
import type { PreprocessorConfig } from '../core/clip/preprocess.ts';
import { CuratorDB } from '../persist/db.ts';
import { imageBytes } from '../persist/images.ts';
import { decodeFrom, decodeRgba } from './decodeImage.ts';

const db = new CuratorDB();
let preprocessors: PreprocessorConfig[] = [];
/** Images held here instead of read from IndexedDB (the in-browser benchmark's). */
const held = new Map<string, Blob>();

const api = {
  /** The preprocessing of each loaded model, in the order `prepare`'s `wanted` lists come in. */
  configure(configs: PreprocessorConfig[]) {
    preprocessors = configs;
  },

  hold(images: { key: string; bytes: Uint8Array; mime: string }[]) {
    held.clear();
    for (const { key, bytes, mime } of images) held.set(key, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
  },

  async prepare(hashes: string[], wanted: string[][]): Promise<PreparedBatch> {
    // The batch's stored images in one read; held ones (the benchmark's) from memory.
    const unheld = hashes.filter((h) => !held.has(h));
    const stored = decodeFrom(unheld, await imageBytes(db, unheld));
    const load = (hash: string) => {
      const blob = held.get(hash);
      return blob ? decodeRgba(blob) : stored(hash);
    };
    const prepared = await prepareImages(hashes, wanted, load, preprocessors);
    return Comlink.transfer(
      prepared,
      // Models that share their preprocessing share the array: its buffer is listed once.
      [...new Set(prepared.perModel.map((m) => m.pixels.buffer as ArrayBuffer))],
    );
  },
};

export type PrepareWorkerApi = typeof api;

Comlink.expose(api);
