// Hugging Face imagefolder: metadata.jsonl with flat columns that Arrow types the same on every row, and the images.

import { jsonLine } from '../jsonLine.ts';
import { currentCaption } from '../../model.ts';
import { imageFileName } from '../rows.ts';
import type { ExportWriter } from './shared.ts';

export const imagefolderWriter: ExportWriter<'imagefolder'> = {
  id: 'imagefolder',
  label: 'Hugging Face imagefolder (metadata.jsonl)',
  async write(ctx) {
    await ctx.table('metadata.jsonl', null, async ({ item, negatives: negs }) => {
      const texts = negs.filter((n) => n.text !== undefined && n.modality === 'text');
      return jsonLine({
        file_name: imageFileName(item.imageHash!, await ctx.input.mime(item.imageHash!)),
        text: currentCaption(item) ?? '',
        id: item.id,
        status: item.status,
        score: item.scores?.ensemble ?? null,
        negative_captions: texts.map((n) => n.text!),
        negative_types: texts.map((n) => n.type),
      });
    });
    return { images: await ctx.images(false) };
  },
};
