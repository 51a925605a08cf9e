// Parquet with image bytes in the Hugging Face datasets layout (an Image feature), through this app's streaming writer.

import { currentCaption } from '../../model.ts';
import { ParquetWriter } from '../parquet.ts';
import { imageFileName } from '../rows.ts';
import { negativeRecord, type ExportWriter } from './shared.ts';

export const parquetWriter: ExportWriter<'parquet'> = {
  id: 'parquet',
  label: 'Parquet with image bytes (Hugging Face datasets)',
  async write(ctx) {
    const { sink, input } = ctx;
    const name = 'data/train-00000-of-00001.parquet';
    await sink.begin(name, { compress: false });
    const features = {
      image: { _type: 'Image' },
      text: { dtype: 'string', _type: 'Value' },
      file_name: { dtype: 'string', _type: 'Value' },
      id: { dtype: 'string', _type: 'Value' },
      negatives: { dtype: 'string', _type: 'Value' },
    };
    const writer = new ParquetWriter(
      [
        { name: 'image', type: 'image' },
        { name: 'text', type: 'string' },
        { name: 'file_name', type: 'string' },
        { name: 'id', type: 'string' },
        { name: 'negatives', type: 'string' },
      ],
      (chunk) => sink.write(chunk),
      { rowGroupSize: 256, metadata: { huggingface: JSON.stringify({ info: { features } }) } },
    );
    const seen = new Set<string>();
    for await (const { item, negatives: negs } of input.pairs()) {
      const { bytes, mime } = await input.image(item.imageHash!);
      seen.add(item.imageHash!);
      const fileName = imageFileName(item.imageHash!, mime);
      await writer.add([
        { bytes, path: fileName.split('/').pop()! },
        currentCaption(item) ?? '',
        fileName,
        item.id,
        JSON.stringify(negs.filter((n) => n.text !== undefined).map((n) => negativeRecord(n))),
      ]);
      ctx.counted({ item, negatives: negs });
    }
    await writer.close();
    await sink.end();
    ctx.files.push(name);
    return { images: seen.size };
  },
};
