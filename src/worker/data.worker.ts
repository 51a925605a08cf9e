// The data worker: imports files into IndexedDB and writes export zips, so the page stays responsive.

import { writeDatasetZip } from '../core/export/zip.ts';
import { importFiles } from '../core/import/importer.ts';
import { demoFiles } from '../core/synth/demoFiles.ts';
import type { SourceFile } from '../core/import/source.ts';
import { APP_VERSION } from '../core/version.ts';
import { CuratorDB } from '../store/db.ts';
import { dexieJobStore, importIntoDataset, iterateItems, loadItems } from '../store/repo.ts';
import type { ImageRecord } from '../store/db.ts';
import { decodeRgba } from './decodeImage.ts';
import { contentHash, sniffImage } from '../core/import/image.ts';
import { currentCaption, type Item } from '../core/model.ts';
import { exportDataset } from '../core/export/formats.ts';
import { zipSink } from '../core/export/zipSink.ts';
import type { Negative } from '../core/negatives/types.ts';
import { JobQueue } from '../core/providers/queue.ts';
import { routeFor, withGeneratedCaption, withGeneratedImage, type Route } from '../core/providers/routes.ts';
import { DEFAULT_PROMPTS, type CaptionResult, type ImageResult } from '../core/providers/types.ts';
import { ProviderError } from '../core/retry.ts';
import { type ImageInput } from '../core/image/types.ts';
import type { DataRequest, DataResponse, PickedFile } from './protocol.ts';
import { makeThumbnail } from './thumbnail.ts';
import { providerFor } from './provider.ts';
import { generateNegatives, type GenerateResult, type Skipped } from '../core/negatives/generate.ts';

const db = new CuratorDB();
const running = new Map<string, AbortController>();
const queues = new Map<string, JobQueue<CaptionResult | ImageResult>>();
const post = (m: DataResponse) => (self as unknown as Worker).postMessage(m);

/** Run a job that `cancel` can stop; a failure is reported to the page with its message. */
async function cancellable(jobId: string, job: (signal: AbortSignal) => Promise<void>) {
  const abort = new AbortController();
  running.set(jobId, abort);
  try {
    await job(abort.signal);
  } catch (err) {
    post({ type: 'failed', jobId, message: (err as Error).message });
  } finally {
    running.delete(jobId);
  }
}

/** An image's bytes and type from the database; a clear error if the record is gone. */
async function readImage(hash: string): Promise<{ bytes: Uint8Array; mime: ImageRecord['mime'] }> {
  const rec = await db.images.get(hash);
  if (!rec) throw new Error(`image ${hash} is missing from the database — re-import the item's image`);
  return { bytes: new Uint8Array(await rec.blob.arrayBuffer()), mime: rec.mime };
}

/** Image types by hash for an export's rows: each image record is read once for its type, not once per row. */
function mimeCache(): (hash: string) => Promise<ImageRecord['mime']> {
  const mimes = new Map<string, ImageRecord['mime']>();
  return async (hash) => {
    let mime = mimes.get(hash);
    if (!mime) mimes.set(hash, (mime = (await db.images.get(hash))?.mime ?? 'image/png'));
    return mime;
  };
}

function toSource({ path, file }: PickedFile): SourceFile {
  return { path, size: file.size, bytes: async () => new Uint8Array(await file.arrayBuffer()), stream: () => file.stream() };
}

