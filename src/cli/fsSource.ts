// Files on disk as importer sources: a folder is walked, a single file reads its neighbours only when a row names them.

import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { SourceFile } from '../core/import/source.ts';

export function diskFile(absolute: string, relative: string, size: number): SourceFile {
  return {
    path: relative,
    size,
    bytes: async () => new Uint8Array(await fs.readFile(absolute)),
    stream: () => Readable.toWeb(createReadStream(absolute)) as unknown as ReadableStream<Uint8Array>,
  };
}

/** Every file under a folder, with forward-slash paths relative to it; hidden files are left out. */
export async function walkFolder(root: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const visit = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await visit(abs);
      else if (e.isFile()) out.push(diskFile(abs, path.relative(root, abs).split(path.sep).join('/'), (await fs.stat(abs)).size));
    }
  };
  await visit(root);
  return out;
}

/**
 * The sources for one command-line path: a folder gives all its files; a captions file also gives the images next
 * to it, which import only where a row names them (so that the other images there do not become lone images).
 */
export async function sourcesForPath(arg: string): Promise<{ files: SourceFile[]; loneImages: boolean }> {
  const stat = await fs.stat(arg);
  if (stat.isDirectory()) return { files: await walkFolder(arg), loneImages: true };
  const self = diskFile(arg, path.basename(arg), stat.size);
  if (!/\.(jsonl|csv|tsv)$/i.test(arg)) return { files: [self], loneImages: true };
  const neighbours = (await walkFolder(path.dirname(arg))).filter((f) => /\.(png|jpe?g|gif|webp|bmp)$/i.test(f.path));
  return { files: [self, ...neighbours], loneImages: false };
}
