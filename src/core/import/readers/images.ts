// Image files that no captions table, sidecar or shard claimed: lone images (unless the import says not to).

import { IMAGE_EXTENSIONS } from '../image.ts';
import { extension } from '../paths.ts';
import type { ImportReader } from './reader.ts';

export const loneImageReader: ImportReader = {
  id: 'images',
  label: 'lone images',
  matches: (file) => IMAGE_EXTENSIONS.has(extension(file.path)),
  small: () => true,
  // Read last, after the readers that claim images by name.
  read: async function* (f, ctx) {
    if (ctx.images.used.has(f.path) || !ctx.loneImages) return;
    const result = await ctx.images.read(f.path, f.path);
    if ('error' in result) yield { type: 'error', error: { source: f.path, reason: result.error } };
    else yield { type: 'item', item: { kind: 'image', image: result.image, duplicateImage: result.duplicate, source: { file: f.path } } };
  },
};
