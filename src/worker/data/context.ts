// What every data-worker job shares: the worker's connection to IndexedDB, its running jobs (for cancel), and
// progress throttled to at most one report per interval.

import { CuratorDB } from '../../persist/db.ts';

export const db = new CuratorDB();

/** Running jobs by id: cancel aborts the signal; jobs with more to stop (the route queue) register a stopper. */
const running = new Map<string, { abort: AbortController; stop?: () => Promise<void> | void }>();

/** Run a job that `cancel(jobId)` can stop. */
export async function cancellable<T>(jobId: string, job: (signal: AbortSignal, onStop: (stop: () => Promise<void> | void) => void) => Promise<T>): Promise<T> {
  const entry: { abort: AbortController; stop?: () => Promise<void> | void } = { abort: new AbortController() };
  running.set(jobId, entry);
  try {
    return await job(entry.abort.signal, (stop) => (entry.stop = stop));
  } finally {
    running.delete(jobId);
  }
}

export async function cancel(jobId: string): Promise<void> {
  const entry = running.get(jobId);
  entry?.abort.abort();
  await entry?.stop?.();
}

/** A progress callback that reports at most every `ms` milliseconds (and always when `force` is set). */
export function throttled<A extends unknown[]>(report: (...args: A) => void, ms = 100): (force: boolean, ...args: A) => void {
  let last = 0;
  return (force, ...args) => {
    const now = performance.now();
    if (force || now - last > ms) {
      last = now;
      report(...args);
    }
  };
}
