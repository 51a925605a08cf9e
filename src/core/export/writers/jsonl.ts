// JSONL with full provenance: this app's row for each pair with its negatives (and their image files).

import { jsonLine } from '../jsonLine.ts';
import { imageFileName, itemToRow } from '../rows.ts';
import { negativeFileName, negativeRecord, type ExportWriter } from './shared.ts';

export const jsonlWriter: ExportWriter<'jsonl'> = {
  id: 'jsonl',
  label: 'JSONL with full provenance and negatives',
  async write(ctx) {
    const { input } = ctx;
    await ctx.table('data.jsonl', null, async ({ item, negatives: negs }) => {
      const fileName = imageFileName(item.imageHash!, await input.mime(item.imageHash!));
      const withFiles = await Promise.all(
        negs.map(async (n) => negativeRecord(n, n.imageHash ? negativeFileName(n.imageHash, await input.mime(n.imageHash)) : undefined)),
      );
      return jsonLine({ ...itemToRow(item, fileName), negatives: withFiles });
    });
    return { images: await ctx.images(true) };
  },
};
