// The thumbnails worker's interface, as the page sees it through Comlink.

export interface ThumbsWorkerApi {
  /** An object URL of each image's thumbnail (null where the image has none), made once per hash until released. */
  urls(hashes: string[]): Promise<(string | null)[]>;
  /** The page shows these no more: their URLs are revoked (asked for again, a new one is made). */
  release(hashes: string[]): void;
}

/**
 * The API over a read of thumbnails: a URL made once per hash (null where there is none) until released. The worker
 * serves it; where there are no workers (Node), the page does.
 */
export function thumbUrls(read: (hashes: string[]) => Promise<(Blob | null)[]>): ThumbsWorkerApi {
  const made = new Map<string, string>();
  return {
    async urls(hashes) {
      const missing = [...new Set(hashes.filter((h) => !made.has(h)))];
      if (missing.length) {
        const blobs = await read(missing);
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
}
