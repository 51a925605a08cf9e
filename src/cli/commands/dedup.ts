// `clip-curator dedup`: clusters of near-identical images (re-encoded, resized, cropped, brightened copies) by the
// cosine of their embeddings, with the bundled or given models; each cluster as the file_names the dataset's metadata
// uses, largest first.

import { DEFAULT_DEDUP_THRESHOLD, extraCopies, nearDuplicates } from '../../core/search/dedup.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../models.ts';
import { parse, readInputs, usageError, type Io } from '../common.ts';
import { runScore } from './score.ts';
import { indexImages, rowsByImage } from './search.ts';
import { imageKey } from '../../core/clip/pipeline.ts';
import { readStoredVectors } from '../vectors.ts';

export async function runDedup(args: string[], io: Io): Promise<number> {
  // On a cluster, dedup's embedding pass is a shard task: score --embeddings writes the part (its rows, scores and
  // embeddings); merge joins the parts; dedup on the merged folder then reads the stored embeddings.
  if (args.some((a) => a === '--shard' || a.startsWith('--shard='))) return runScore([...args.filter((a) => a !== '--embeddings'), '--embeddings'], io);
  const { positionals: paths, values } = parse(args, {
    threshold: { type: 'string' },
    models: { type: 'string' },
    json: { type: 'boolean' },
  });
  const threshold = values.threshold === undefined ? DEFAULT_DEDUP_THRESHOLD : Number(values.threshold);
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) throw usageError('--threshold must be a cosine above 0 and at most 1, like 0.95');
  const inputs = await readInputs(paths);
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const t0 = performance.now();
  const indexes = [];
  // Embeddings stored beside the input (score --embeddings, sharded or not, then merge) are used: no second pass.
  const stored = await readStoredVectors(paths, io);
  let reused = 0;
  for (const m of models) {
    const mine = stored.get(m.id);
    reused += mine ? [...inputs.images.keys()].filter((h) => mine.has(imageKey(h))).length : 0;
    indexes.push(await indexImages(m, inputs, io, mine));
    await m.release();
  }
  const { clusters, images } = nearDuplicates(indexes, threshold);
  const byHash = rowsByImage(inputs);
  const names = (c: string[]) => c.map((h) => byHash.get(h)!.image!.name);
  for (const [k, c] of clusters.entries()) {
    if (values.json) io.out(JSON.stringify(names(c)));
    else io.out(`cluster ${k + 1} (${c.length} images): ${names(c).join('  ')}`);
  }
  const copies = extraCopies(clusters);
  io.err(
    `dedup: ${images} images, ${clusters.length} cluster(s) of near-duplicates at cosine ≥ ${threshold} (${copies} image(s) beyond one per cluster), ${models.length} model(s), ${reused} stored image embedding(s) reused, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return 0;
}
