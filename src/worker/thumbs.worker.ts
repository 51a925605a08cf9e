// Thumbnails as object URLs, made in a worker of their own: the page gets the URL (a string) and never the blob. On
// the page, the read from IndexedDB and URL.createObjectURL for each image scrolled into the grid took ~180 ms of
// every two seconds of scrolling at a million items, inside the frames. A URL made here is good in the page (same
// origin) for as long as this worker lives or until the page releases it.

import * as Comlink from 'comlink';
import { CuratorDB } from '../persist/db.ts';
import { thumbnailBlobs } from '../persist/images.ts';
import type { ThumbsWorkerApi } from './thumbsProtocol.ts';

const db = new CuratorDB();
/** The URL made for each image hash, until the page releases it. */
const made = new Map<string, string>();

const api: ThumbsWorkerApi = {
  async urls(hashes) {
    const missing = [...new Set(hashes.filter((h) => !made.has(h)))];
    if (missing.length) {
      const blobs = await thumbnailBlobs(db, missing);
      missing.forEach((hash, i) => {
        const blob = blobs[i];
        if (blob && !made.has(hash)) made.set(hash, URL.createObjectURL(blob));
      });
    }
    return hashes.map((h) => made.get(h) ?? null);
  },
  release(hashes) {
    for (const hash of hashes) {
      const url = made.get(hash);
      if (url) URL.revokeObjectURL(url);
      made.delete(hash);
    }
  },
};

Comlink.expose(api);
