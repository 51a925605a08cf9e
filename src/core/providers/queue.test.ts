import { describe, expect, it } from 'vitest';
import { JobQueue, type Job, type JobStore } from './queue.ts';
import { backoffDelay } from '../retry.ts';
import { ProviderError } from '../retry.ts';

function memoryJobStore(): JobStore & { all: Map<string, Job> } {
  const all = new Map<string, Job>();
  return {
    all,
    unfinished: async (d) => [...all.values()].filter((j) => j.datasetId === d && (j.status === 'queued' || j.status === 'running')).map((j) => ({ ...j })),
    put: async (j) => void all.set(j.id, { ...j }),
  };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ datasetId: 'd', itemId: `item-${i}`, route: 'caption' as const }));
const fast = { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 2000 };

describe('JobQueue', () => {
  it('runs every job once within the concurrency limit and applies each result', async () => {
    let running = 0;
    let peak = 0;
    const applied: string[] = [];
    const q = new JobQueue(
      memoryJobStore(),
      {
        run: async (job) => {
          peak = Math.max(peak, ++running);
          await new Promise((r) => setTimeout(r, 5));
          running--;
          return `caption for ${job.itemId}`;
        },
        apply: async (job, r) => void applied.push(`${job.itemId}:${r}`),
      },
      { ...fast, concurrency: 3 },
    );
    await q.enqueue(items(10));
    await q.enqueue(items(2)); // already queued: not added twice
    const counts = await q.run();
    expect(counts).toMatchObject({ done: 10, failed: 0, queued: 0, requests: 10 });
    expect(peak).toBe(3);
    expect(applied.sort()).toEqual(
      items(10)
        .map((i) => `${i.itemId}:caption for ${i.itemId}`)
        .sort(),
    );
  });

  it('retries 429 and 503 with backoff, waiting at least Retry-After, and counts every request', async () => {
    const calls: number[] = [];
    const q = new JobQueue(
      memoryJobStore(),
      {
        run: async () => {
          calls.push(Date.now());
          if (calls.length === 1) throw new ProviderError('rate limited (429)', true, 429, 120);
          if (calls.length === 2) throw new ProviderError('model loading (503)', true, 503);
          return 'ok';
        },
        apply: async () => {},
      },
      fast,
    );
    await q.enqueue(items(1));
    const counts = await q.run();
    expect(counts).toMatchObject({ done: 1, requests: 3 });
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(115);
  });

  it('fails at once on a non-retryable error, and gives up on repeated unparseable answers, with the reason', async () => {
    const store = memoryJobStore();
    const q = new JobQueue(
      store,
      {
        run: async (job) => {
          if (job.itemId === 'item-0') throw new ProviderError('400: the model does not accept images', false, 400);
          throw new ProviderError('the answer was not one sentence of text', true);
        },
        apply: async () => {},
      },
      { ...fast, maxAttempts: 3 },
    );
    await q.enqueue(items(2));
    const counts = await q.run();
    expect(counts).toMatchObject({ failed: 2, requests: 4 });
    const jobs = [...store.all.values()].sort((a, b) => a.itemId.localeCompare(b.itemId));
    expect(jobs[0]).toMatchObject({ status: 'failed', attempts: 1, error: '400: the model does not accept images' });
    expect(jobs[1]).toMatchObject({ status: 'failed', attempts: 3, error: 'gave up after 3 attempts: the answer was not one sentence of text' });
  });

  it('aborts a hung call after the timeout and retries it', async () => {
    let n = 0;
    const q = new JobQueue(
      memoryJobStore(),
      {
        run: (_job, signal) =>
          ++n === 1 ? new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))) : Promise.resolve('ok'),
        apply: async () => {},
      },
      { ...fast, timeoutMs: 30 },
    );
    await q.enqueue(items(1));
    expect(await q.run()).toMatchObject({ done: 1, requests: 2 });
  });

  it('treats network errors as retryable', async () => {
    let n = 0;
    const q = new JobQueue(
      memoryJobStore(),
      {
        run: async () => {
          if (++n === 1) throw new TypeError('Failed to fetch');
          return 'ok';
        },
        apply: async () => {},
      },
      fast,
    );
    await q.enqueue(items(1));
    expect(await q.run()).toMatchObject({ done: 1, requests: 2 });
  });

  it('cancels jobs so they never run, and pauses without losing queued work', async () => {
    const ran: string[] = [];
    const q = new JobQueue(memoryJobStore(), { run: async (job) => void ran.push(job.itemId), apply: async () => {} }, { ...fast, concurrency: 1 });
    const [first] = await q.enqueue(items(3));
    await q.cancel(first.id);
    q.pause();
    const running = q.run();
    await new Promise((r) => setTimeout(r, 60));
    expect(ran).toEqual([]);
    q.unpause();
    expect(await running).toMatchObject({ done: 2, cancelled: 1 });
    expect(ran).toEqual(['item-1', 'item-2']);
  });

  it('resumes after a crash: the job that was running runs again, and an idempotent apply adds nothing twice', async () => {
    const store = memoryJobStore();
    const captions = new Map<string, string[]>();
    const applyOnce = async (job: Job, r: string) => {
      const list = captions.get(job.itemId) ?? [];
      // Idempotent per job: a version made by this job is never added twice.
      if (!list.includes(`${job.id}:${r}`)) list.push(`${job.id}:${r}`);
      captions.set(job.itemId, list);
    };
    const first = new JobQueue(store, { run: async () => 'a caption', apply: applyOnce }, fast);
    const [j0] = await first.enqueue(items(2));
    // The tab dies after j0's result was applied but before the job was marked done.
    await applyOnce(j0, 'a caption');
    await store.put({ ...j0, status: 'running', attempts: 1, requests: 1 });
    const resumed = new JobQueue(store, { run: async () => 'a caption', apply: applyOnce }, fast);
    expect(await resumed.resume('d')).toBe(2);
    expect(await resumed.run()).toMatchObject({ done: 2 });
    for (const list of captions.values()) expect(list).toHaveLength(1);
    expect([...store.all.values()].every((j) => j.status === 'done')).toBe(true);
  });

  it('computes backoff: exponential, jittered, capped, never below Retry-After', () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 };
    expect(backoffDelay(1, o)).toBe(100);
    expect(backoffDelay(3, o)).toBe(400);
    expect(backoffDelay(10, o)).toBe(1000);
    expect(backoffDelay(1, { ...o, random: () => 0 })).toBe(50);
    expect(backoffDelay(1, o, 5000)).toBe(5000);
  });
});
