// The training-set export job: rows from IndexedDB, one image at a time, in one of the export formats, streamed into
// a zip in OPFS.

import { basicFilter, describeBasicFilters, hasBasicFilters } from '../../core/curation/basics.ts';
import { NEAR_DUPLICATE_LABEL } from '../../core/search/dedup.ts';
import { exportDataset } from '../../core/export/formats.ts';
import { zipSink } from '../../core/export/zipSink.ts';
import { isCutApproved, isHistoryBatch, type Item } from '../../core/model.ts';
import { APP_VERSION } from '../../core/version.ts';
import { mimeCache, readImage } from '../../persist/images.ts';
import { dexieEmbeddingStore } from '../../persist/embeddings.ts';
import { storedEmbeddings } from '../../core/export/embeddings.ts';
import { keptNegativesByItem } from '../../persist/negatives.ts';
import { iterateItems, loadCut, loadItems } from '../../persist/repo.ts';
import type { TrainingExportRequest } from '../dataProtocol.ts';
import { db } from './context.ts';
import { exportTarget } from './exportTarget.ts';

/** Recently read images, at most `budget` bytes, oldest out first: WebDataset and Parquet read the same image many times. */
function recentImages(budget: number) {
  const recent = new Map<string, Awaited<ReturnType<typeof readImage>>>();
  let bytes = 0;
  return async (hash: string) => {
    const hit = recent.get(hash);
    if (hit) return hit;
    const out = await readImage(db, hash);
    recent.set(hash, out);
    bytes += out.bytes.byteLength;
    for (const [k, v] of recent) {
      if (bytes <= budget) break;
      recent.delete(k);
      bytes -= v.bytes.byteLength;
    }
    return out;
  };
}

export async function exportTraining(request: TrainingExportRequest, onProgress: (done: number) => void, signal: AbortSignal) {
  const t0 = performance.now();
  const out = await exportTarget(`${request.datasetId}-${request.format}.zip`);
  const sink = zipSink((c) => out.write(c));
  const { filter, cut: at } = request;
  const wanted = (i: Item) =>
    i.kind === 'pair' &&
    !!i.imageHash &&
    (filter === 'accepted' ? i.status === 'accepted' : i.status !== 'rejected' && (filter !== 'cut' || !at || (i.scores?.[at.model] ?? -Infinity) >= at.value));
  // DataComp's basics: the repeated-caption filter needs every item, so they are read once up front.
  const basic = request.basics && hasBasicFilters(request.basics) ? basicFilter(request.basics, await loadItems(db, request.datasetId)) : undefined;
  const byItem = await keptNegativesByItem(db, request.datasetId);
  const cut = await loadCut(db, request.datasetId);
  // Near-duplicates rejected by "keep one per cluster" (and not undone), reported in the manifest.
  const dedupRuns = (await db.history.where('datasetId').equals(request.datasetId).toArray()).filter(
    (h) => h.label?.startsWith(NEAR_DUPLICATE_LABEL) && !h.undone && !h.undoOf,
  );
  const result = await exportDataset(
    {
      pairs: async function* () {
        for await (const item of iterateItems(db, request.datasetId, (i) => wanted(i) && (!basic || basic(i)))) {
          if (signal.aborted) throw new Error('export cancelled');
          yield { item, negatives: byItem.get(item.id) ?? [] };
        }
      },
      image: recentImages(64 * 2 ** 20),
      mime: mimeCache(db),
    },
    sink,
    {
      format: request.format,
      shardSize: request.shardSize,
      manifest: {
        app: 'clip-curator',
        version: APP_VERSION,
        dataset: request.datasetName,
        filter: filter === 'accepted' ? 'status = accepted' : filter === 'cut' && at ? `not rejected, ${at.model} ≥ ${at.value}` : 'not rejected',
        negatives: 'kept (not set aside by a filter) and not rejected',
        basics: request.basics && hasBasicFilters(request.basics) ? { ...request.basics, described: describeBasicFilters(request.basics) } : null,
        threshold: cut ? { model: cut.model, value: cut.value, approved: isCutApproved(cut) } : null,
        models: request.models,
        nearDuplicates: dedupRuns.length
          ? {
              rejectedAsCopies: new Set(dedupRuns.flatMap((h) => (isHistoryBatch(h) ? h.entries.map((e) => e.itemId) : [h.itemId]))).size,
              commands: [...new Set(dedupRuns.map((h) => h.label))],
            }
          : null,
        exportedBy: request.reviewer,
      },
      onProgress,
      embeddings: request.embeddings ? storedEmbeddings(request.models, dexieEmbeddingStore(db)) : undefined,
    },
  );
  await sink.finish();
  const blob = await out.close();
  return { blob, pairs: result.pairs, images: result.images, negatives: result.negatives, warnings: result.warnings, ms: performance.now() - t0 };
}