self.onmessage = async (e: MessageEvent<DataRequest>) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    running.get(msg.jobId)?.abort();
    await queues.get(msg.jobId)?.cancel();
    return;
  }
  if (msg.type === 'routes-pause') {
    const q = queues.get(msg.jobId);
    if (msg.paused) q?.pause();
    else q?.unpause();
    return;
  }
  if (msg.type === 'negatives') return cancellable(msg.jobId, (signal) => runNegatives(msg, signal));
  if (msg.type === 'export-training') return cancellable(msg.jobId, (signal) => runTrainingExport(msg, signal));
  if (msg.type === 'routes') {
    try {
      await runRoutes(msg);
    } catch (err) {
      post({ type: 'failed', jobId: msg.jobId, message: (err as Error).message });
    } finally {
      queues.delete(msg.jobId);
    }
    return;
  }
  if (msg.type === 'import' || msg.type === 'demo') return cancellable(msg.jobId, (signal) => runImport(msg, signal));
  if (msg.type === 'export') return cancellable(msg.jobId, (signal) => runAcceptedExport(msg, signal));
};

/** An import (picked files or the demo) into a dataset, with progress at most every 100 ms. */
async function runImport(msg: Extract<DataRequest, { type: 'import' | 'demo' }>, signal: AbortSignal) {
  let last = 0;
  const files = msg.type === 'demo' ? demoFiles(msg.seed, msg.count) : msg.files.map(toSource);
  const report = await importIntoDataset(db, msg.datasetId, [...new Set(files.map((f) => f.path.split('/')[0]))], importFiles(files), {
    thumbnailer: makeThumbnail,
    signal,
    onProgress: (progress) => {
      const now = performance.now();
      if (now - last > 100) {
        last = now;
        post({ type: 'import-progress', jobId: msg.jobId, progress });
      }
    },
  });
  post({ type: 'import-done', jobId: msg.jobId, report });
}

/** The accepted pairs as this app's dataset folder, zipped. */
async function runAcceptedExport(msg: Extract<DataRequest, { type: 'export' }>, signal: AbortSignal) {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  // The manifest states the cut and whether it was approved as it stands.
  const cut = await db.cuts.get(msg.datasetId);
  const threshold = cut
    ? { model: cut.model, value: cut.value, mode: cut.mode, approved: cut.approval && cut.approval.value === cut.value && cut.approval.model === cut.model ? cut.approval : null }
    : null;
  const accepted = () => iterateItems(db, msg.datasetId, (i) => i.status === 'accepted' && i.kind === 'pair');
  const result = await writeDatasetZip(
    { items: accepted, image: readImage, mime: mimeCache() },
    {
      manifest: { app: 'clip-curator', version: APP_VERSION, dataset: msg.datasetName, filter: 'status = accepted, kind = pair', threshold, exportedAt: new Date().toISOString(), exportedBy: msg.reviewer },
      onChunk: (c) => void chunks.push(c as Uint8Array<ArrayBuffer>),
      onProgress: (done, phase) => {
        if (signal.aborted) throw new Error('export cancelled');
        post({ type: 'export-progress', jobId: msg.jobId, done, phase });
      },
    },
  );
  post({ type: 'export-done', jobId: msg.jobId, blob: new Blob(chunks, { type: 'application/zip' }), ...result });
}

