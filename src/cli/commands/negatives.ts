// `clip-curator negatives`: hard negatives for the pairs that pass the threshold, with their scores.

import { jsonLine } from '../../core/export/jsonLine.ts';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { scorePairs, memoryStore } from '../../core/clip/pipeline.ts';
import { ENSEMBLE } from '../../core/clip/score.ts';
import { contentHash, type ImageInfo } from '../../core/import/image.ts';
import { currentCaption } from '../../core/model.ts';
import { decodeImage } from '../decode.ts';
import { toContentItem } from '../../core/import/toItem.ts';
import { APP_VERSION } from '../../core/version.ts';
import { DatasetFolderWriter } from '../folder.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../models.ts';
import { DEFAULT_NEGATIVE_OPTIONS, generateNegatives } from '../../core/negatives/generate.ts';
import { applyFilters, scoreNegatives, wrongByModel } from '../../core/negatives/quality.ts';
import { parseTypes, type NegativeType } from '../../core/negatives/types.ts';
import { negativeToRow } from '../../core/negatives/rows.ts';
import { imageFileName } from '../../core/export/rows.ts';
import { cliProvider, parse, readInputs, usageError, type Io } from '../common.ts';
import { alreadyDone, shardRecord, stageOutput } from '../shard.ts';

export async function runNegatives(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    out: { type: 'string' },
    force: { type: 'boolean' },
    types: { type: 'string' },
    seed: { type: 'string' },
    grid: { type: 'string' },
    generator: { type: 'string' },
    'image-edits': { type: 'boolean' },
    provider: { type: 'string' },
    threshold: { type: 'string' },
    models: { type: 'string' },
    endpoint: { type: 'string' },
    'image-endpoint': { type: 'string' },
    model: { type: 'string' },
    json: { type: 'boolean' },
    shard: { type: 'string' },
  });
  let types: NegativeType[];
  try {
    types = values.types ? parseTypes(values.types) : DEFAULT_NEGATIVE_OPTIONS.types;
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const seed = values.seed ? Number(values.seed) : 1;
  const grid = values.grid ? Number(values.grid) : 3;
  const threshold = values.threshold ? Number(values.threshold) : 0.3;
  if (!Number.isInteger(seed) || seed < 0) throw usageError('--seed must be a whole number');
  if (![2, 3, 4].includes(grid)) throw usageError('--grid must be 2, 3 or 4');
  if (!Number.isFinite(threshold)) throw usageError('--threshold must be a number');
  const generator = values.generator ?? 'rules';
  if (generator !== 'rules' && generator !== 'llm') throw usageError(`unknown generator "${generator}" — use rules or llm`);
  const { name: providerName, provider } = cliProvider(values.provider, {
    chatEndpointUrl: values.endpoint,
    imageEndpointUrl: values['image-endpoint'] ?? values.endpoint,
    ...(values.model ? { llmModel: values.model } : {}),
  });
  const output = await stageOutput(values);
  if (output.done) {
    io.err(alreadyDone(output));
    return 0;
  }
  const inputs = await readInputs(paths, output.select);
  const now = new Date().toISOString();
  const items = inputs.items.map((it, seq) => toContentItem(it, 'cli', seq, now));
  const images = new Map<string, { bytes: Uint8Array; mime: string }>();
  for (const it of inputs.items)
    if (it.image && inputs.images.has(it.image.hash)) images.set(it.image.hash, { bytes: inputs.images.get(it.image.hash)!, mime: it.image.mime });
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const store = memoryStore();
  const scorer = async (pairs: { imageHash: string; text: string }[]) => {
    const r = await scorePairs(
      models,
      pairs.map((p, i) => ({ id: String(i), ...p })),
      { store, loadImage: async (h) => decodeImage(images.get(h)!.bytes) },
    );
    return pairs.map((_, i) => r.scores.get(String(i)) ?? null);
  };
  const pairs = items.filter((i) => i.kind === 'pair' && i.imageHash && currentCaption(i) && images.has(i.imageHash));
  const pairScores = await scorer(pairs.map((i) => ({ imageHash: i.imageHash!, text: currentCaption(i)! })));
  // The written dataset carries the scores, so that a later export can filter on them.
  pairs.forEach((item, k) => pairScores[k] && (item.scores = { ...item.scores, ...pairScores[k]! }));
  const positives = pairs
    .filter((_, k) => (pairScores[k]?.[ENSEMBLE] ?? -Infinity) >= threshold)
    .map((i) => ({ id: i.id, datasetId: 'cli', text: currentCaption(i)!, imageHash: i.imageHash! }));
  const t0 = performance.now();
  const made = await generateNegatives(
    positives,
    { types, seed, grid, generator, imageEdits: !!values['image-edits'] },
    {
      loadImage: async (hash) => ({
        rgba: await decodeImage(images.get(hash)!.bytes),
        input: { bytes: images.get(hash)!.bytes, mime: images.get(hash)!.mime },
      }),
      putImage: async (bytes, mime) => {
        const hash = await contentHash(bytes);
        images.set(hash, { bytes, mime });
        return hash;
      },
      provider,
    },
  );
  const generateMs = performance.now() - t0;
  const negatives = applyFilters(await scoreNegatives(made.negatives, scorer));
  for (const m of models) await m.release();
  const byId = new Map(items.map((i) => [i.id, i]));
  const mimeOf = (hash: string) => images.get(hash)!.mime as ImageInfo['mime'];
  if (output.out) {
    const writer = await DatasetFolderWriter.open(output.out, values.force);
    for (const item of items) {
      const img = item.imageHash ? images.get(item.imageHash) : undefined;
      await writer.add(item, img ? { mime: img.mime as ImageInfo['mime'], bytes: async () => img.bytes } : undefined);
    }
    await fs.mkdir(path.join(writer.dir, 'negatives'), { recursive: true });
    const lines: string[] = [];
    for (const n of negatives) {
      let negativeFile: string | undefined;
      if (n.imageHash) {
        negativeFile = `negatives/${imageFileName(n.imageHash, mimeOf(n.imageHash)).split('/').pop()}`;
        await fs.writeFile(path.join(writer.dir, negativeFile), images.get(n.imageHash)!.bytes);
      }
      lines.push(jsonLine(negativeToRow(n, imageFileName(n.positiveImageHash, mimeOf(n.positiveImageHash)), negativeFile, byId.get(n.itemId)?.source)));
    }
    await fs.writeFile(path.join(writer.dir, 'negatives.jsonl'), lines.join('\n') + (lines.length ? '\n' : ''));
    await writer.close({
      app: 'clip-curator',
      version: APP_VERSION,
      stage: 'negatives',
      types,
      seed,
      grid,
      generator,
      provider: providerName,
      threshold: { model: ENSEMBLE, value: threshold },
      negatives: negatives.length,
      createdAt: now,
      ...shardRecord(output, inputs),
    });
  }
  const reasons: Record<string, number> = {};
  // Grouped by reason, with the quoted caption left out so that one reason is one line.
  for (const s of made.skipped) {
    const key = `${s.type}: ${s.reason.replace(/"[^"]*"/g, '"…"')}`;
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  const figures = wrongByModel(negatives);
  const perType = Object.fromEntries(
    Object.entries(made.timing).map(([type, t]) => [
      type,
      {
        made: t.count,
        perSecond: t.ms > 0 ? Math.round((t.count / t.ms) * 1000) : null,
        kept: figures[type]?.count ?? 0,
        modelWrong: figures[type]?.wrong ?? {},
      },
    ]),
  );
  const summary = {
    command: 'negatives',
    provider: providerName,
    generator,
    types,
    seed,
    grid,
    threshold: { model: ENSEMBLE, value: threshold },
    positives: positives.length,
    made: negatives.length,
    setAside: negatives.filter((n) => n.filtered).length,
    skipped: reasons,
    perType,
    generateMs: Math.round(generateMs),
    ...(output.out ? { out: output.out } : {}),
  };
  io.out(
    values.json
      ? JSON.stringify(summary)
      : `negatives: ${negatives.length} made for ${positives.length} pairs (${summary.setAside} set aside by the filters); ${made.skipped.length} not made`,
  );
  return 0;
}
