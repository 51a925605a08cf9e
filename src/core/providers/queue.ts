// The job queue for provider calls: persisted jobs, a concurrency limit, retries with exponential backoff and
// jitter (honouring Retry-After), timeouts, cancel, pause, and resume after a crash without losing or repeating work.

import { backoffDelay, ProviderError } from '../retry.ts';
import type { PromptTemplate } from './types.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  datasetId: string;
  itemId: string;
  /** The item's seq, which finds where it is stored (absent on jobs queued before it was kept). */
  seq?: number;
  route: 'caption' | 'repair' | 'generate';
  /** The prompt template (with its version) the job was queued with: a resumed job uses the same one. */
  prompt?: PromptTemplate;
  status: JobStatus;
  attempts: number;
  /** Requests sent, retries included: what the run cost. */
  requests: number;
  /** Not before this time (ms since epoch): set by backoff. */
  notBefore?: number;
  /** The reason, for a failed job; the last attempt's error for a job waiting to retry. */
  error?: string;
  createdAt: number;
  updatedAt: number;
}

export interface JobStore {
  /** Every job of a dataset that is not finished (queued or running). */
  unfinished(datasetId: string): Promise<Job[]>;
  put(job: Job): Promise<void>;
  /** Store many at once, atomically where the store can: a run is queued whole or not at all. */
  putMany?(jobs: Job[]): Promise<void>;
}

export interface QueueOptions {
  concurrency?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  random?: () => number;
  now?: () => number;
  onChange?: (counts: QueueCounts) => void;
}

export interface QueueCounts {
  queued: number;
  running: number;
  done: number;
  failed: number;
  cancelled: number;
  requests: number;
}

/** What a job does: call the provider, then write the result to the item. `apply` must be idempotent per job id. */
export interface JobRunner<R> {
  run: (job: Job, signal: AbortSignal) => Promise<R>;
  apply: (job: Job, result: R) => Promise<void>;
}

export class JobQueue<R> {
  private readonly o: Required<Omit<QueueOptions, 'onChange'>> & Pick<QueueOptions, 'onChange'>;
  private jobs = new Map<string, Job>();
  private controllers = new Map<string, AbortController>();
  private paused = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private readonly finishedCounts = { done: 0, failed: 0, cancelled: 0, requests: 0 };

  constructor(
    private readonly store: JobStore,
    private readonly runner: JobRunner<R>,
    options: QueueOptions = {},
  ) {
    this.o = {
      concurrency: options.concurrency ?? 4,
      maxAttempts: options.maxAttempts ?? 5,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 60_000,
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
      onChange: options.onChange,
    };
  }

  counts(): QueueCounts {
    let queued = 0;
    let running = 0;
    let requests = this.finishedCounts.requests;
    for (const j of this.jobs.values()) {
      if (j.status === 'queued') queued++;
      if (j.status === 'running') running++;
      requests += j.requests;
    }
    return { queued, running, ...this.finishedCounts, requests };
  }

  /** Add jobs; an item that already has an unfinished job for the same route is not queued twice. */
  async enqueue(items: Pick<Job, 'datasetId' | 'itemId' | 'seq' | 'route' | 'prompt'>[]): Promise<Job[]> {
    const added: Job[] = [];
    const pending = new Set([...this.jobs.values()].map((j) => `${j.itemId}|${j.route}`));
    for (const it of items) {
      if (pending.has(`${it.itemId}|${it.route}`)) continue;
      pending.add(`${it.itemId}|${it.route}`);
      const now = this.o.now();
      added.push({ id: globalThis.crypto.randomUUID(), ...it, status: 'queued', attempts: 0, requests: 0, createdAt: now, updatedAt: now });
    }
    if (this.store.putMany) await this.store.putMany(added);
    else for (const job of added) await this.store.put(job);
    for (const job of added) this.jobs.set(job.id, job);
    this.changed();
    return added;
  }

  /** Pick up a dataset's unfinished jobs (after a reload or crash): a job that was running is queued again. */
  async resume(datasetId: string): Promise<number> {
    const jobs = await this.store.unfinished(datasetId);
    for (const j of jobs) {
      if (this.jobs.has(j.id)) continue;
      const job = { ...j, status: 'queued' as const };
      this.jobs.set(job.id, job);
    }
    this.changed();
    return jobs.length;
  }