/** Run the preprocessing routes for a dataset: unfinished jobs from before a reload first, then new ones. */
async function runRoutes(msg: Extract<DataRequest, { type: 'routes' }>) {
  const provider = providerFor(msg.provider, msg.hf);
  const imageOf = async (hash: string): Promise<ImageInput> => {
    const rec = await db.images.get(hash);
    if (!rec) throw new ProviderError('the image is missing from the database', false);
    return { bytes: new Uint8Array(await rec.blob.arrayBuffer()), mime: rec.mime };
  };
  const queue = new JobQueue<CaptionResult | ImageResult>(
    dexieJobStore(db),
    {
      run: async (job, signal) => {
        const item = await db.items.get(job.itemId);
        if (!item) throw new ProviderError('the item no longer exists', false);
        const caption = currentCaption(item);
        if (job.route === 'generate') return provider.textToImage(caption!, signal);
        const image = await imageOf(item.imageHash!);
        // The template the job was queued with, so a resumed job uses the same version.
        return job.route === 'caption' ? provider.caption(image, job.prompt ?? DEFAULT_PROMPTS.caption, signal) : provider.repair(image, caption ?? '', job.prompt ?? DEFAULT_PROMPTS.repair, signal);
      },
      apply: async (job, result) => {
        const at = new Date().toISOString();
        let image: ImageRecord | undefined;
        let thumb: Blob | undefined;
        let hash: string | undefined;
        if ('bytes' in result) {
          hash = await contentHash(result.bytes);
          const info = sniffImage(result.bytes);
          if ('error' in info) throw new ProviderError(`the generated image cannot be decoded: ${info.error}`, true);
          const blob = new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type: info.mime });
          const t = await makeThumbnail(blob);
          if ('error' in t) throw new ProviderError(`the generated image cannot be decoded: ${t.error}`, true);
          image = { hash, blob, mime: info.mime, width: info.width, height: info.height };
          thumb = t;
        }
        // Idempotent: a job's version is added once even if the job runs again after a crash.
        await db.transaction('rw', [db.items, db.images, db.thumbs], async () => {
          const item = await db.items.get(job.itemId);
          if (!item) return;
          if (image && thumb) {
            await db.images.put(image);
            await db.thumbs.put({ hash: image.hash, blob: thumb });
          }
          const next = 'bytes' in result ? withGeneratedImage(item, hash!, result, job.id, at) : withGeneratedCaption(item, result, job.id, at);
          if (next !== item) await db.items.put(next);
        });
      },
    },
    { concurrency: msg.provider === 'hf' ? 4 : 2, baseDelayMs: 1000, timeoutMs: msg.provider === 'hf' ? (msg.hf?.timeoutSeconds ?? 120) * 1000 : 120_000, onChange: (counts) => post({ type: 'routes-progress', jobId: msg.jobId, counts }) },
  );
  queues.set(msg.jobId, queue);
  await queue.resume(msg.datasetId);
  if (!msg.resumeOnly) {
    const items = await loadItems(db, msg.datasetId);
    const only = msg.itemIds ? new Set(msg.itemIds) : undefined;
    const wanted = items.filter((i) => (!only || only.has(i.id)) && msg.routes.includes(routeFor(i, msg.cut) as Route));
    await queue.enqueue(
      wanted.map((i) => {
        const route = routeFor(i, msg.cut)!;
        return { datasetId: msg.datasetId, itemId: i.id, route, ...(route === 'generate' ? {} : { prompt: msg.prompts[route] }) };
      }),
    );
  }
  const counts = await queue.run();
  const failed = (await db.jobs.where('datasetId').equals(msg.datasetId).filter((j) => j.status === 'failed').toArray()).map((j) => ({ itemId: j.itemId, reason: j.error ?? 'failed' }));
  post({ type: 'routes-done', jobId: msg.jobId, counts, failed });
}

/** Store an image made by a generator (a shuffle, an edit) once by content hash, with its thumbnail. */
async function storeImage(bytes: Uint8Array): Promise<string> {
  const hash = await contentHash(bytes);
  if (await db.images.get(hash)) return hash;
  const info = sniffImage(bytes);
  if ('error' in info) throw new ProviderError(`the generated image cannot be decoded: ${info.error}`, true);
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: info.mime });
  const thumb = await makeThumbnail(blob);
  if ('error' in thumb) throw new ProviderError(`the generated image cannot be decoded: ${thumb.error}`, true);
  await db.transaction('rw', [db.images, db.thumbs], async () => {
    await db.images.put({ hash, blob, mime: info.mime, width: info.width, height: info.height });
    await db.thumbs.put({ hash, blob: thumb });
  });
  return hash;
}

