// WebDataset tar shards: key.<ext>, key.txt and key.json per sample, hard-negative images as key.negK.<ext>.

import { tarEntry, TAR_END } from '../../import/tar.ts';
import { currentCaption } from '../../model.ts';
import { enc, extOf, negativeRecord, type ExportWriter } from './shared.ts';

export const webdatasetWriter: ExportWriter<'webdataset'> = {
  id: 'webdataset',
  label: 'WebDataset tar shards',
  async write(ctx) {
    const { sink, input } = ctx;
    const shardSize = Math.max(1, Math.floor(ctx.shardSize ?? 1000));
    let shard = -1;
    let inShard = 0;
    const seen = new Set<string>();
    const open = async () => {
      if (shard >= 0) {
        await sink.write(TAR_END);
        await sink.end();
      }
      shard++;
      inShard = 0;
      const name = `shard-${String(shard).padStart(6, '0')}.tar`;
      await sink.begin(name, { compress: false });
      ctx.files.push(name);
    };
    const member = async (name: string, bytes: Uint8Array) => {
      for (const part of tarEntry(name, bytes)) await sink.write(part);
    };
    for await (const { item, negatives: negs } of input.pairs()) {
      if (shard < 0 || inShard >= shardSize) await open();
      const key = String(ctx.pairs).padStart(9, '0');
      const { bytes, mime } = await input.image(item.imageHash!);
      seen.add(item.imageHash!);
      await member(`${key}.${extOf(mime)}`, bytes);
      await member(`${key}.txt`, enc.encode(currentCaption(item) ?? ''));
      const negMembers: string[] = [];
      for (const [k, n] of negs.entries()) {
        if (!n.imageHash) continue;
        const img = await input.image(n.imageHash);
        const name = `${key}.neg${k}.${extOf(img.mime)}`;
        await member(name, img.bytes);
        negMembers[k] = name;
        seen.add(n.imageHash);
      }
      const meta = {
        id: item.id,
        text: currentCaption(item) ?? '',
        status: item.status,
        scores: item.scores ?? {},
        source_file: item.source.file,
        negatives: negs.map((n, k) => negativeRecord(n, negMembers[k])),
      };
      await member(`${key}.json`, enc.encode(JSON.stringify(meta)));
      inShard++;
      ctx.counted({ item, negatives: negs });
    }
    if (shard < 0) await open();
    await sink.write(TAR_END);
    await sink.end();
    return { images: seen.size, manifest: { shardSize: ctx.shardSize ?? 1000, shards: ctx.files.length } };
  },
};
