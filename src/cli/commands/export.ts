// `clip-curator export`: a training set in one of the export formats.

import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ENSEMBLE } from '../../core/clip/score.ts';
import { basicFilter, describeBasicFilters, hasBasicFilters, parseBasicFilters } from '../../core/curation/basics.ts';
import { contentHash, type ImageInfo } from '../../core/import/image.ts';
import { currentCaption } from '../../core/model.ts';
import { toContentItem } from '../../core/import/toItem.ts';
import { APP_VERSION } from '../../core/version.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../models.ts';
import { memoryStore, scorePairs } from '../../core/clip/pipeline.ts';
import { type EmbeddingSource, storedEmbeddings } from '../../core/export/embeddings.ts';
import { decodeImage } from '../decode.ts';
import type { Negative } from '../../core/negatives/types.ts';
import { imageFileName } from '../../core/export/rows.ts';
import { EXPORT_FORMATS, exportDataset, type ExportFormat } from '../../core/export/formats.ts';
import { folderSink } from '../folderSink.ts';
import { OutputFolder } from '../outputFolder.ts';
import type { NegativeRow } from '../../core/negatives/rows.ts';
import { parse, readInputs, usageError, type Io } from '../common.ts';
import { alreadyDone, stageOutput } from '../shard.ts';

export async function runExport(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    format: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    'min-score': { type: 'string' },
    cut: { type: 'string' },
    'unapproved-cut': { type: 'boolean' },
    shard: { type: 'string' },
    'shard-size': { type: 'string' },
    'min-words': { type: 'string' },
    'max-words': { type: 'string' },
    'min-side': { type: 'string' },
    'max-aspect': { type: 'string' },
    'unique-captions': { type: 'boolean' },
    embeddings: { type: 'boolean' },
    models: { type: 'string' },
    json: { type: 'boolean' },
  });
  const basics = parseBasicFilters(values);
  if ('error' in basics) throw usageError(basics.error);
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!values.out) throw usageError('export needs --out DIR');
  if (values.cut !== undefined && values['min-score'] !== undefined) throw usageError('give --cut FILE or --min-score T, not both');
  const cut = values.cut !== undefined ? await readCut(values.cut, !!values['unapproved-cut']) : undefined;
  const minScore = cut ? cut.value : values['min-score'] !== undefined ? Number(values['min-score']) : undefined;
  const cutModel = cut?.model ?? ENSEMBLE;
  if (minScore !== undefined && !Number.isFinite(minScore)) throw usageError('--min-score must be a number');
  const shardSize = values['shard-size'] ? Number(values['shard-size']) : 1000;
  if (!Number.isInteger(shardSize) || shardSize < 1) throw usageError('--shard-size must be a whole number of samples');
  // A cluster task writes its share of the WebDataset tars (tar k goes to task k mod N) as a part; merge joins them.
  const part = values.shard !== undefined ? await stageOutput(values) : undefined;
  if (part && format !== 'webdataset')
    throw usageError(`export --shard writes WebDataset tar shards (--format webdataset); ${format} is one table — export the merged dataset once`);
  if (part && values.embeddings) throw usageError('export --shard does not write embeddings: export them from the merged dataset');
  if (part?.done) {
    io.err(alreadyDone(part));
    return 0;
  }
  // Checked before the work: an existing folder without --force, or a place that cannot hold one, stops at once.
  const output = await OutputFolder.create(part?.out ?? values.out, values.force, 'files (an earlier export?)');
  const inputs = await readInputs(paths);
  const now = new Date(0).toISOString();
  const items = inputs.items.map((it, seq) => toContentItem(it, 'cli', seq, now));
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
  const basic = hasBasicFilters(basics) ? basicFilter(basics, items) : () => true;
  const chosen = items.filter(
    (i) =>
      basic(i) &&
      i.kind === 'pair' &&
      i.imageHash &&
      images.has(i.imageHash) &&
      i.status !== 'rejected' &&
      (minScore === undefined || (i.scores?.[cutModel] ?? -Infinity) >= minScore),
  );
  const pairs = items.filter((i) => i.kind === 'pair');
  if (cut && pairs.length && pairs.every((i) => i.scores?.[cutModel] === undefined)) {
    const have = [...new Set(pairs.flatMap((i) => Object.keys(i.scores ?? {})))];
    throw usageError(
      `the cut in ${values.cut} is on "${cutModel}", which no pair here has a score for (${have.length ? `they have ${have.join(', ')}` : 'they have none'}) — score them with the same models first`,
    );
  }
  if (minScore !== undefined && pairs.some((i) => i.scores?.[cutModel] === undefined))
    io.err(`note: some pairs have no ${cutModel} score and are left out by the cut — run clip-curator score first`);
  const t0 = performance.now();
  // With --embeddings, the chosen pairs are embedded with the models (as `score` does) and written beside the set.
  let embeddings: EmbeddingSource | undefined;
  const modelNames = values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS;
  if (values.embeddings) {
    const store = memoryStore();
    const models = await loadNodeModels(modelNames);
    const pairs = chosen.map((i) => ({ id: i.id, imageHash: i.imageHash!, text: currentCaption(i) ?? '' }));
    const scored = await scorePairs(models, pairs, { store, loadImage: async (h) => decodeImage(images.get(h)!.bytes) });
    for (const f of scored.failed) io.err(`  ${f.id}: no embedding, the image cannot be decoded: ${f.reason}`);
    for (const m of models) await m.release();
    embeddings = storedEmbeddings(
      models.map((m) => m.id),
      store,
    );
  }
  const result = await exportDataset(
    {
      pairs: async function* () {
        for (const item of chosen)
          yield { item, negatives: negatives.get(`${imageFileName(item.imageHash!, images.get(item.imageHash!)!.mime)}\u0000${currentCaption(item)}`) ?? [] };
      },
      image: async (h) => images.get(h)!,
      mime: async (h) => images.get(h)!.mime,
    },
    folderSink(output.dir),
    {
      format,
      shardSize,
      ...(part?.shard ? { onlyTars: (k: number) => k % part.shard!.count === part.shard!.index } : {}),
      manifest: {
        app: 'clip-curator',
        version: APP_VERSION,
        filter: minScore !== undefined ? `not rejected, ${cutModel} score ≥ ${minScore}` : 'not rejected',
        threshold:
          minScore !== undefined ? { model: cutModel, value: minScore, ...(cut ? { from: path.basename(values.cut!), approved: cut.approved } : {}) } : null,
        basics: hasBasicFilters(basics) ? { ...basics, described: describeBasicFilters(basics) } : null,
        models: modelNames,
        source: paths.map((p) => path.basename(path.resolve(p))),
        ...(part?.shard ? { shard: { ...part.shard, inputItems: inputs.inputItems, items: chosen.length } } : {}),
      },
      embeddings,
    },
  );
  await output.commit();
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
    warnings: result.warnings,
  };
  for (const w of result.warnings) io.err(`warning: ${w}`);
  io.out(
    values.json
      ? JSON.stringify(summary)
      : `export: ${result.pairs} pairs, ${result.images} images, ${result.negatives} negatives as ${format} in ${values.out}`,
  );
  return 0;
}

/**
 * The cut a curator approved in the browser, as a file: the manifest.json of one of the app's exports (its
 * `threshold`: model, value, approved) or a plain {"model", "value"}. An unapproved cut is refused unless asked for.
 */
async function readCut(file: string, allowUnapproved: boolean): Promise<{ model: string; value: number; approved: unknown }> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (e) {
    throw usageError(`--cut ${file}: not a readable JSON file (${(e as Error).message})`);
  }
  const t = (json?.threshold ?? json) as { model?: unknown; value?: unknown; approved?: unknown };
  if (typeof t?.model !== 'string' || typeof t.value !== 'number' || !Number.isFinite(t.value))
    throw usageError(`--cut ${file}: no cut in it — give an export's manifest.json (with "threshold") or {"model": "ensemble", "value": 0.3}`);
  const approved = 'approved' in t ? t.approved : true;
  if (!approved && !allowUnapproved)
    throw usageError(
      `--cut ${file}: the cut ${t.value} (${t.model}) was not approved — approve it on the threshold panel, export again, or pass --unapproved-cut`,
    );
  return { model: t.model, value: t.value, approved: approved ?? null };
}
