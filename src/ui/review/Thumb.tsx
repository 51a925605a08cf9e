// Images from IndexedDB shown through object URLs, one per blob, shared by every view that shows it and released a
// while after the last one goes away (the detail view's full image; thumbnails come as URLs from the thumbnails
// worker, store/thumbs.ts). A URL made afresh at each mount had the browser decode the picture again every time.

import { useEffect } from 'react';

interface Shared {
  url: string;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}

const shared = new WeakMap<Blob, Shared>();
/** How long a URL no cell shows stays alive: a row scrolled out and back in finds it. */
const KEEP_MS = 30_000;

function release(blob: Blob, entry: Shared) {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => {
    if (entry.users) return;
    URL.revokeObjectURL(entry.url);
    shared.delete(blob);
  }, KEEP_MS);
}

/** The blob's URL, made at the first render that needs it (a render that is never shown lets it lapse). */
function urlFor(blob: Blob): Shared {
  let entry = shared.get(blob);
  if (!entry) {
    entry = { url: URL.createObjectURL(blob), users: 0 };
    shared.set(blob, entry);
    release(blob, entry);
  }
  return entry;
}

export function useObjectUrl(blob: Blob | null | undefined): string | undefined {
  const url = blob ? urlFor(blob).url : undefined;
  useEffect(() => {
    if (!blob) return;
    const entry = urlFor(blob);
    entry.users++;
    clearTimeout(entry.timer);
    return () => {
      entry.users--;
      if (!entry.users) release(blob, entry);
    };
  }, [blob]);
  return url;
}
