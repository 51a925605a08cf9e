// The one retry policy: which failures are worth another attempt, and how long to wait before it (exponential
// backoff with jitter, never shorter than the server's Retry-After). The job queue and the negatives generator use it.

/**
 * A failed attempt at an outside call. `retryable` attempts are tried again after a backoff (429, 503, timeouts,
 * network errors, answers that could not be parsed); others fail at once with the message as their reason.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/** Delay before retry `attempt` (1-based): exponential with full jitter, never shorter than Retry-After. */
export function backoffDelay(attempt: number, o: BackoffOptions, retryAfterMs?: number): number {
  const exp = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + o.random() * (exp / 2);
  return Math.max(retryAfterMs ?? 0, jittered);
}

export interface RetryOptions extends Partial<BackoffOptions> {
  maxAttempts?: number;
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
}

/** Call `fn` until it succeeds, a failure is not retryable, the attempts run out or the signal aborts. */
export async function withRetries<T>(fn: () => Promise<T>, o: RetryOptions = {}): Promise<T> {
  const max = o.maxAttempts ?? 3;
  const sleep = o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const backoff = { baseDelayMs: o.baseDelayMs ?? 500, maxDelayMs: o.maxDelayMs ?? 30_000, random: o.random ?? Math.random };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const err = e instanceof ProviderError ? e : new ProviderError((e as Error).message, false);
      if (!err.retryable || attempt >= max || o.signal?.aborted)
        throw new ProviderError(attempt > 1 ? `gave up after ${attempt} attempts: ${err.message}` : err.message, false);
      await sleep(backoffDelay(attempt, backoff, err.retryAfterMs));
    }
  }
}
