// Provider jobs in IndexedDB, so that a reload resumes them.

import type { JobStore } from '../core/providers/queue.ts';
import type { CuratorDB } from './db.ts';

export function dexieJobStore(db: CuratorDB): JobStore {
  return {
    unfinished: (datasetId) =>
      db.jobs
        .where('datasetId')
        .equals(datasetId)
        .filter((j) => j.status === 'queued' || j.status === 'running')
        .toArray(),
    put: async (job) => void (await db.jobs.put(job)),
    putMany: async (jobs) => void (await db.jobs.bulkPut(jobs)),
  };
}

/** The dataset's failed jobs, with their reasons. */
export async function failedJobs(db: CuratorDB, datasetId: string): Promise<{ itemId: string; reason: string }[]> {
  const failed = await db.jobs
    .where('datasetId')
    .equals(datasetId)
    .filter((j) => j.status === 'failed')
    .toArray();
  return failed.map((j) => ({ itemId: j.itemId, reason: j.error ?? 'failed' }));
}

/** How many jobs of the dataset a reload or a crash left unfinished. */
export async function unfinishedJobCount(db: CuratorDB, datasetId: string): Promise<number> {
  return (await dexieJobStore(db).unfinished(datasetId)).length;
}
