// Datasets as a whole: rename, and delete with everything that belongs to it. Images are shared by content hash
// across datasets, so a delete removes only the images (thumbnails, embeddings) nothing else uses: the storage is freed.

import { imageKey } from '../core/clip/pipeline.ts';
import type { CuratorDB } from './db.ts';
import { eachDatasetItem, eachItem, itemTables } from './items.ts';
import { clearDatasetItems } from './repo.ts';

export async function renameDataset(db: CuratorDB, id: string, name: string): Promise<void> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('a dataset needs a name — type one');
  if (!(await db.datasets.update(id, { name: trimmed }))) throw new Error(`dataset ${id} no longer exists — reload the page`);
}

export interface DeleteSummary {
  items: number;
  negatives: number;
  /** Images no other dataset uses, removed with their thumbnails and embeddings. */
  images: number;
}

export async function deleteDataset(db: CuratorDB, id: string): Promise<DeleteSummary> {
  const mine = new Set<string>();
  await eachDatasetItem(db, id, (i) => void (i.imageHash && mine.add(i.imageHash)));
  await db.negatives
    .where('datasetId')
    .equals(id)
    .each((n) => void (n.imageHash && mine.add(n.imageHash)));
  return db.transaction(
    'rw',
    [db.datasets, ...itemTables(db), db.history, db.imports, db.negatives, db.jobs, db.cuts, db.images, db.thumbs, db.embeddings],
    async () => {
      const items = await clearDatasetItems(db, id);
      const negatives = await db.negatives.where('datasetId').equals(id).delete();
      await db.jobs.where('datasetId').equals(id).delete();
      await db.cuts.delete(id);
      await db.datasets.delete(id);
      // What the other datasets still use stays.
      await eachItem(db, (i) => void (i.imageHash && mine.delete(i.imageHash)));
      await db.negatives.each((n) => void (n.imageHash && mine.delete(n.imageHash)));
      const orphans = [...mine];
      await db.images.bulkDelete(orphans);
      await db.thumbs.bulkDelete(orphans);
      const keys = new Set(orphans.map(imageKey));
      await db.embeddings.filter((e) => keys.has(e.key)).delete();
      return { items, negatives, images: orphans.length };
    },
  );
}
