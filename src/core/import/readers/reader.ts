// The shape of an import reader: which files it reads, and the events it makes of one file.

import type { ImageReader } from '../imageReader.ts';
import type { SourceFile } from '../source.ts';
import type { ImportEvent } from '../types.ts';

export interface ReadContext {
  /** Images by path, read and hashed once each; readers mark the ones they claim. */
  images: ImageReader;
  /** Image files by path without extension, for sidecar captions. */
  imageByStem: Map<string, SourceFile>;
  /** When false, images that nothing names are ignored instead of imported as lone images. */
  loneImages: boolean;
}

export interface ImportReader {
  id: string;
  label: string;
  matches: (file: SourceFile) => boolean;
  read: (file: SourceFile, ctx: ReadContext) => AsyncGenerator<ImportEvent>;
  /**
   * Whether a file makes one event or a few (an image, a caption sidecar): such files are read several at a time (each
   * read waits on another process in a browser), their events handed out in file order. Big files stream one by one.
   */
  small?: (file: SourceFile, ctx: ReadContext) => boolean;
}
