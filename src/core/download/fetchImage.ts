// Fetch one image by URL as img2dataset does, with limits checked as the bytes arrive: a timeout, retries on 429 and
// 5xx (honouring Retry-After), redirects followed (at most a few), a byte limit (Content-Length first, then the
// stream), a pixel limit read from the header before anything is decoded, and answers that are not images (an HTML
// error page) named as such. Runs on the platform's fetch: Node's and the browser's alike.

import { sniffImage, type ImageInfo } from '../import/image.ts';
import { concat } from '../import/lines.ts';
import { DEFAULT_LIMITS, pixelLimitError } from '../import/limits.ts';
import { ProviderError, withRetries } from '../retry.ts';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxPixels: number;
  maxAttempts: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: 10_000,
  maxBytes: 32 * 2 ** 20,
  maxPixels: DEFAULT_LIMITS.maxPixels,
  maxAttempts: 3,
  maxRedirects: 5,
};

export type FetchOutcome = { ok: true; bytes: Uint8Array; info: ImageInfo; finalUrl: string; attempts: number } | { ok: false; reason: string };

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** One GET, following redirects by hand (so each hop is counted and checked), with the limits. */
async function fetchOnce(url: string, limits: FetchLimits, fetcher: typeof fetch): Promise<{ bytes: Uint8Array; finalUrl: string }> {
  let current = url;
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await fetcher(current, { redirect: 'manual', signal: AbortSignal.timeout(limits.timeoutMs) });
    } catch (e) {
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new ProviderError(`no answer within ${limits.timeoutMs / 1000} s (timeout)`, true);
      throw new ProviderError(`network error: ${(err.cause as Error | undefined)?.message ?? err.message}`, true);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      if (hop >= limits.maxRedirects) throw new ProviderError(`more than ${limits.maxRedirects} redirects`, false);
      current = new URL(res.headers.get('location')!, current).href;
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      const retryAfter = Number(res.headers.get('retry-after'));
      const retryable = res.status === 429 || res.status >= 500;
      throw new ProviderError(
        `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`,
        retryable,
        res.status,
        Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
      );
    }
    const declared = Number(res.headers.get('content-length'));
    if (declared > limits.maxBytes) {
      await res.body?.cancel();
      throw new ProviderError(`the answer declares ${mib(declared)}, over the ${mib(limits.maxBytes)} limit`, false);
    }
    const parts: Uint8Array[] = [];
    let length = 0;
    const reader = res.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        length += value.length;
        if (length > limits.maxBytes) {
          await reader.cancel();
          throw new ProviderError(`the answer is over the ${mib(limits.maxBytes)} limit (stopped reading at ${mib(length)})`, false);
        }
        parts.push(value);
      }
    } catch (e) {
      if (e instanceof ProviderError) throw e;
      const err = e as Error;
      if (err.name === 'TimeoutError' || err.name === 'AbortError')
        throw new ProviderError(`the answer did not finish within ${limits.timeoutMs / 1000} s (timeout)`, true);
      throw new ProviderError(`the answer broke off: ${err.message}`, true);
    }
    return { bytes: concat(parts, length), finalUrl: current };
  }
}

export async function fetchImage(url: string, limits: FetchLimits = DEFAULT_FETCH_LIMITS, fetcher: typeof fetch = fetch): Promise<FetchOutcome> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: `not an http(s) URL (${parsed.protocol})` };
  let attempts = 0;
  try {
    const { bytes, finalUrl } = await withRetries(
      () => {
        attempts++;
        return fetchOnce(url, limits, fetcher);
      },
      { maxAttempts: limits.maxAttempts, baseDelayMs: 200, maxDelayMs: 5_000 },
    );
    const info = sniffImage(bytes);
    if ('error' in info) {
      const head = new TextDecoder().decode(bytes.subarray(0, 200)).trimStart().toLowerCase();
      return {
        ok: false,
        reason: head.startsWith('<!doctype html') || head.startsWith('<html') ? 'the answer is an HTML page, not an image' : `not an image: ${info.error}`,
      };
    }
    const tooLarge = pixelLimitError('the image', info, { ...DEFAULT_LIMITS, maxPixels: limits.maxPixels });
    if (tooLarge) return { ok: false, reason: tooLarge };
    return { ok: true, bytes, info, finalUrl, attempts };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
