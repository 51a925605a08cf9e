// OpenCLIP's CSV loader: a tab-separated train.csv with filepath and title (read by pandas with sep='\t'; captions
// with tabs, line breaks or quotes are quoted and read back exact), and the images.

import { currentCaption } from '../../model.ts';
import { imageFileName } from '../rows.ts';
import { tsvField, type ExportWriter } from './shared.ts';

export const openclipCsvWriter: ExportWriter<'openclip-csv'> = {
  id: 'openclip-csv',
  label: 'OpenCLIP CSV (filepath, title; tab-separated)',
  async write(ctx) {
    await ctx.table(
      'train.csv',
      'filepath\ttitle',
      async ({ item }) => `${imageFileName(item.imageHash!, await ctx.input.mime(item.imageHash!))}\t${tsvField(currentCaption(item) ?? '')}`,
    );
    return { images: await ctx.images(false) };
  },
};
