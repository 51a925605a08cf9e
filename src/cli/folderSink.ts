// An export sink that writes files into a folder. Names come from the exporter (hashes, keys, fixed names); any
// name that would leave the folder is refused.

import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { ExportSink } from '../core/export/formats.ts';

export function folderSink(root: string): ExportSink {
  let stream: WriteStream | undefined;
  const base = path.resolve(root);
  return {
    async begin(name) {
      const target = path.resolve(base, name);
      if (!target.startsWith(base + path.sep)) throw new Error(`refusing to write "${name}" outside ${root}`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      stream = createWriteStream(target);
    },
    async write(chunk) {
      if (!stream!.write(chunk)) await once(stream!, 'drain');
    },
    async end() {
      stream!.end();
      await once(stream!, 'finish');
      stream = undefined;
    },
  };
}
