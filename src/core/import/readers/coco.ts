// COCO captions: annotations/captions_<split>.json ("images" with id and file_name, "annotations" with image_id and
// caption) and the split's image folder (<split>/ beside annotations/): one pair per annotation.

import { basename, dirname } from '../paths.ts';
import { rowError, rowToItem } from '../rows.ts';
import type { SourceFile } from '../source.ts';
import type { ImportEvent } from '../types.ts';
import type { ImportReader, ReadContext } from './reader.ts';

const COCO_NAME = /^captions_(.+)\.json$/i;

export const cocoReader: ImportReader = {
  id: 'coco',
  label: 'COCO captions (annotations/captions_*.json with the split folder)',
  matches: (file) => COCO_NAME.test(basename(file.path)),
  read: (file, ctx) => readCoco(file, ctx),
};

const join = (...parts: string[]) => parts.filter(Boolean).join('/');

async function* readCoco(file: SourceFile, ctx: ReadContext): AsyncGenerator<ImportEvent> {
  let data: { images?: unknown; annotations?: unknown };
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await file.bytes()));
  } catch (e) {
    yield rowError(file.path, undefined, `not a readable COCO captions file (${(e as Error).message})`);
    return;
  }
  if (!data || !Array.isArray(data.images) || !Array.isArray(data.annotations)) {
    yield rowError(file.path, undefined, 'a COCO captions file needs "images" and "annotations" lists — is this captions_<split>.json?');
    return;
  }
  const split = COCO_NAME.exec(basename(file.path))![1];
  const jsonDir = dirname(file.path);
  const root = basename(jsonDir) === 'annotations' ? dirname(jsonDir) : jsonDir;
  const folders = [join(root, split), join(root, 'images', split), jsonDir, root];
  const names = new Map<number, string>();
  for (const im of data.images as { id?: unknown; file_name?: unknown }[])
    if (typeof im?.id === 'number' && typeof im.file_name === 'string') names.set(im.id, im.file_name);
  for (const [i, a] of (data.annotations as { id?: unknown; image_id?: unknown; caption?: unknown }[]).entries()) {
    const source = { file: file.path, row: i + 1 };
    const name = typeof a?.image_id === 'number' ? names.get(a.image_id) : undefined;
    if (!name) {
      yield rowError(file.path, i + 1, `annotation ${String(a?.id)} names image_id ${String(a?.image_id)}, which "images" does not list`);
      continue;
    }
    const folder = folders.find((f) => ctx.images.has(join(f, name)));
    if (folder === undefined) {
      yield rowError(file.path, i + 1, `image "${name}" was not found — put the ${split}/ folder beside annotations/`);
      continue;
    }
    yield await rowToItem({ file_name: name, text: a.caption, coco_image_id: a.image_id, coco_annotation_id: a.id }, source, folder, ctx.images);
  }
}
