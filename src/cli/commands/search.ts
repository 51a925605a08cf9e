// `clip-curator search`: rank a dataset's images by a text prompt or by an image file (more like this), with the
// bundled or given models in onnxruntime-node; the best K with file_name, caption and score.

import { readFile } from 'node:fs/promises';
import { embedImages, imageKey, memoryStore } from '../../core/clip/pipeline.ts';
import { readStoredVectors } from '../vectors.ts';
import type { ClipModel } from '../../core/clip/session.ts';
import { buildIndex, type EmbeddingIndex, ensembleScores, similarities, topK } from '../../core/search/rank.ts';
import { decodeImage } from '../decode.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../models.ts';
import { type Inputs, parse, readInputs, usageError, type Io } from '../common.ts';

export async function runSearch(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    text: { type: 'string' },
    image: { type: 'string' },
    top: { type: 'string' },
    models: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.text === !values.image) throw usageError('give one of --text "a prompt" or --image FILE');
  const top = values.top ? Number(values.top) : 20;
  if (!Number.isInteger(top) || top < 1) throw usageError('--top must be a whole number of at least 1');
  const inputs = await readInputs(paths);
  const queryImage = values.image ? await decodeImage(new Uint8Array(await readFile(values.image))) : undefined;
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const hashes = [...inputs.images.keys()];
  const t0 = performance.now();
  const perModel = [];
  const stored = await readStoredVectors(paths, io);
  for (const m of models) {
    const index = await indexImages(m, inputs, io, stored.get(m.id));
    const query = values.text ? (await m.embedTexts([values.text]))[0] : (await m.embedPixels(m.pixelBatch([queryImage!]), 1))[0];
    perModel.push({ index, scores: similarities(index, query) });
    await m.release();
  }
  const ranked = topK(ensembleScores(perModel), top);
  const byHash = rowsByImage(inputs);
  for (const [hash, score] of ranked) {
    const it = byHash.get(hash)!;
    if (values.json) io.out(JSON.stringify({ file_name: it.image!.name, text: it.caption ?? null, score }));
    else io.out(`${score.toFixed(4)}  ${it.image!.name}  ${it.caption ?? ''}`);
  }
  io.err(`search: ranked ${hashes.length} images with ${models.length} model(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

/** Embed every image of the inputs with one model into a search index; an image that cannot be decoded is named and left out. */
export async function indexImages(m: ClipModel, inputs: Inputs, io: Io, stored?: Map<string, Float32Array>): Promise<EmbeddingIndex> {
  const hashes = [...inputs.images.keys()];
  // Images with a stored embedding (vectors/ beside the input) are not encoded again.
  const missing = stored ? hashes.filter((h) => !stored.has(imageKey(h))) : hashes;
  const { vectors, broken } = await embedImages(m, missing, { store: memoryStore(), loadImage: async (h) => decodeImage(inputs.images.get(h)!) });
  for (const [h, reason] of broken) io.err(`  ${h.slice(0, 12)}…: left out, the image cannot be decoded: ${reason}`);
  return buildIndex(hashes.map((h) => [h, stored?.get(imageKey(h)) ?? vectors.get(h)]));
}

/** The row naming each image (a lone image has no caption; an image shared by rows shows the first). */
export function rowsByImage(inputs: Inputs): Map<string, Inputs['items'][number]> {
  const byHash = new Map<string, Inputs['items'][number]>();
  for (const it of inputs.items) if (it.image && !byHash.has(it.image.hash)) byHash.set(it.image.hash, it);
  return byHash;
}