  pause() {
    this.paused = true;
    this.changed();
  }

  unpause() {
    this.paused = false;
    this.changed();
  }

  get isPaused() {
    return this.paused;
  }

  /** Cancel one job, or all: running calls are aborted, and cancelled jobs never run again. */
  async cancel(jobId?: string) {
    for (const job of [...this.jobs.values()]) {
      if (jobId && job.id !== jobId) continue;
      this.controllers.get(job.id)?.abort();
      await this.finish(job, 'cancelled', 'cancelled by the user');
    }
  }

  /** Run until every job is done, failed or cancelled (or `stop` is called). */
  async run(): Promise<QueueCounts> {
    this.stopped = false;
    const lanes = Array.from({ length: this.o.concurrency }, () => this.lane());
    await Promise.all(lanes);
    return this.counts();
  }

  stop() {
    this.stopped = true;
    for (const c of this.controllers.values()) c.abort();
    this.changed();
  }

  private changed() {
    this.wake?.();
    this.o.onChange?.(this.counts());
  }

  private next(): { job?: Job; waitMs?: number } {
    const now = this.o.now();
    let soonest: number | undefined;
    for (const j of this.jobs.values()) {
      if (j.status !== 'queued') continue;
      if (!j.notBefore || j.notBefore <= now) return { job: j };
      soonest = Math.min(soonest ?? Infinity, j.notBefore - now);
    }
    return { waitMs: soonest };
  }

  private async lane(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const { job, waitMs } = this.paused ? { job: undefined, waitMs: 200 } : this.next();
      if (!job) {
        const anyRunning = [...this.jobs.values()].some((j) => j.status === 'running');
        if (waitMs === undefined && !anyRunning && !this.paused) return;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, Math.min(waitMs ?? 200, 1000));
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        continue;
      }
      await this.attempt(job);
    }
  }

  private async attempt(job: Job) {
    job.status = 'running';
    job.attempts++;
    job.requests++;
    job.updatedAt = this.o.now();
    await this.store.put(job);
    this.changed();
    const controller = new AbortController();
    this.controllers.set(job.id, controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.o.timeoutMs);
    try {
      const result = await this.runner.run(job, controller.signal);
      if (controller.signal.aborted) throw new ProviderError('aborted', !this.stopped && timedOut);
      await this.runner.apply(job, result);
      await this.finish(job, 'done');
    } catch (e) {
      if ((job.status as JobStatus) === 'cancelled') return;
      if (this.stopped && !timedOut) {
        // Stopped from outside (a reload): the job stays queued and resumes later.
        job.status = 'queued';
        job.attempts--;
        await this.store.put(job);
        return;
      }
      const err = timedOut ? new ProviderError(`no answer within ${Math.round(this.o.timeoutMs / 1000)} s`, true) : e;
      const retryable = err instanceof ProviderError ? err.retryable : isNetworkError(err);
      const reason = (err as Error).message || String(err);
      if (retryable && job.attempts < this.o.maxAttempts) {
        job.status = 'queued';
        job.error = reason;
        job.notBefore = this.o.now() + backoffDelay(job.attempts, this.o, err instanceof ProviderError ? err.retryAfterMs : undefined);
        job.updatedAt = this.o.now();
        await this.store.put(job);
        this.changed();
      } else await this.finish(job, 'failed', retryable ? `gave up after ${job.attempts} attempts: ${reason}` : reason);
    } finally {
      clearTimeout(timer);
      this.controllers.delete(job.id);
    }
  }

  private async finish(job: Job, status: 'done' | 'failed' | 'cancelled', error?: string) {
    job.status = status;
    job.error = error;
    job.updatedAt = this.o.now();
    await this.store.put(job);
    this.jobs.delete(job.id);
    this.finishedCounts[status]++;
    this.finishedCounts.requests += job.requests;
    this.changed();
  }
}

function isNetworkError(e: unknown): boolean {
  // fetch rejects with a TypeError when the network fails.
  return e instanceof TypeError;
}
