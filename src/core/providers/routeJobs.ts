// The route-job handler, written once: which jobs a run queues, how a job calls the provider, and how its result
// becomes a new version of the item. The browser's data worker (IndexedDB) and the CLI (memory) supply the ports.

import { currentCaption, type Item } from '../model.ts';
import type { ImageInput } from '../image/types.ts';
import { ProviderError } from '../retry.ts';
import type { Job, JobRunner } from './queue.ts';
import { routeFor, withGeneratedCaption, withGeneratedImage, type Route } from './routes.ts';
import { DEFAULT_PROMPTS, type CaptionResult, type ImageResult, type PromptTemplate, type Provider } from './types.ts';

export interface RouteJobPorts {
  provider: Provider;
  /** The job's item, found by its dataset, id and (when the job has it) seq. */
  item: (at: JobItem) => Promise<Item | undefined>;
  image: (hash: string) => Promise<ImageInput>;
  /** Store a generated image (once per content hash); returns its hash. Throws a retryable ProviderError if it cannot be decoded. */
  putImage: (bytes: Uint8Array, mime: string) => Promise<string>;
  /** Write the item's next version, computed from its current one; nothing is written when `change` returns it unchanged. */
  update: (at: JobItem, change: (item: Item) => Item) => Promise<void>;
  now?: () => string;
}

/** Where a job's item is. */
export type JobItem = Pick<Job, 'datasetId' | 'itemId' | 'seq'>;

/** A job runner for the queue: call the provider for the job's route, then apply the result (idempotent per job id). */
export function routeJobRunner(ports: RouteJobPorts): JobRunner<CaptionResult | ImageResult> {
  return {
    run: async (job, signal) => {
      const item = await ports.item(job);
      if (!item) throw new ProviderError('the item no longer exists', false);
      const caption = currentCaption(item);
      if (job.route === 'generate') return ports.provider.textToImage(caption!, signal);
      if (!item.imageHash) throw new ProviderError('the item has no image to describe', false);
      const image = await ports.image(item.imageHash);
      // The template the job was queued with, so a resumed job uses the same version.
      return job.route === 'caption'
        ? ports.provider.caption(image, job.prompt ?? DEFAULT_PROMPTS.caption, signal)
        : ports.provider.repair(image, caption ?? '', job.prompt ?? DEFAULT_PROMPTS.repair, signal);
    },
    apply: async (job, result) => {
      const at = ports.now?.() ?? new Date().toISOString();
      if ('bytes' in result) {
        const hash = await ports.putImage(result.bytes, result.mime);
        await ports.update(job, (item) => withGeneratedImage(item, hash, result, job.id, at));
      } else await ports.update(job, (item) => withGeneratedCaption(item, result, job.id, at));
    },
  };
}

export type NewRouteJob = Pick<Job, 'datasetId' | 'itemId' | 'seq' | 'route' | 'prompt'>;

/** The jobs a run queues: every item (or every selected one) whose route is among `routes`, with the route's prompt. */
export function routeJobsFor(
  items: Item[],
  o: {
    datasetId: string;
    routes: Route[];
    cut: { model: string; value: number };
    prompts?: Partial<Record<'caption' | 'repair', PromptTemplate>>;
    itemIds?: string[];
  },
): NewRouteJob[] {
  const only = o.itemIds ? new Set(o.itemIds) : undefined;
  const jobs: NewRouteJob[] = [];
  for (const item of items) {
    if (only && !only.has(item.id)) continue;
    const route = routeFor(item, o.cut);
    if (!route || !o.routes.includes(route)) continue;
    const prompt = route === 'generate' ? undefined : o.prompts?.[route];
    jobs.push({ datasetId: o.datasetId, itemId: item.id, seq: item.seq, route, ...(prompt ? { prompt } : {}) });
  }
  return jobs;
}
