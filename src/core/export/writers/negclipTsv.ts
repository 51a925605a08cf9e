// NegCLIP's TSV: title, filepath, hard-negative captions and images, and neighbouring rows as negative images.

import { currentCaption } from '../../model.ts';
import { imageFileName } from '../rows.ts';
import { negativeFileName, pythonList, tsvField, type ExportWriter } from './shared.ts';

export const negclipTsvWriter: ExportWriter<'negclip-tsv'> = {
  id: 'negclip-tsv',
  label: 'NegCLIP TSV with hard-negative captions and images',
  async write(ctx) {
    // neg_image: row indices of other pairs whose captions share the most words (neighbours in a sort by word set),
    // as NegCLIP's fork expects: it loads the image and caption of row j as a negative.
    const keys: string[] = [];
    for await (const { item } of ctx.input.pairs())
      keys.push([...new Set((currentCaption(item) ?? '').toLowerCase().split(/\W+/).filter(Boolean))].sort().join(' '));
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    const rank = new Array<number>(order.length);
    order.forEach((row, r) => (rank[row] = r));
    const neighbours = (i: number) => {
      const out: number[] = [];
      for (let d = 1; out.length < Math.min(3, keys.length - 1); d++) {
        if (rank[i] - d >= 0) out.push(order[rank[i] - d]);
        if (out.length < 3 && rank[i] + d < order.length) out.push(order[rank[i] + d]);
      }
      return out;
    };
    await ctx.table('negclip.tsv', '\ttitle\tfilepath\tneg_caption\tneg_image\tneg_filepath\tneg_type', async ({ item, negatives: negs }, i) => {
      const texts = negs.filter((n) => n.modality === 'text' && n.text !== undefined);
      const imgs = negs.filter((n) => n.imageHash);
      const imgFiles = await Promise.all(imgs.map(async (n) => negativeFileName(n.imageHash!, await ctx.input.mime(n.imageHash!))));
      return [
        i,
        tsvField(currentCaption(item) ?? ''),
        imageFileName(item.imageHash!, await ctx.input.mime(item.imageHash!)),
        tsvField(pythonList(texts.map((n) => n.text!))),
        pythonList(neighbours(i)),
        pythonList(imgFiles),
        pythonList(texts.map((n) => n.type)),
      ].join('\t');
    });
    return { images: await ctx.images(true) };
  },
};
