// Reads, checks and hashes the image files of an import once each, and remembers which content was already seen.

import { contentHash, sniffImage, type ImageInfo } from './image.ts';
import type { SourceFile } from './source.ts';
import type { ImportedImage, ImportEvent } from './types.ts';
import { DEFAULT_LIMITS, pixelLimitError, type ImportLimits } from './limits.ts';
import { Budget } from '../budget.ts';

/** The most bytes of images read ahead of the rows that name them (one image is always read, however large). */
export const READ_AHEAD_BYTES = 64 * 2 ** 20;

export class ImageReader {
  readonly used = new Set<string>();
  private readonly cache = new Map<string, { hash: string; info: ImageInfo } | { error: string }>();
  private readonly seenHashes = new Set<string>();
  /** Reads in flight, by path. */
  private readonly loading = new Map<string, Promise<Loaded>>();
  /** The last answer handed out: each call's answer is settled after it. */
  private turn: Promise<void> = Promise.resolve();
  /** Bytes of images read ahead and not yet handed out: many small images at once, few large photos. */
  private readonly budget: Budget;
  constructor(
    private readonly byPath: Map<string, SourceFile>,
    private readonly limits: ImportLimits = DEFAULT_LIMITS,
    readAheadBytes = READ_AHEAD_BYTES,
  ) {
    this.budget = new Budget(readAheadBytes);
  }

  /** Whether an image file with this path was given. */
  has(path: string): boolean {
    return this.byPath.has(path);
  }

  markUsed(path: string) {
    this.used.add(path);
  }

  /**
   * An image's item fields, read and hashed once per path. Reads may be asked for many rows at once (the table readers
   * keep a window of rows in flight): files are read and hashed concurrently — in a browser each read is a round trip
   * to another process — but each call's answer is settled in the order of the calls, so which of two equal images
   * counts as the duplicate is the same as when rows are read one by one.
   */
  read(path: string, name: string): Promise<{ image: ImportedImage; duplicate: boolean } | { error: string }> {
    this.used.add(path);
    const file = this.byPath.get(path);
    let loaded: Promise<Loaded> | undefined;
    if (file && !this.cache.has(path)) {
      loaded = this.loading.get(path);
      if (!loaded) {
        const size = file.size;
        loaded = this.budget.take(size).then(() => file.bytes().then((bytes) => this.check(path, bytes)));
        // The bytes count against the budget until the answer is handed out (then they belong to the import's batch).
        this.inTurn(() =>
          loaded!.then(
            () => {},
            () => {},
          ),
        ).then(() => this.budget.give(size));
        loaded.catch(() => {});
        this.loading.set(path, loaded);
      }
    }
    return this.inTurn(async () => {
      if (!file) return { error: `image "${name}" was not found — put it next to the captions file or fix the name` };
      const cached = this.cache.get(path);
      if (cached && 'error' in cached) return cached;
      if (cached) return { image: { ...cached.info, name: path, hash: cached.hash }, duplicate: true };
      this.loading.delete(path);
      return this.settle(path, await loaded!, file.blob);
    });
  }

  async fromBytes(path: string, bytes: Uint8Array): Promise<{ image: ImportedImage; duplicate: boolean } | { error: string }> {
    const loaded = await this.check(path, bytes);
    return this.inTurn(() => this.settle(path, loaded));
  }

  /** Run `answer` after every answer asked for before it (a failed one does not stop the ones after). */
  private inTurn<T>(answer: () => T | Promise<T>): Promise<T> {
    const result = this.turn.then(answer);
    this.turn = result.then(
      () => {},
      () => {},
    );
    return result;
  }

  /** Sniffed, limit-checked and hashed: everything about an image that does not depend on the images read before it. */
  private async check(path: string, bytes: Uint8Array): Promise<Loaded> {
    const info = sniffImage(bytes);
    if ('error' in info) return { error: `image "${path}" cannot be decoded: ${info.error}` };
    // Checked from the header, before anything decodes the pixels.
    const tooLarge = pixelLimitError(path, info, this.limits);
    if (tooLarge) return { error: tooLarge };
    return { hash: await contentHash(bytes), info, bytes };
  }

  /** Remembered, and marked a duplicate when an earlier call had the same content. */
  private settle(path: string, loaded: Loaded, blob?: Blob): { image: ImportedImage; duplicate: boolean } | { error: string } {
    if ('error' in loaded) {
      this.cache.set(path, loaded);
      return loaded;
    }
    const { hash, info, bytes } = loaded;
    this.cache.set(path, { hash, info });
    const duplicate = this.seenHashes.has(hash);
    this.seenHashes.add(hash);
    return { image: { ...info, name: path, hash, bytes: duplicate ? undefined : bytes, blob: duplicate ? undefined : blob }, duplicate };
  }
}

type Loaded = { hash: string; info: ImageInfo; bytes: Uint8Array } | { error: string };

/**
 * A row whose result is still being worked on, boxed: an async generator's `yield` awaits a promise it is given, so a
 * reader that yielded the bare promise would wait for each row's image before reading the next row.
 */
export interface PendingRow {
  later: Promise<ImportEvent>;
}

/**
 * Yield a reader's rows in order while up to `window` of them are worked on at once (their images read and hashed):
 * the reader yields each row's pending result, boxed, instead of awaiting it.
 */
export async function* inOrder(rows: AsyncIterable<ImportEvent | PendingRow>, window = 64): AsyncGenerator<ImportEvent> {
  const pending: Promise<ImportEvent>[] = [];
  for await (const row of rows) {
    const p = 'later' in row ? row.later : Promise.resolve(row);
    p.catch(() => {});
    pending.push(p);
    if (pending.length >= window) yield await pending.shift()!;
  }
  while (pending.length) yield await pending.shift()!;
}
