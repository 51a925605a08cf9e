// WebDataset .tar shards: key.jpg with key.txt and/or key.json.

import { IMAGE_EXTENSIONS } from '../image.ts';
import type { ImageReader } from '../imageReader.ts';
import { basename, dirname, extension, resolveInside } from '../paths.ts';
import { CAPTION_KEYS, firstKey, rowError } from '../rows.ts';
import type { SourceFile } from '../source.ts';
import { ARCHIVE_LIMITS } from '../limits.ts';
import { readTar } from '../tar.ts';
import type { ImportEvent } from '../types.ts';
import type { ImportReader } from './reader.ts';

export const webdatasetReader: ImportReader = {
  id: 'webdataset',
  label: 'WebDataset shard (.tar)',
  matches: (file) => extension(file.path) === 'tar',
  read: (file, ctx) => readShard(file, ctx.images),
};

/** WebDataset: members sharing a key (the path up to the first dot of the file name) form one sample. */
async function* readShard(tar: SourceFile, images: ImageReader): AsyncGenerator<ImportEvent> {
  let key: string | undefined;
  let members: { ext: string; name: string; bytes: Uint8Array }[] = [];
  let sample = 0;
  const flush = async function* (): AsyncGenerator<ImportEvent> {
    if (key === undefined) return;
    sample++;
    const source = { file: `${tar.path}:${key}`, row: sample };
    const err = (reason: string) => rowError(source.file, sample, reason);
    // The sample's own image is key.<ext>; key.neg0.png and the like are its hard negatives.
    const img =
      members.find((m) => IMAGE_EXTENSIONS.has(m.ext) && basename(m.name).split('.').length === 2) ?? members.find((m) => IMAGE_EXTENSIONS.has(m.ext));
    const txt = members.find((m) => m.ext === 'txt');
    const json = members.find((m) => m.ext === 'json');
    let caption: string | undefined;
    let extra: Record<string, unknown> | undefined;
    try {
      if (txt) caption = new TextDecoder('utf-8', { fatal: true }).decode(txt.bytes).trim();
      if (json) {
        const meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json.bytes));
        if (meta && typeof meta === 'object' && !Array.isArray(meta)) {
          const k = firstKey(meta, CAPTION_KEYS);
          if (caption === undefined && k && typeof meta[k] === 'string') caption = meta[k].trim();
          extra = meta;
        }
      }
    } catch (e) {
      yield err(`sample metadata is unreadable (${(e as Error).message}) — fix ${key}.txt or ${key}.json`);
      return;
    }
    if (!img) {
      if (caption) yield { type: 'item', item: { kind: 'text', caption, source, extra } };
      else yield err('sample has neither an image nor a caption');
      return;
    }
    if ((txt || json) && !caption) {
      yield err('caption is empty — write a caption in the .txt or .json member');
      return;
    }
    const read = await images.fromBytes(`${tar.path}:${img.name}`, img.bytes);
    if ('error' in read) {
      yield err(read.error);
      return;
    }
    yield { type: 'item', item: { kind: caption ? 'pair' : 'image', caption, image: read.image, duplicateImage: read.duplicate, source, extra } };
  };
  try {
    for await (const m of readTar(tar.stream(), ARCHIVE_LIMITS.maxMemberBytes)) {
      if (m.tooLarge !== undefined) {
        yield rowError(
          tar.path,
          undefined,
          `member ${m.name} is ${(m.tooLarge / 2 ** 20).toFixed(0)} MiB, over the ${ARCHIVE_LIMITS.maxMemberBytes / 2 ** 20} MiB limit for one member; it was skipped unread`,
        );
        continue;
      }
      if (m.link) {
        yield rowError(
          tar.path,
          undefined,
          `member ${m.name} is a ${m.link.kind} link to ${m.link.target} — links are not followed; put the file itself in the shard`,
        );
        continue;
      }
      const safe = resolveInside('', m.name);
      if ('error' in safe) {
        yield rowError(tar.path, undefined, `member ${safe.error}; it was not read`);
        continue;
      }
      const base = basename(safe.path);
      const dot = base.indexOf('.');
      const memberKey = dot < 0 ? safe.path : `${dirname(safe.path) ? `${dirname(safe.path)}/` : ''}${base.slice(0, dot)}`;
      const ext = dot < 0 ? '' : base.slice(base.lastIndexOf('.') + 1).toLowerCase();
      if (memberKey !== key) {
        yield* flush();
        key = memberKey;
        members = [];
      }
      members.push({ ext, name: safe.path, bytes: m.bytes });
    }
    yield* flush();
  } catch (e) {
    yield* flush();
    yield rowError(tar.path, undefined, `${(e as Error).message}; samples before this point were imported`);
  }
}
