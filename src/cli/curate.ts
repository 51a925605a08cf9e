// The curation commands: hard negatives, training-set exports, and evaluation.

import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

import { scorePairs, memoryStore } from '../core/clip/pipeline.ts';
import { ENSEMBLE } from '../core/clip/score.ts';
import { contentHash, type ImageInfo } from '../core/import/image.ts';
import { currentCaption } from '../core/model.ts';
import { decodeImageBytes } from '../core/image/decode.ts';
import { toItem } from '../core/import/toItem.ts';
import { APP_VERSION } from '../core/version.ts';
import { DatasetFolderWriter } from './folder.ts';
import { DEFAULT_MODELS, loadNodeModels } from './models.ts';
import { DEFAULT_NEGATIVE_OPTIONS, generateNegatives } from '../core/negatives/generate.ts';
import { applyFilters, scoreNegatives, wrongByModel } from '../core/negatives/quality.ts';
import { parseTypes, type Negative, type NegativeType } from '../core/negatives/types.ts';
import { negativeToRow } from '../core/negatives/rows.ts';
import { imageFileName } from '../core/export/rows.ts';
import { EXPORT_FORMATS, exportDataset, type ExportFormat } from '../core/export/formats.ts';
import { folderSink } from './folderSink.ts';
import { casesFromNegatives, evaluate, formatEval, parseSugarCrepe, type EvalCase } from '../core/eval/eval.ts';
import type { NegativeRow } from '../core/negatives/rows.ts';
import { cliProvider, parse, readInputs, usageError, type Io } from './common.ts';

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
  const inputs = await readInputs(paths);
  const now = new Date().toISOString();
  const items = inputs.items.map((it, seq) => toItem(it, 'cli', seq, now));
  const images = new Map<string, { bytes: Uint8Array; mime: string }>();
  for (const it of inputs.items)
    if (it.image && inputs.images.has(it.image.hash)) images.set(it.image.hash, { bytes: inputs.images.get(it.image.hash)!, mime: it.image.mime });
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const store = memoryStore();
  const scorer = async (pairs: { imageHash: string; text: string }[]) => {
    const r = await scorePairs(
      models,
      pairs.map((p, i) => ({ id: String(i), ...p })),
      { store, loadImage: async (h) => decodeImageBytes(images.get(h)!.bytes) },
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
      loadImage: async (hash) => ({ rgba: decodeImageBytes(images.get(hash)!.bytes), input: { bytes: images.get(hash)!.bytes, mime: images.get(hash)!.mime } }),
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
  if (values.out) {
    const writer = await DatasetFolderWriter.open(values.out, values.force);
    for (const item of items) {
      const img = item.imageHash ? images.get(item.imageHash) : undefined;
      await writer.add(item, img ? { mime: img.mime as ImageInfo['mime'], bytes: async () => img.bytes } : undefined);
    }
    await fs.mkdir(path.join(values.out, 'negatives'), { recursive: true });
    const lines: string[] = [];
    for (const n of negatives) {
      let negativeFile: string | undefined;
      if (n.imageHash) {
        negativeFile = `negatives/${imageFileName(n.imageHash, mimeOf(n.imageHash)).split('/').pop()}`;
        await fs.writeFile(path.join(values.out, negativeFile), images.get(n.imageHash)!.bytes);
      }
      lines.push(JSON.stringify(negativeToRow(n, imageFileName(n.positiveImageHash, mimeOf(n.positiveImageHash)), negativeFile, byId.get(n.itemId)?.source)));
    }
    await fs.writeFile(path.join(values.out, 'negatives.jsonl'), lines.join('\n') + (lines.length ? '\n' : ''));
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
    ...(values.out ? { out: values.out } : {}),
  };
  io.out(
    values.json
      ? JSON.stringify(summary)
      : `negatives: ${negatives.length} made for ${positives.length} pairs (${summary.setAside} set aside by the filters); ${made.skipped.length} not made`,
  );
  return 0;
}

export async function runExport(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    'min-score': { type: 'string' },
    'shard-size': { type: 'string' },
    json: { type: 'boolean' },
  });
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!values.out) throw usageError('export needs --out DIR');
  const minScore = values['min-score'] !== undefined ? Number(values['min-score']) : undefined;
  if (minScore !== undefined && !Number.isFinite(minScore)) throw usageError('--min-score must be a number');
  const shardSize = values['shard-size'] ? Number(values['shard-size']) : 1000;
  if (!Number.isInteger(shardSize) || shardSize < 1) throw usageError('--shard-size must be a whole number of samples');
  if (existsSync(path.join(values.out, 'manifest.json')) && !values.force)
    throw usageError(`${values.out} already holds an export — choose another --out folder or pass --force`);
  const inputs = await readInputs(paths);
  const now = new Date(0).toISOString();
  const items = inputs.items.map((it, seq) => toItem(it, 'cli', seq, now));
  const images = new Map<string, { bytes: Uint8Array; mime: ImageInfo['mime'] }>();
  for (const it of inputs.items)
    if (it.image && inputs.images.has(it.image.hash)) images.set(it.image.hash, { bytes: inputs.images.get(it.image.hash)!, mime: it.image.mime });
  // Negatives written by `clip-curator negatives` beside the dataset: matched to pairs by file and caption.
  const negatives = new Map<string, Negative[]>();
  let negativesRead = 0;
  for (const dir of paths) {
    const file = path.join(dir, 'negatives.jsonl');
    if (!existsSync(file)) continue;
    for (const line of (await fs.readFile(file, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as NegativeRow;
      if (row.filtered || row.status === 'rejected') continue;
      let imageHash: string | undefined;
      if (row.negative_file_name) {
        const bytes = new Uint8Array(await fs.readFile(path.join(dir, row.negative_file_name)));
        imageHash = await contentHash(bytes);
        images.set(imageHash, { bytes, mime: row.negative_file_name.endsWith('.png') ? 'image/png' : 'image/jpeg' });
      }
      const key = `${row.file_name}\u0000${row.text}`;
      const list = negatives.get(key) ?? [];
      list.push({
        id: row.id,
        datasetId: 'cli',
        itemId: '',
        family: row.family as Negative['family'],
        type: row.type as Negative['type'],
        modality: row.modality,
        generator: row.generator,
        seed: row.seed,
        positiveText: row.text,
        positiveImageHash: '',
        text: row.negative_text,
        imageHash,
        change: row.change,
        grid: row.grid,
        hardness: row.hardness ?? undefined,
        status: row.status,
        createdAt: now,
      });
      negatives.set(key, list);
      negativesRead++;
    }
  }
  const chosen = items.filter(
    (i) =>
      i.kind === 'pair' &&
      i.imageHash &&
      images.has(i.imageHash) &&
      i.status !== 'rejected' &&
      (minScore === undefined || (i.scores?.[ENSEMBLE] ?? -Infinity) >= minScore),
  );
  if (minScore !== undefined && items.some((i) => i.kind === 'pair' && i.scores?.[ENSEMBLE] === undefined))
    io.err(`note: some pairs have no ensemble score and are left out by --min-score — run clip-curator score first`);
  const t0 = performance.now();
  const result = await exportDataset(
    {
      pairs: async function* () {
        for (const item of chosen)
          yield { item, negatives: negatives.get(`${imageFileName(item.imageHash!, images.get(item.imageHash!)!.mime)}\u0000${currentCaption(item)}`) ?? [] };
      },
      image: async (h) => images.get(h)!,
      mime: async (h) => images.get(h)!.mime,
    },
    folderSink(values.out),
    {
      format,
      shardSize,
      manifest: {
        app: 'clip-curator',
        version: APP_VERSION,
        filter: minScore !== undefined ? `not rejected, ensemble score ≥ ${minScore}` : 'not rejected',
        threshold: minScore !== undefined ? { model: ENSEMBLE, value: minScore } : null,
        models: DEFAULT_MODELS,
        source: paths.map((p) => path.basename(path.resolve(p))),
      },
    },
  );
  const ms = performance.now() - t0;
  const summary = {
    command: 'export',
    format,
    out: values.out,
    pairs: result.pairs,
    images: result.images,
    negatives: result.negatives,
    negativesRead,
    files: result.files.length,
    pairsPerSecond: Math.round(result.pairs / (ms / 1000)),
  };
  io.out(
    values.json
      ? JSON.stringify(summary)
      : `export: ${result.pairs} pairs, ${result.images} images, ${result.negatives} negatives as ${format} in ${values.out}`,
  );
  return 0;
}

export async function runEval(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    models: { type: 'string' },
    'accepted-only': { type: 'boolean' },
    sugarcrepe: { type: 'string' },
    images: { type: 'string' },
    json: { type: 'boolean' },
  });
  let cases: EvalCase[] = [];
  const errors: string[] = [];
  // Images by path: read (and decoded) only when a pair needs them.
  let root: string;
  if (values.sugarcrepe) {
    if (!values.images) throw usageError('--sugarcrepe needs --images DIR, the folder with the images the files name');
    root = values.images;
    for (const file of values.sugarcrepe.split(',')) {
      const type = path.basename(file).replace(/\.json$/, '');
      const parsed = parseSugarCrepe(
        await fs.readFile(file, 'utf8').catch(() => {
          throw Object.assign(new Error(`cannot read ${file}`), { exitCode: 2 });
        }),
        type,
      );
      cases.push(...parsed.cases);
      errors.push(...parsed.errors);
    }
  } else {
    const [dir] = paths;
    if (!dir) throw usageError('eval needs a folder with negatives.jsonl, or --sugarcrepe FILE.json --images DIR');
    root = dir;
    const file = path.join(dir, 'negatives.jsonl');
    if (!existsSync(file))
      throw Object.assign(new Error(`${file} does not exist — make negatives first (clip-curator negatives … --out ${dir})`), { exitCode: 2 });
    const rows = (await fs.readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as NegativeRow);
    cases = casesFromNegatives(
      rows.map((r) => ({
        type: r.type,
        family: r.family,
        modality: r.modality,
        positiveImageHash: r.file_name,
        positiveText: r.text,
        text: r.negative_text,
        imageHash: r.negative_file_name,
        status: r.status,
        filtered: r.filtered ?? undefined,
      })),
      !!values['accepted-only'],
    );
  }
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const store = memoryStore();
  const missing = new Set<string>();
  const results = await evaluate(cases, async (pairs) => {
    const r = await scorePairs(
      models,
      pairs.map((p, i) => ({ id: String(i), imageHash: p.image, text: p.text })),
      {
        store,
        loadImage: async (name) => {
          const resolved = path.resolve(root, name);
          if (!resolved.startsWith(path.resolve(root) + path.sep)) throw new Error(`"${name}" is outside ${root}`);
          try {
            return decodeImageBytes(new Uint8Array(await fs.readFile(resolved)));
          } catch (e) {
            missing.add(name);
            throw e;
          }
        },
      },
    );
    return pairs.map((_, i) => r.scores.get(String(i)) ?? null);
  });
  for (const m of models) await m.release();
  if (missing.size) errors.push(`${missing.size} images could not be read, e.g. ${[...missing][0]} — their cases are left out`);
  io.out(values.json ? JSON.stringify({ command: 'eval', cases: cases.length, results, errors }) : formatEval(results));
  for (const e of errors.slice(0, 20)) io.err(`  ${e}`);
  return 0;
}
