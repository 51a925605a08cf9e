// Parquet with image bytes in the Hugging Face datasets layout (an Image feature) and the text negatives as a real
// list of records, through the streaming writer (hyparquet-writer, Snappy).

import { currentCaption } from '../../model.ts';
import { ParquetWriter } from '../parquet.ts';
import { imageFileName } from '../rows.ts';
import { negativeRecord, type ExportWriter } from './shared.ts';

const NEGATIVE_FIELDS = [
  { name: 'type', type: 'string' },
  { name: 'family', type: 'string' },
  { name: 'text', type: 'string' },
  { name: 'generator', type: 'string' },
  { name: 'seed', type: 'int64' },
  { name: 'change_from', type: 'string' },
  { name: 'change_to', type: 'string' },
  { name: 'hardness', type: 'double' },
  { name: 'status', type: 'string' },
] as const satisfies { name: string; type: 'string' | 'int64' | 'double' }[];

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
      negatives: [
        {
          type: { dtype: 'string', _type: 'Value' },
          family: { dtype: 'string', _type: 'Value' },
          text: { dtype: 'string', _type: 'Value' },
          generator: { dtype: 'string', _type: 'Value' },
          seed: { dtype: 'int64', _type: 'Value' },
          change_from: { dtype: 'string', _type: 'Value' },
          change_to: { dtype: 'string', _type: 'Value' },
          hardness: { dtype: 'float64', _type: 'Value' },
          status: { dtype: 'string', _type: 'Value' },
        },
      ],
    };
    const writer = new ParquetWriter(
      [
        { name: 'image', type: 'image' },
        { name: 'text', type: 'string' },
        { name: 'file_name', type: 'string' },
        { name: 'id', type: 'string' },
        { name: 'negatives', type: 'records', fields: NEGATIVE_FIELDS },
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
        negs
          .filter((n) => n.text !== undefined)
          .map((n) => {
            const { change, ...r } = negativeRecord(n);
            return { ...r, change_from: change?.from, change_to: change?.to };
          }),
      ]);
      ctx.counted({ item, negatives: negs });
    }
    await writer.close();
    await sink.end();
    ctx.files.push(name);
    return { images: seen.size };
  },
};