/** Hard negatives for every pair that is not rejected; existing ones (and their decisions) are kept. */
async function runNegatives(msg: Extract<DataRequest, { type: 'negatives' }>, signal: AbortSignal) {
  // Verified pairs only: accepted ones, and undecided ones that pass the cut (all undecided ones when there is no cut).
  const passes = (i: Item) => i.status === 'accepted' || (i.status === 'pending' && (!msg.cut || (i.scores?.[msg.cut.model] ?? Infinity) >= msg.cut.value));
  const items = (await loadItems(db, msg.datasetId)).filter((i) => i.kind === 'pair' && passes(i) && i.imageHash && currentCaption(i));
  const existing = new Set((await db.negatives.where('datasetId').equals(msg.datasetId).primaryKeys()) as string[]);
  const positives = items.map((i) => ({ id: i.id, datasetId: msg.datasetId, text: currentCaption(i)!, imageHash: i.imageHash! }));
  const provider = msg.options.generator === 'llm' || msg.options.imageEdits ? providerFor(msg.provider, msg.hf) : undefined;
  let last = 0;
  let made = 0;
  const skipped: Skipped[] = [];
  const timing: GenerateResult['timing'] = {};
  // In slices, so that a long run writes as it goes and a reload loses at most one slice.
  for (let i = 0; i < positives.length; i += 20) {
    const slice = positives.slice(i, i + 20);
    const out = await generateNegatives(slice, msg.options, {
      loadImage: async (hash) => {
        const rec = await db.images.get(hash);
        if (!rec) throw new Error('the image is missing from the database');
        return { rgba: await decodeRgba(rec.blob), input: { bytes: new Uint8Array(await rec.blob.arrayBuffer()), mime: rec.mime } };
      },
      putImage: (bytes) => storeImage(bytes),
      provider,
      existing,
      signal,
    });
    await db.negatives.bulkPut(out.negatives);
    made += out.negatives.length;
    skipped.push(...out.skipped);
    for (const [k, v] of Object.entries(out.timing)) {
      const t = (timing[k] ??= { count: 0, ms: 0 });
      t.count += v.count;
      t.ms += v.ms;
    }
    const now = performance.now();
    if (now - last > 100 || i + 20 >= positives.length) {
      last = now;
      post({ type: 'negatives-progress', jobId: msg.jobId, done: Math.min(positives.length, i + 20), total: positives.length });
    }
  }
  post({ type: 'negatives-done', jobId: msg.jobId, made, skipped: skipped.slice(0, 500), timing });
}

