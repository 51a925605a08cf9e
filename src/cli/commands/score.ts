// `clip-curator score`: score pairs with the bundled or given CLIP models in onnxruntime-node.

import { scorePairs, memoryStore } from '../../core/clip/pipeline.ts';
import { ENSEMBLE } from '../../core/clip/score.ts';
import { decodeImage } from '../decode.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../models.ts';
import { parse, readInputs, usageError, writeFolder, type Io } from '../common.ts';
import { preloadVectors, readStoredVectors, writeVectors } from '../vectors.ts';
import { alreadyDone, shardRecord, stageOutput } from '../shard.ts';

export async function runScore(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    json: { type: 'boolean' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    models: { type: 'string' },
    batch: { type: 'string' },
    threads: { type: 'string' },
    shard: { type: 'string' },
    embeddings: { type: 'boolean' },
  });
  if (values.embeddings && !values.out) throw usageError('--embeddings writes them beside the dataset: give --out DIR');
  const output = await stageOutput(values);
  if (output.done) {
    io.err(alreadyDone(output));
    return 0;
  }
  const inputs = await readInputs(paths, output.select);
  const modelNames = values.models
    ? values.models
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean)
    : DEFAULT_MODELS;
  const models = await loadNodeModels(modelNames, values.threads ? Number(values.threads) : undefined);
  const pairs = inputs.items.flatMap((it, i) => (it.kind === 'pair' && it.image ? [{ id: String(i), imageHash: it.image.hash, text: it.caption! }] : []));
  // Embeddings stored beside the input (an earlier score --embeddings, a merge) are used, not computed again.
  const store = memoryStore();
  await preloadVectors(
    await readStoredVectors(paths, io),
    store,
    models.map((m) => m.id),
  );
  const result = await scorePairs(models, pairs, {
    loadImage: async (hash) => decodeImage(inputs.images.get(hash)!),
    store,
    batchSize: values.batch ? Number(values.batch) : 16,
  });
  for (const m of models) await m.release();
  if (output.out) {
    let seq = 0;
    await writeFolder(
      output.out,
      values.force,
      inputs,
      'score',
      (item) => {
        const scores = result.scores.get(String(seq++));
        return scores ? { ...item, scores: { ...item.scores, ...scores } } : item;
      },
      shardRecord(output, inputs),
      values.embeddings
        ? async (dir) => ({
            vectors: await writeVectors(
              dir,
              store,
              models.map((m) => m.id),
              pairs.filter((p) => result.scores.has(p.id)),
            ),
          })
        : undefined,
    );
  }
  inputs.items.forEach((it, i) => {
    const scores = result.scores.get(String(i));
    const failed = result.failed.find((f) => f.id === String(i));
    const { [ENSEMBLE]: ensemble, ...perModel } = scores ?? {};
    const line = {
      file_name: it.image?.name ?? null,
      text: it.caption ?? null,
      kind: it.kind,
      scores: scores ? perModel : null,
      ensemble: ensemble ?? null,
      ...(failed ? { error: failed.reason } : {}),
    };
    if (values.json) io.out(JSON.stringify(line));
    else io.out(`${scores ? ensemble!.toFixed(4) : '   –  '}  ${it.image?.name ?? '(no image)'}  ${it.caption ?? ''}`);
  });
  for (const e of inputs.summary.errors) io.err(`  ${e.source}${e.row !== undefined ? `:${e.row}` : ''}: ${e.reason}`);
  return 0;
}
