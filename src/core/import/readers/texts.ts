// Text files: an image's same-named .txt sidecar makes a pair; any other .txt holds lone texts, one caption per line.

import type { ImageReader } from '../imageReader.ts';
import { readLines } from '../lines.ts';
import { basename, extension, stripExtension } from '../paths.ts';
import { rowError } from '../rows.ts';
import type { SourceFile } from '../source.ts';
import type { ImportEvent } from '../types.ts';
import type { ImportReader } from './reader.ts';

export const textReader: ImportReader = {
  id: 'text',
  label: 'caption sidecars and lone texts (.txt)',
  matches: (file) => extension(file.path) === 'txt',
  // A sidecar is one pair; a file of lone texts may hold a million lines.
  small: (txt, ctx) => ctx.imageByStem.has(stripExtension(txt.path)),
  read: async function* (txt, ctx) {
    const image = ctx.imageByStem.get(stripExtension(txt.path));
    if (!image) return yield* readLoneTexts(txt);
    ctx.images.markUsed(image.path);
    yield await readSidecarPair(image, txt, ctx.images);
  },
};

async function readSidecarPair(image: SourceFile, txt: SourceFile, images: ImageReader): Promise<ImportEvent> {
  const bytes = await txt.bytes();
  let caption: string;
  try {
    caption = new TextDecoder('utf-8', { fatal: true })
      .decode(bytes)
      .replace(/^\uFEFF/, '')
      .trim();
  } catch {
    return rowError(txt.path, undefined, 'caption file is not valid UTF-8 — save it as UTF-8');
  }
  if (!caption) return rowError(txt.path, undefined, `caption file is empty — write a caption, or delete it to import ${basename(image.path)} as a lone image`);
  const read = await images.read(image.path, image.path);
  if ('error' in read) return rowError(image.path, undefined, read.error);
  return { type: 'item', item: { kind: 'pair', caption, image: read.image, duplicateImage: read.duplicate, source: { file: txt.path } } };
}

async function* readLoneTexts(txt: SourceFile): AsyncGenerator<ImportEvent> {
  for await (const line of readLines(txt.stream())) {
    if (line.text === undefined) yield rowError(txt.path, line.row, line.encodingError!);
    else if (line.text.trim()) yield { type: 'item', item: { kind: 'text', caption: line.text.trim(), source: { file: txt.path, row: line.row } } };
  }
}
