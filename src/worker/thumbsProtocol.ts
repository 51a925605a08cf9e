// The thumbnails worker's interface, as the page sees it through Comlink.

export interface ThumbsWorkerApi {
  /** An object URL of each image's thumbnail (null where the image has none), made once per hash until released. */
  urls(hashes: string[]): Promise<(string | null)[]>;
  /** The page shows these no more: their URLs are revoked (asked for again, a new one is made). */
  release(hashes: string[]): void;
}
