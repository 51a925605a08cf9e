// Writes a dataset folder (metadata.jsonl + images/ + manifest.json) that every CLI stage and the app import.

import { jsonLine } from '../core/export/jsonLine.ts';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { imageFileName, itemToRow } from '../core/export/rows.ts';
import type { ImageInfo } from '../core/import/image.ts';
import type { Item } from '../core/model.ts';
import { OutputFolder } from './outputFolder.ts';

export class DatasetFolderWriter {
  private readonly rows;
  private readonly written = new Set<string>();
  count = 0;

  private constructor(private readonly out: OutputFolder) {
    this.rows = createWriteStream(path.join(out.dir, 'metadata.jsonl'));
  }

  /**
   * Refuses a folder that already holds something unless `force` (then the whole folder is replaced), so a stage
   * never silently overwrites another's output. Everything is written into a partial folder that `close` puts in place.
   */
  static async open(dir: string, force = false): Promise<DatasetFolderWriter> {
    const out = await OutputFolder.create(dir, force, 'a dataset');
    await fs.mkdir(path.join(out.dir, 'images'));
    return new DatasetFolderWriter(out);
  }

  /** Where the folder is being written (for a stage's own extra files, such as negatives.jsonl). */
  get dir(): string {
    return this.out.dir;
  }

  /** Add one item; `image` gives its bytes the first time its hash is seen. */
  async add(item: Item, image?: { mime: ImageInfo['mime']; bytes?: () => Promise<Uint8Array> }): Promise<void> {
    let fileName: string | undefined;
    if (item.imageHash && image) {
      fileName = imageFileName(item.imageHash, image.mime);
      if (!this.written.has(item.imageHash)) {
        if (!image.bytes) throw new Error(`item ${item.id}: image ${item.imageHash} has no bytes to write`);
        await fs.writeFile(path.join(this.dir, fileName), await image.bytes());
        this.written.add(item.imageHash);
      }
    }
    if (!this.rows.write(`${jsonLine(itemToRow(item, fileName))}\n`)) await once(this.rows, 'drain');
    this.count++;
  }

  async close(manifest: Record<string, unknown>): Promise<void> {
    this.rows.end();
    await once(this.rows, 'finish');
    await fs.writeFile(path.join(this.dir, 'manifest.json'), `${JSON.stringify({ ...manifest, rows: this.count, images: this.written.size }, null, 2)}\n`);
    await this.out.commit();
  }
}