/** A training set in one of the export formats, streamed into a zip: rows from IndexedDB, one image at a time. */
async function runTrainingExport(msg: Extract<DataRequest, { type: 'export-training' }>, signal: AbortSignal) {
  const t0 = performance.now();
  const out = await exportTarget(`${msg.datasetId}-${msg.format}.zip`);
  const sink = zipSink((c) => out.write(c));
  // Formats that store an image per sample (WebDataset, Parquet) read the same image many times: keep recent ones.
  const recent = new Map<string, { bytes: Uint8Array; mime: ImageRecord['mime'] }>();
  let recentBytes = 0;
  const wanted = (i: Item) =>
    i.kind === 'pair' &&
    !!i.imageHash &&
    (msg.filter === 'accepted' ? i.status === 'accepted' : i.status !== 'rejected' && (msg.filter !== 'cut' || !msg.cut || (i.scores?.[msg.cut.model] ?? -Infinity) >= msg.cut.value));
  // Kept negatives (not set aside, not rejected), grouped by their positive item.
  const byItem = new Map<string, Negative[]>();
  await db.negatives
    .where('datasetId')
    .equals(msg.datasetId)
    .each((n) => {
      if (n.filtered || n.status === 'rejected') return;
      const list = byItem.get(n.itemId);
      if (list) list.push(n);
      else byItem.set(n.itemId, [n]);
    });
  for (const list of byItem.values()) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  const cut = await db.cuts.get(msg.datasetId);
  const result = await exportDataset(
    {
      pairs: async function* () {
        for await (const item of iterateItems(db, msg.datasetId, wanted)) {
          if (signal.aborted) throw new Error('export cancelled');
          yield { item, negatives: byItem.get(item.id) ?? [] };
        }
      },
      image: async (hash) => {
        const hit = recent.get(hash);
        if (hit) return hit;
        const out = await readImage(hash);
        recent.set(hash, out);
        recentBytes += out.bytes.byteLength;
        // At most 64 MiB of images, oldest out first.
        for (const [k, v] of recent) {
          if (recentBytes <= 64 * 2 ** 20) break;
          recent.delete(k);
          recentBytes -= v.bytes.byteLength;
        }
        return out;
      },
      mime: mimeCache(),
    },
    sink,
    {
      format: msg.format,
      shardSize: msg.shardSize,
      manifest: {
        app: 'clip-curator',
        version: APP_VERSION,
        dataset: msg.datasetName,
        filter: msg.filter === 'accepted' ? 'status = accepted' : msg.filter === 'cut' && msg.cut ? `not rejected, ${msg.cut.model} ≥ ${msg.cut.value}` : 'not rejected',
        negatives: 'kept (not set aside by a filter) and not rejected',
        threshold: cut ? { model: cut.model, value: cut.value, approved: !!(cut.approval && cut.approval.value === cut.value && cut.approval.model === cut.model) } : null,
        models: msg.models,
        exportedBy: msg.reviewer,
      },
      onProgress: (done) => post({ type: 'export-progress', jobId: msg.jobId, done, phase: 'rows' }),
    },
  );
  await sink.finish();
  const blob = await out.close();
  post({ type: 'export-training-done', jobId: msg.jobId, blob, pairs: result.pairs, images: result.images, negatives: result.negatives, ms: performance.now() - t0 });
}

/**
 * Where an export zip goes: a file in the origin-private file system, written through a sync access handle, so a
 * large export streams to disk and the download reads it from there; where OPFS is missing, a Blob folded every
 * 32 MiB (the browser may keep large Blobs on disk). Earlier export files are removed first.
 */
async function exportTarget(name: string): Promise<{ write: (chunk: Uint8Array) => void; close: () => Promise<Blob> }> {
  try {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('exports', { recursive: true }).catch(() => {});
    const dir = await root.getDirectoryHandle('exports', { create: true });
    const handle = await dir.getFileHandle(name.replace(/[^\w.-]+/g, '_'), { create: true });
    const access = await (handle as FileSystemFileHandle & { createSyncAccessHandle(): Promise<{ write(b: Uint8Array, o: { at: number }): number; flush(): void; close(): void; truncate(n: number): void }> }).createSyncAccessHandle();
    access.truncate(0);
    let at = 0;
    // Small chunks (tar headers, zip records) are gathered into 4 MiB writes: one write per chunk is slow.
    const buffer = new Uint8Array(4 * 2 ** 20);
    let used = 0;
    const flush = () => {
      if (used) at += access.write(buffer.subarray(0, used), { at });
      used = 0;
    };
    return {
      write: (chunk) => {
        if (used + chunk.byteLength > buffer.byteLength) flush();
        if (chunk.byteLength >= buffer.byteLength) at += access.write(chunk, { at });
        else {
          buffer.set(chunk, used);
          used += chunk.byteLength;
        }
      },
      close: async () => {
        flush();
        access.flush();
        access.close();
        return handle.getFile();
      },
    };
  } catch {
    let blob = new Blob([], { type: 'application/zip' });
    let chunks: Uint8Array<ArrayBuffer>[] = [];
    let pending = 0;
    const fold = () => {
      blob = new Blob([blob, ...chunks], { type: 'application/zip' });
      chunks = [];
      pending = 0;
    };
    return {
      write: (chunk) => {
        chunks.push(chunk as Uint8Array<ArrayBuffer>);
        pending += chunk.byteLength;
        if (pending > 32 * 2 ** 20) fold();
      },
      close: async () => (fold(), blob),
    };
  }
}
