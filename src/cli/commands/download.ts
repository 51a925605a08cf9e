// `clip-curator download`: fetch the images of an img2dataset URL list (CSV, TSV, JSONL, Parquet or one URL per line)
// with concurrency, retries on 429 and 5xx, timeouts, redirects and size and pixel limits, and write a dataset folder
// of what arrived (images/, metadata.jsonl with file_name, text and url) and download-report.json: img2dataset's
// success and failure statistics, and each failed row with its reason. The folder appears under its name only when the run is complete.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FETCH_LIMITS, fetchImage } from '../../core/download/fetchImage.ts';
import { readUrlList, type UrlRow } from '../../core/download/urlList.ts';
import { EXTENSION_FOR_MIME } from '../../core/import/image.ts';
import { diskFile } from '../fsSource.ts';
import { OutputFolder } from '../outputFolder.ts';
import { parse, usageError, type Io } from '../common.ts';

export interface DownloadSummary {
  command: 'download';
  out: string;
  count: number;
  successes: number;
  failed: number;
  successRate: number;
  /** Failures by reason (img2dataset's status_dict), most frequent first. */
  failures: Record<string, number>;
  seconds: number;
}

export async function runDownload(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(args, {
    out: { type: 'string' },
    force: { type: 'boolean' },
    'url-col': { type: 'string' },
    'caption-col': { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    retries: { type: 'string' },
    'max-mib': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw usageError('give one URL list (CSV, TSV, JSONL, Parquet or .txt)');
  if (!values.out) throw usageError('download needs --out DIR');
  const number = (flag: string, fallback: number, min: number) => {
    const v = values[flag as keyof typeof values];
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw usageError(`--${flag} must be a number of at least ${min}`);
    return n;
  };
  const concurrency = Math.floor(number('concurrency', 16, 1));
  const limits = {
    ...DEFAULT_FETCH_LIMITS,
    timeoutMs: number('timeout', DEFAULT_FETCH_LIMITS.timeoutMs / 1000, 0.1) * 1000,
    maxAttempts: Math.floor(number('retries', DEFAULT_FETCH_LIMITS.maxAttempts - 1, 0)) + 1,
    maxBytes: number('max-mib', DEFAULT_FETCH_LIMITS.maxBytes / 2 ** 20, 0.001) * 2 ** 20,
  };
  const list = path.resolve(positionals[0]);
  const stat = await fs.stat(list).catch(() => undefined);
  if (!stat?.isFile()) throw Object.assign(new Error(`cannot read ${positionals[0]}: no such file`), { exitCode: 2 });
  const output = await OutputFolder.create(values.out, values.force, 'files (an earlier download?)');
  await fs.mkdir(path.join(output.dir, 'images'));
  const t0 = performance.now();

  const rows = readUrlList(diskFile(list, path.basename(list), stat.size), { url: values['url-col'], caption: values['caption-col'] });
  const done: { row: number; fileName?: string; url?: string; caption?: string; extra?: Record<string, unknown>; reason?: string }[] = [];
  let count = 0;
  const next = async (): Promise<IteratorResult<UrlRow>> => rows.next();
  // A pool of workers pulling rows from the one list: at most `concurrency` requests in flight.
  const worker = async () => {
    for (;;) {
      const { done: end, value } = await next();
      if (end) return;
      count++;
      if ('error' in value) {
        done.push({ row: value.row, reason: value.error });
        continue;
      }
      const got = await fetchImage(value.url, limits);
      if (!got.ok) {
        done.push({ row: value.row, url: value.url, caption: value.caption, reason: got.reason });
        if (!values.json) io.err(`  row ${value.row} ${value.url.slice(0, 100)}: ${got.reason}`);
        continue;
      }
      const fileName = `images/${String(value.row).padStart(9, '0')}.${EXTENSION_FOR_MIME[got.info.mime]}`;
      await fs.writeFile(path.join(output.dir, fileName), got.bytes);
      done.push({ row: value.row, fileName, url: value.url, caption: value.caption, extra: value.extra });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  done.sort((a, b) => a.row - b.row);
  const ok = done.filter((d) => d.fileName);
  const failed = done.filter((d) => d.reason);
  await fs.writeFile(
    path.join(output.dir, 'metadata.jsonl'),
    ok
      .map((d) => JSON.stringify({ file_name: d.fileName, text: d.caption ?? null, url: d.url, source_row: d.row, ...(d.extra ? { extra: d.extra } : {}) }))
      .join('\n') + (ok.length ? '\n' : ''),
  );
  const byReason = new Map<string, number>();
  for (const d of failed) {
    // Group reasons as img2dataset does: the kind of failure, without the numbers that differ per row.
    const kind = d.reason!.replace(/\d+(\.\d+)? (MiB|megapixels|s)\b/g, 'N $2').replace(/\d+×\d+/g, 'W×H');
    byReason.set(kind, (byReason.get(kind) ?? 0) + 1);
  }
  const summary: DownloadSummary = {
    command: 'download',
    out: output.target,
    count,
    successes: ok.length,
    failed: failed.length,
    successRate: count ? +(ok.length / count).toFixed(4) : 0,
    failures: Object.fromEntries([...byReason].sort((a, b) => b[1] - a[1])),
    seconds: +((performance.now() - t0) / 1000).toFixed(2),
  };
  // The report is JSON, which the importer does not take for a captions table (a .jsonl of failures would turn their
  // captions into lone texts on import).
  const report = {
    ...summary,
    out: path.basename(output.target),
    failedRows: failed.map((d) => ({ source_row: d.row, url: d.url ?? null, caption: d.caption ?? null, reason: d.reason })),
  };
  await fs.writeFile(path.join(output.dir, 'download-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await output.commit();
  if (values.json) io.out(JSON.stringify(summary));
  else {
    io.out(`downloaded ${ok.length} of ${count} (${(summary.successRate * 100).toFixed(1)}%) into ${values.out} in ${summary.seconds} s`);
    for (const [reason, n] of Object.entries(summary.failures)) io.out(`  ${n} × ${reason}`);
  }
  return 0;
}
