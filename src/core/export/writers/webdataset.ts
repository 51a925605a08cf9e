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
    // A cluster task writes only its tars (ctx.onlyTars); the rest are counted as if written, so names, keys and the
    // manifest are the single run's.
    let writing = true;
    const seen = new Set<string>();
    const close = async () => {
      if (shard >= 0 && writing) {
        await sink.write(TAR_END);
        await sink.end();
      }
    };
    const open = async () => {
      await close();
      shard++;
      inShard = 0;
      writing = !ctx.onlyTars || ctx.onlyTars(shard);
      if (!writing) return;
      const name = `shard-${String(shard).padStart(6, '0')}.tar`;
      await sink.begin(name, { compress: false });
      ctx.files.push(name);
    };
    // An image is read only where it is written; a tar not written needs only its type (for the member's name).
    const read = async (hash: string) => (writing ? input.image(hash) : { bytes: new Uint8Array(0), mime: await input.mime(hash) });
    const member = async (name: string, bytes: Uint8Array) => {
      if (!writing) return;
      for (const part of tarEntry(name, bytes)) await sink.write(part);
    };
    for await (const { item, negatives: negs } of input.pairs()) {
      if (shard < 0 || inShard >= shardSize) await open();
      const key = String(ctx.pairs).padStart(9, '0');
      seen.add(item.imageHash!);
      const image = await read(item.imageHash!);
      await member(`${key}.${extOf(image.mime)}`, image.bytes);
      await member(`${key}.txt`, enc.encode(currentCaption(item) ?? ''));
      const negMembers: string[] = [];
      for (const [k, n] of negs.entries()) {
        if (!n.imageHash) continue;
        const img = await read(n.imageHash);
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
    await close();
    return { images: seen.size, manifest: { shardSize: ctx.shardSize ?? 1000, shards: shard + 1 } };
  },
};
