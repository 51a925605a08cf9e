// The preprocessing-routes job: unfinished jobs from before a reload first, then new ones, through the persisted
// queue; the core's route-job handler does the work, with IndexedDB behind its ports.

import { JobQueue, type QueueCounts } from '../../core/providers/queue.ts';
import { routeJobRunner, routeJobsFor } from '../../core/providers/routeJobs.ts';
import type { CaptionResult, ImageResult } from '../../core/providers/types.ts';
import { readImage, storeImage } from '../../persist/images.ts';
import { dexieJobStore, failedJobs } from '../../persist/jobs.ts';
import { getItem, loadItems, refNamed, updateItem } from '../../persist/repo.ts';
import type { RoutesRequest, RoutesResult } from '../dataProtocol.ts';
import { providerFor } from '../provider.ts';
import { makeThumbnail } from '../thumbnail.ts';
import { db } from './context.ts';

const queues = new Map<string, JobQueue<CaptionResult | ImageResult>>();

export function pauseRoutes(jobId: string, paused: boolean) {
  const q = queues.get(jobId);
  if (paused) q?.pause();
  else q?.unpause();
}

export async function runRoutes(
  jobId: string,
  request: RoutesRequest,
  onProgress: (counts: QueueCounts) => void,
  onStop: (stop: () => Promise<void>) => void,
): Promise<RoutesResult> {
  const hosted = request.provider === 'hf';
  const runner = routeJobRunner({
    provider: providerFor(request.provider, request.hf),
    item: (at) => getItem(db, refNamed(at)),
    image: (hash) => readImage(db, hash),
    putImage: (bytes) => storeImage(db, bytes, makeThumbnail),
    update: (at, change) => updateItem(db, refNamed(at), change),
  });
  const queue = new JobQueue<CaptionResult | ImageResult>(dexieJobStore(db), runner, {
    concurrency: hosted ? 4 : 2,
    baseDelayMs: 1000,
    timeoutMs: hosted ? (request.hf?.timeoutSeconds ?? 120) * 1000 : 120_000,
    onChange: onProgress,
  });
  queues.set(jobId, queue);
  onStop(() => queue.cancel());
  try {
    await queue.resume(request.datasetId);
    if (!request.resumeOnly) await queue.enqueue(routeJobsFor(await loadItems(db, request.datasetId), request));
    const counts = await queue.run();
    return { counts, failed: await failedJobs(db, request.datasetId) };
  } finally {
    queues.delete(jobId);
  }
}
