// Thumbnails for the grid and the negatives: object URLs made in the thumbnails worker (worker/thumbs.worker.ts), one
// per image, shared by every cell that shows it and released a while after the last one goes. The asks of one turn
// of the event loop go as one message (a row scrolled in asks for up to eight); so do the releases, sent before them.

import * as Comlink from 'comlink';
import { useCallback, useSyncExternalStore } from 'react';
import { thumbnailBlobs } from '../persist/images.ts';
import { type ThumbsWorkerApi, thumbUrls } from '../worker/thumbsProtocol.ts';
import { db } from './database.ts';

interface Entry {
  /** undefined while asked for; null where the image has no thumbnail. */
  url?: string | null;
  users: number;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setTimeout>;
}

const entries = new Map<string, Entry>();
/** How long a URL no cell shows stays: a row scrolled out and back in finds it. */
const KEEP_MS = 30_000;

let api: ThumbsWorkerApi | undefined;

function thumbsWorker(): ThumbsWorkerApi {
  api ??=
    typeof Worker === 'undefined'
      ? thumbUrls((hashes) => thumbnailBlobs(db, hashes))
      : Comlink.wrap<ThumbsWorkerApi>(new Worker(new URL('../worker/thumbs.worker.ts', import.meta.url), { type: 'module' }));
  return api;
}

/** Start the worker now: the grid's first thumbnails are asked for as soon as the first items are read. */
export function startThumbs(): void {
  thumbsWorker();
}

let asking = new Set<string>();
let releasing = new Set<string>();
let flushing = false;

function flushSoon() {
  if (flushing) return;
  flushing = true;
  setTimeout(() => {
    flushing = false;
    const release = [...releasing];
    const ask = [...asking];
    releasing = new Set();
    asking = new Set();
    if (release.length) void thumbsWorker().release(release);
    if (ask.length) void answer(ask);
  }, 0);
}

async function answer(hashes: string[]) {
  let urls: (string | null)[];
  try {
    urls = await thumbsWorker().urls(hashes);
  } catch (e) {
    // Nothing shown for these; the next cell that shows one asks again.
    console.warn('thumbnails could not be read:', e);
    for (const h of hashes) if (entries.get(h)?.url === undefined) entries.delete(h);
    return;
  }
  hashes.forEach((hash, i) => {
    const entry = entries.get(hash);
    if (!entry || entry.url !== undefined) return;
    entry.url = urls[i];
    for (const notify of entry.listeners) notify();
    if (!entry.users) releaseLater(hash, entry);
  });
}

function releaseLater(hash: string, entry: Entry) {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    // Still being asked for: released once answered, if no cell shows it by then.
    if (entry.users || entry.url === undefined) return;
    entries.delete(hash);
    if (entry.url) {
      releasing.add(hash);
      flushSoon();
    }
  }, KEEP_MS);
}

/** Hear when the URL of an image's thumbnail is there; a URL is asked for by the first watcher. Returns the unwatch. */
export function watchThumb(hash: string, notify: () => void): () => void {
  let entry = entries.get(hash);
  if (!entry) {
    entry = { users: 0, listeners: new Set() };
    entries.set(hash, entry);
    // Released a moment ago and not yet sent: the worker still holds the URL and gives it again.
    releasing.delete(hash);
    asking.add(hash);
    flushSoon();
  }
  const e = entry;
  e.users++;
  e.listeners.add(notify);
  clearTimeout(e.timer);
  return () => {
    e.users--;
    e.listeners.delete(notify);
    if (!e.users) releaseLater(hash, e);
  };
}

/** The URL of an image's thumbnail: undefined until the worker answers (or while no one watches), null where none. */
export const thumbUrl = (hash: string): string | null | undefined => entries.get(hash)?.url;

export function useThumbUrl(hash: string | undefined): string | null | undefined {
  const subscribe = useCallback((notify: () => void) => (hash ? watchThumb(hash, notify) : () => {}), [hash]);
  return useSyncExternalStore(subscribe, () => (hash ? thumbUrl(hash) : undefined));
}
