// Reads, checks and hashes the image files of an import once each, and remembers which content was already seen.

import { contentHash, sniffImage, type ImageInfo } from './image.ts';
import type { SourceFile } from './source.ts';
import type { ImportedImage } from './types.ts';
import { DEFAULT_LIMITS, pixelLimitError, type ImportLimits } from './limits.ts';

export class ImageReader {
  readonly used = new Set<string>();
  private readonly cache = new Map<string, { hash: string; info: ImageInfo } | { error: string }>();
  private readonly seenHashes = new Set<string>();
  constructor(
    private readonly byPath: Map<string, SourceFile>,
    private readonly limits: ImportLimits = DEFAULT_LIMITS,
  ) {}

  /** Whether an image file with this path was given. */
  has(path: string): boolean {
    return this.byPath.has(path);
  }

  markUsed(path: string) {
    this.used.add(path);
  }

  async read(path: string, name: string): Promise<{ image: ImportedImage; duplicate: boolean } | { error: string }> {
    this.used.add(path);
    const file = this.byPath.get(path);
    if (!file) return { error: `image "${name}" was not found — put it next to the captions file or fix the name` };
    const cached = this.cache.get(path);
    if (cached && 'error' in cached) return cached;
    if (cached) {
      return { image: { ...cached.info, name: path, hash: cached.hash }, duplicate: true };
    }
    return this.fromBytes(path, await file.bytes());
  }

  async fromBytes(path: string, bytes: Uint8Array): Promise<{ image: ImportedImage; duplicate: boolean } | { error: string }> {
    const info = sniffImage(bytes);
    if ('error' in info) {
      const error = { error: `image "${path}" cannot be decoded: ${info.error}` };
      this.cache.set(path, error);
      return error;
    }
    // Checked from the header, before anything decodes the pixels.
    const tooLarge = pixelLimitError(path, info, this.limits);
    if (tooLarge) {
      this.cache.set(path, { error: tooLarge });
      return { error: tooLarge };
    }
    const hash = await contentHash(bytes);
    this.cache.set(path, { hash, info });
    const duplicate = this.seenHashes.has(hash);
    this.seenHashes.add(hash);
    return { image: { ...info, name: path, hash, bytes: duplicate ? undefined : bytes }, duplicate };
  }
}
