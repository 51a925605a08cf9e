// OpenCLIP's CSV loader: a tab-separated train.csv with filepath and title, and the images.

import { currentCaption } from '../../model.ts';
import { imageFileName } from '../rows.ts';
import { oneLine, tsvField, type ExportWriter } from './shared.ts';

export const openclipCsvWriter: ExportWriter<'openclip-csv'> = {
  id: 'openclip-csv',
  label: 'OpenCLIP CSV (filepath, title; tab-separated)',
  async write(ctx) {
    await ctx.table(
      'train.csv',
      'filepath\ttitle',
      async ({ item }) => `${imageFileName(item.imageHash!, await ctx.input.mime(item.imageHash!))}\t${tsvField(oneLine(currentCaption(item) ?? ''))}`,
    );
    return { images: await ctx.images(false) };
  },
};
