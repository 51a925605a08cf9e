// The clip-curator command line: the same core as the app, headless. Each stage reads and writes dataset folders.

import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { httpReader, MODEL_FILES, modelBaseUrl } from '../core/clip/modelFiles.ts';
import { scorePairs, memoryStore } from '../core/clip/pipeline.ts';
import { ENSEMBLE } from '../core/clip/score.ts';
import { contentHash, type ImageInfo } from '../core/import/image.ts';
import { currentCaption } from '../core/model.ts';
import { HF_DEFAULTS, HfProvider } from '../core/providers/hf.ts';
import { OfflineProvider } from '../core/providers/offline.ts';
import { JobQueue, type Job, type JobStore } from '../core/providers/queue.ts';
import { routeFor, withGeneratedCaption, withGeneratedImage, type Route } from '../core/providers/routes.ts';
import { ALTERNATIVE_PROMPTS, DEFAULT_PROMPTS, type CaptionResult, type ImageResult, type PromptTemplate, type Provider } from '../core/providers/types.ts';
import { comparePrompts } from '../core/providers/prompts.ts';
import { decodeImageBytes } from '../core/image/decode.ts';
import { importFiles, type ImportedItem, type ImportSummary } from '../core/import/importer.ts';
import type { Item } from '../core/model.ts';
import { toItem } from '../core/import/toItem.ts';
import { APP_VERSION } from '../core/version.ts';
import { DatasetFolderWriter } from './folder.ts';
import { sourcesForPath } from './fsSource.ts';
import { DEFAULT_MODELS, loadNodeModel, loadNodeModels, MODELS_DIR } from './models.ts';
import { writeDemo } from './synth.ts';
import { DEFAULT_NEGATIVE_OPTIONS, generateNegatives } from '../core/negatives/generate.ts';
import { applyFilters, scoreNegatives, wrongByModel } from '../core/negatives/quality.ts';
import { NEGATIVE_TYPES, parseTypes, type NegativeType } from '../core/negatives/types.ts';
import { negativeToRow } from '../core/negatives/rows.ts';
import { imageFileName } from '../core/export/rows.ts';
import { EXPORT_FORMATS, exportDataset, type ExportFormat } from '../core/export/formats.ts';
import { folderSink } from './folderSink.ts';
import { casesFromNegatives, evaluate, formatEval, parseSugarCrepe, type EvalCase } from '../core/eval/eval.ts';
import type { Negative } from '../core/negatives/types.ts';
import type { NegativeRow } from '../core/negatives/rows.ts';

const USAGE = `clip-curator — curate image–text data for CLIP-style models

Usage:
  clip-curator import <path...> [--json] [--out DIR] [--force]
      Read images with captions (JSONL, CSV/TSV, metadata.jsonl, .txt sidecars, WebDataset .tar, .zip),
      lone images and lone texts. Prints counts by kind, duplicates and every per-row error.
      With --out, writes the imported items as a dataset folder (metadata.jsonl + images/) for the next stage.

  clip-curator demo --out DIR [--seed N] [--count N]
      Write a demo dataset of synthetic scenes: correct and mismatched pairs, lone images, lone texts,
      with ground truth (a boolean "match" on pairs, the true caption and the scene).

  clip-curator score <path...> [--json] [--out DIR] [--models a,b] [--batch N] [--threads N]
      Score every pair with CLIP in Node (onnxruntime-node): one line per item with its file_name, caption,
      each model's cosine and the ensemble. Models: names under models/ or model folders in the Hugging Face
      ONNX layout (default: ${DEFAULT_MODELS.join(', ')}). With --out, writes the scored dataset folder.

  clip-curator fetch-model <hub-id | base-url> [--out DIR] [--variant quantized|fp16] [--revision REV] [--hub URL]
      Download a CLIP model in the Hugging Face ONNX layout (for example Xenova/clip-vit-base-patch32) into
      models/<name> (or DIR), so that score, the app and Settings can use it. HF_TOKEN is sent, if set, as a header.

  clip-curator caption|repair|generate <path...> --provider offline|hf --out DIR [--threshold T] [--cut-model M] [--json]
        [--endpoint URL] [--image-endpoint URL] [--model ID] [--inference-provider NAME]
      Run one route of the paper's preprocessing headless: caption lone images, repair pairs that score under
      the threshold (default 0.3 on the ensemble), or generate images for lone texts; then score the results
      again and print a JSON summary (done, failed with reasons, requests, share now passing the threshold).
      The offline provider reads and draws the synthetic world only; hf calls Hugging Face models with the
      token from HF_TOKEN (sent only as a header to the endpoint, never printed).

  clip-curator compare-prompts <path...> --route caption|repair [--templates FILE.json] [--sample N] --provider offline|hf
      Run each prompt template (a JSON list of {id, version, text}; default: the built-in ones) on the same N items
      and print the mean CLIP score of what each produced, best first, with examples.

  clip-curator negatives <path...> --out DIR [--types color,count,...] [--seed N] [--grid 2|3|4] [--generator rules|llm]
        [--image-edits] [--provider offline|hf] [--threshold T] [--models a,b] [--json]
      Make hard negatives for the pairs that score at least T (default 0.3 on the ensemble; --threshold=-1 takes
      every pair). Types: ${NEGATIVE_TYPES.slice(0, 6).join(', ')},
      ${NEGATIVE_TYPES.slice(6).join(', ')}. Each is scored by the models (hardness = s(negative) − s(positive))
      and checked by the quality filters. Writes the dataset, negatives.jsonl (one line per negative: file_name,
      text, type, negative_text or negative_file_name, hardness, …) and negatives/ images; prints a JSON summary.

  clip-curator export <path> --format FORMAT --out DIR [--min-score T] [--shard-size N] [--json]
      Write a training set from a dataset folder (and its negatives.jsonl, if any): every pair that is not rejected
      (with --min-score, only those whose ensemble score is at least T), with its kept hard negatives.
      Formats: ${EXPORT_FORMATS.join(', ')}.
      Output is deterministic; a manifest.json states what was exported.

  clip-curator eval <path> [--models a,b] [--accepted-only] [--json]
  clip-curator eval --sugarcrepe FILE.json[,FILE.json] --images DIR [--models a,b] [--json]
      Measure how compositional the models are: SugarCrepe-style accuracy per negative type (positive caption
      scored above the negative) and Winoground-style text, image and group scores where a case has both a text
      and an image negative, models side by side. Reads a folder with negatives.jsonl (from negatives), or
      SugarCrepe's JSON files ({id: {filename, caption, negative_caption}}) with their images.

Exit status: 0 when the input was readable (even if some rows failed), 2 when a path cannot be read, 1 on bad usage.`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const stdio: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 1;
  }
  try {
    if (command === 'import') return await runImport(rest, io);
    if (command === 'demo') return await runDemo(rest, io);
    if (command === 'score') return await runScore(rest, io);
    if (command === 'fetch-model') return await runFetchModel(rest, io);
    if (command === 'caption' || command === 'repair' || command === 'generate') return await runRoute(command, rest, io);
    if (command === 'compare-prompts') return await runComparePrompts(rest, io);
    if (command === 'negatives') return await runNegatives(rest, io);
    if (command === 'export') return await runExport(rest, io);
    if (command === 'eval') return await runEval(rest, io);
    io.err(`clip-curator: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  } catch (e) {
    io.err(`clip-curator ${command}: ${(e as Error).message}`);
    return (e as { exitCode?: number }).exitCode ?? 1;
  }
}

function usageError(message: string): Error {
  return Object.assign(new Error(`${message}\n\n${USAGE}`), { exitCode: 1 });
}

/** Parse a command's options; a parse error is a usage error. */
function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

interface Inputs {
  items: ImportedItem[];
  summary: ImportSummary;
  /** Image bytes by content hash (each stored once). */
  images: Map<string, Uint8Array>;
}

/** Read every path with the importers. A path that cannot be read at all stops the command (exit 2). */
async function readInputs(paths: string[]): Promise<Inputs> {
  if (!paths.length) throw usageError('give at least one path');
  const sources = [];
  for (const p of paths) {
    try {
      sources.push({ arg: p, isFolder: (await fs.stat(p)).isDirectory(), ...(await sourcesForPath(p)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      throw Object.assign(new Error(`cannot read ${p}: ${why}`), { exitCode: 2 });
    }
  }
  const summary: ImportSummary = { counts: { pair: 0, image: 0, text: 0 }, duplicates: 0, errors: [], skipped: [] };
  const items: ImportedItem[] = [];
  const images = new Map<string, Uint8Array>();
  for (const source of sources) {
    const shown = (name: string) => (source.isFolder ? path.join(source.arg, name) : path.join(path.dirname(source.arg), name));
    for await (const ev of importFiles(source.files, { loneImages: source.loneImages })) {
      if (ev.type === 'item') {
        const it = ev.item;
        summary.counts[it.kind]++;
        if (it.image) {
          if (images.has(it.image.hash)) summary.duplicates++;
          else if (it.image.bytes) images.set(it.image.hash, it.image.bytes);
        }
        items.push(it);
      } else if (ev.type === 'error') {
        if (ev.error.reason.startsWith('skipped:')) summary.skipped.push(shown(ev.error.source));
        else summary.errors.push({ ...ev.error, source: shown(ev.error.source) });
      }
    }
  }
  return { items, summary, images };
}

/** Write items (with their images) as a dataset folder for the next stage. */
async function writeFolder(out: string, force: boolean | undefined, inputs: Inputs, stage: string, extra: (item: Item) => Item = (i) => i) {
  const writer = await DatasetFolderWriter.open(out, force);
  const now = new Date().toISOString();
  for (const [seq, it] of inputs.items.entries()) {
    const item = extra(toItem(it, 'cli', seq, now));
    const bytes = it.image ? inputs.images.get(it.image.hash) : undefined;
    await writer.add(item, it.image ? { mime: it.image.mime, bytes: bytes ? async () => bytes : undefined } : undefined);
  }
  await writer.close({ app: 'clip-curator', version: APP_VERSION, stage, createdAt: now });
}

async function runImport(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, { json: { type: 'boolean' }, out: { type: 'string' }, force: { type: 'boolean' } });
  const inputs = await readInputs(paths);
  const { summary } = inputs;
  if (values.out) await writeFolder(values.out, values.force, inputs, 'import');
  if (values.json) io.out(JSON.stringify({ ...summary, ...(values.out ? { out: values.out } : {}) }));
  else {
    io.out(`imported ${summary.counts.pair} pairs, ${summary.counts.image} lone images, ${summary.counts.text} lone texts; ${summary.duplicates} duplicate images`);
    for (const e of summary.errors) io.out(`  ${e.source}${e.row !== undefined ? `:${e.row}` : ''}: ${e.reason}`);
    if (summary.skipped.length) io.out(`  skipped ${summary.skipped.length} files of unknown type: ${summary.skipped.slice(0, 5).join(', ')}${summary.skipped.length > 5 ? ', …' : ''}`);
    if (values.out) io.out(`wrote ${values.out}/metadata.jsonl`);
  }
  return 0;
}

async function runDemo(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' }, seed: { type: 'string' }, count: { type: 'string' }, force: { type: 'boolean' } });
  if (!values.out) throw usageError('demo needs --out DIR');
  const seed = Number(values.seed ?? 1);
  const count = Number(values.count ?? 200);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) throw usageError('--seed and --count must be whole numbers (count at least 1)');
  const counts = await writeDemo(values.out, seed, count, values.force);
  io.out(JSON.stringify({ out: values.out, seed, count, counts }));
  return 0;
}

async function runScore(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    json: { type: 'boolean' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    models: { type: 'string' },
    batch: { type: 'string' },
    threads: { type: 'string' },
  });
  const inputs = await readInputs(paths);
  const modelNames = values.models ? values.models.split(',').map((m) => m.trim()).filter(Boolean) : DEFAULT_MODELS;
  const models = await loadNodeModels(modelNames, values.threads ? Number(values.threads) : undefined);
  const pairs = inputs.items.flatMap((it, i) => (it.kind === 'pair' && it.image ? [{ id: String(i), imageHash: it.image.hash, text: it.caption! }] : []));
  const result = await scorePairs(models, pairs, {
    loadImage: async (hash) => decodeImageBytes(inputs.images.get(hash)!),
    store: memoryStore(),
    batchSize: values.batch ? Number(values.batch) : 16,
  });
  for (const m of models) await m.release();
  if (values.out) {
    let seq = 0;
    await writeFolder(values.out, values.force, inputs, 'score', (item) => {
      const scores = result.scores.get(String(seq++));
      return scores ? { ...item, scores: { ...item.scores, ...scores } } : item;
    });
  }
  inputs.items.forEach((it, i) => {
    const scores = result.scores.get(String(i));
    const failed = result.failed.find((f) => f.id === String(i));
    const { [ENSEMBLE]: ensemble, ...perModel } = scores ?? {};
    const line = { file_name: it.image?.name ?? null, text: it.caption ?? null, kind: it.kind, scores: scores ? perModel : null, ensemble: ensemble ?? null, ...(failed ? { error: failed.reason } : {}) };
    if (values.json) io.out(JSON.stringify(line));
    else io.out(`${scores ? ensemble!.toFixed(4) : '   –  '}  ${it.image?.name ?? '(no image)'}  ${it.caption ?? ''}`);
  });
  for (const e of inputs.summary.errors) io.err(`  ${e.source}${e.row !== undefined ? `:${e.row}` : ''}: ${e.reason}`);
  return 0;
}

async function runFetchModel(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(args, { out: { type: 'string' }, variant: { type: 'string' }, revision: { type: 'string' }, hub: { type: 'string' }, force: { type: 'boolean' } });
  const [id] = positionals;
  if (!id) throw usageError('fetch-model needs a Hub model id or a base URL');
  const base = modelBaseUrl(id, values.hub ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co', values.revision ?? 'main');
  const name = id.replace(/^https?:\/\//, '').replace(/\/$/, '').split('/').slice(-1)[0];
  const out = values.out ?? path.join(MODELS_DIR, name);
  if (existsSync(path.join(out, 'config.json')) && !values.force) throw usageError(`${out} already holds a model — pass --force to replace it`);
  const suffix = values.variant ? `_${values.variant}` : '';
  const read = httpReader(base, { token: process.env.HF_TOKEN, onProgress: (p, n) => io.err(`  ${p}: ${(n / 2 ** 20).toFixed(1)} MiB`) });
  await fs.mkdir(path.join(out, 'onnx'), { recursive: true });
  for (const file of MODEL_FILES) {
    // A variant (quantized, fp16) is stored under the plain name, which is what the loader reads.
    const remote = file.startsWith('onnx/') ? file.replace('.onnx', `${suffix}.onnx`) : file;
    await fs.writeFile(path.join(out, file), await read(remote));
  }
  // Check the files load as a CLIP model before saying it worked.
  const model = await loadNodeModel(out);
  await model.release();
  io.out(JSON.stringify({ model: id, out, from: base }));
  return 0;
}

async function runRoute(route: Route, args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    provider: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    threshold: { type: 'string' },
    'cut-model': { type: 'string' },
    json: { type: 'boolean' },
    endpoint: { type: 'string' },
    'image-endpoint': { type: 'string' },
    model: { type: 'string' },
    'inference-provider': { type: 'string' },
  });
  const providerName = values.provider ?? 'offline';
  if (providerName !== 'offline' && providerName !== 'hf') throw usageError(`unknown provider "${providerName}" — use offline or hf`);
  const cut = { model: values['cut-model'] ?? ENSEMBLE, value: values.threshold ? Number(values.threshold) : 0.3 };
  if (!Number.isFinite(cut.value)) throw usageError('--threshold must be a number');
  const inputs = await readInputs(paths);
  const now = new Date().toISOString();
  const items = inputs.items.map((it, seq) => toItem(it, 'cli', seq, now));
  const images = new Map<string, { bytes: Uint8Array; mime: string }>();
  for (const it of inputs.items) if (it.image && inputs.images.has(it.image.hash)) images.set(it.image.hash, { bytes: inputs.images.get(it.image.hash)!, mime: it.image.mime });
  const models = await loadNodeModels(DEFAULT_MODELS);
  const store = memoryStore();
  const rescore = async (list: Item[]) => {
    const pairs = list.filter((i) => i.kind === 'pair' && i.imageHash && currentCaption(i)).map((i) => ({ id: i.id, imageHash: i.imageHash!, text: currentCaption(i)! }));
    const result = await scorePairs(models, pairs, { store, loadImage: async (h) => decodeImageBytes(images.get(h)!.bytes) });
    for (const i of list) {
      const s = result.scores.get(i.id);
      if (s) i.scores = { ...i.scores, ...s };
    }
  };
  // Repair routes on scores: score pairs that have none yet.
  if (route === 'repair') await rescore(items.filter((i) => i.kind === 'pair' && typeof i.scores?.[cut.model] !== 'number'));
  const byId = new Map(items.map((i) => [i.id, i]));
  const candidates = items.filter((i) => routeFor(i, cut) === route);
  // The token comes from HF_TOKEN, as in Hugging Face's own tools, and is never printed.
  const provider: Provider =
    providerName === 'hf'
      ? new HfProvider({
          ...HF_DEFAULTS,
          token: process.env.HF_TOKEN || undefined,
          provider: values['inference-provider'] ?? HF_DEFAULTS.provider,
          chatEndpointUrl: values.endpoint,
          imageEndpointUrl: values['image-endpoint'] ?? values.endpoint,
          ...(values.model ? (route === 'generate' ? { textToImageModel: values.model } : { vlmModel: values.model }) : {}),
        })
      : new OfflineProvider(async (img) => decodeImageBytes(img.bytes));
  const jobs = new Map<string, Job>();
  const jobStore: JobStore = { unfinished: async () => [], put: async (j) => void jobs.set(j.id, { ...j }) };
  const queue = new JobQueue<CaptionResult | ImageResult>(
    jobStore,
    {
      run: async (job, signal) => {
        const item = byId.get(job.itemId)!;
        if (route === 'generate') return provider.textToImage(currentCaption(item)!, signal);
        const image = images.get(item.imageHash!)!;
        return route === 'caption' ? provider.caption(image, DEFAULT_PROMPTS.caption, signal) : provider.repair(image, currentCaption(item)!, DEFAULT_PROMPTS.repair, signal);
      },
      apply: async (job, result) => {
        const item = byId.get(job.itemId)!;
        const at = new Date().toISOString();
        let next: Item;
        if ('bytes' in result) {
          const hash = await contentHash(result.bytes);
          images.set(hash, { bytes: result.bytes, mime: result.mime });
          next = withGeneratedImage(item, hash, result, job.id, at);
        } else next = withGeneratedCaption(item, result, job.id, at);
        byId.set(item.id, next);
      },
    },
    { concurrency: 4, baseDelayMs: 200 },
  );
  await queue.enqueue(candidates.map((i) => ({ datasetId: 'cli', itemId: i.id, route })));
  const counts = await queue.run();
  const changed = candidates.map((i) => byId.get(i.id)!).filter((i) => i !== undefined && i.kind === 'pair');
  await rescore(changed);
  for (const m of models) await m.release();
  const done = [...jobs.values()].filter((j) => j.status === 'done').map((j) => byId.get(j.itemId)!);
  const passing = done.filter((i) => (i.scores?.[cut.model] ?? -Infinity) >= cut.value).length;
  const failed = [...jobs.values()].filter((j) => j.status === 'failed').map((j) => ({ ...byId.get(j.itemId)!.source, reason: j.error }));
  const finalItems = items.map((i) => byId.get(i.id)!);
  if (values.out) {
    const writer = await DatasetFolderWriter.open(values.out, values.force);
    for (const item of finalItems) {
      const img = item.imageHash ? images.get(item.imageHash) : undefined;
      await writer.add(item, img ? { mime: img.mime as ImageInfo['mime'], bytes: async () => img.bytes } : undefined);
    }
    await writer.close({ app: 'clip-curator', version: APP_VERSION, stage: route, provider: providerName, threshold: cut, createdAt: now });
  }
  const summary = { route, provider: providerName, threshold: cut, candidates: candidates.length, done: counts.done, failed, requests: counts.requests, passing, passRate: done.length ? passing / done.length : null, ...(values.out ? { out: values.out } : {}) };
  io.out(values.json ? JSON.stringify(summary) : `${route}: ${counts.done} of ${candidates.length} done, ${failed.length} failed, ${counts.requests} requests; ${passing} now score at least ${cut.value} (${cut.model})`);
  return 0;
}

async function runComparePrompts(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    route: { type: 'string' },
    templates: { type: 'string' },
    sample: { type: 'string' },
    provider: { type: 'string' },
    endpoint: { type: 'string' },
    model: { type: 'string' },
  });
  const route = (values.route ?? 'caption') as 'caption' | 'repair';
  if (route !== 'caption' && route !== 'repair') throw usageError('--route must be caption or repair');
  let templates: PromptTemplate[] = [DEFAULT_PROMPTS[route], ...ALTERNATIVE_PROMPTS[route]];
  if (values.templates) {
    try {
      templates = JSON.parse(await fs.readFile(values.templates, 'utf8'));
      if (!Array.isArray(templates) || templates.some((t) => typeof t.id !== 'string' || typeof t.text !== 'string')) throw new Error('expected a list of {id, version, text}');
    } catch (e) {
      throw usageError(`${values.templates}: ${(e as Error).message}`);
    }
  }
  const inputs = await readInputs(paths);
  const n = Number(values.sample ?? 20);
  const candidates = inputs.items.filter((it) => it.image && inputs.images.has(it.image.hash) && (route === 'caption' ? true : it.kind === 'pair')).slice(0, n);
  const provider: Provider =
    values.provider === 'hf'
      ? new HfProvider({ ...HF_DEFAULTS, token: process.env.HF_TOKEN || undefined, chatEndpointUrl: values.endpoint, ...(values.model ? { vlmModel: values.model } : {}) })
      : new OfflineProvider(async (img) => decodeImageBytes(img.bytes));
  const models = await loadNodeModels(DEFAULT_MODELS);
  const store = memoryStore();
  const score = async (hash: string, text: string) => {
    const r = await scorePairs(models, [{ id: 'x', imageHash: hash, text }], { store, loadImage: async (h) => decodeImageBytes(inputs.images.get(h)!) });
    return r.scores.get('x')![ENSEMBLE];
  };
  const sample = candidates.map((it, i) => ({ id: it.image!.name ?? String(i), image: { bytes: inputs.images.get(it.image!.hash)!, mime: it.image!.mime }, imageHash: it.image!.hash, caption: it.caption }));
  const result = await comparePrompts(provider, route, templates, sample, score);
  for (const m of models) await m.release();
  io.out(JSON.stringify({ route, provider: provider.name, sample: sample.length, templates: result }));
  return 0;
}

async function runNegatives(args: string[], io: Io): Promise<number> {
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
  const providerName = values.provider ?? 'offline';
  if (providerName !== 'offline' && providerName !== 'hf') throw usageError(`unknown provider "${providerName}" — use offline or hf`);
  const inputs = await readInputs(paths);
  const now = new Date().toISOString();
  const items = inputs.items.map((it, seq) => toItem(it, 'cli', seq, now));
  const images = new Map<string, { bytes: Uint8Array; mime: string }>();
  for (const it of inputs.items) if (it.image && inputs.images.has(it.image.hash)) images.set(it.image.hash, { bytes: inputs.images.get(it.image.hash)!, mime: it.image.mime });
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const store = memoryStore();
  const scorer = async (pairs: { imageHash: string; text: string }[]) => {
    const r = await scorePairs(models, pairs.map((p, i) => ({ id: String(i), ...p })), { store, loadImage: async (h) => decodeImageBytes(images.get(h)!.bytes) });
    return pairs.map((_, i) => r.scores.get(String(i)) ?? null);
  };
  const pairs = items.filter((i) => i.kind === 'pair' && i.imageHash && currentCaption(i) && images.has(i.imageHash));
  const pairScores = await scorer(pairs.map((i) => ({ imageHash: i.imageHash!, text: currentCaption(i)! })));
  // The written dataset carries the scores, so that a later export can filter on them.
  pairs.forEach((item, k) => pairScores[k] && (item.scores = { ...item.scores, ...pairScores[k]! }));
  const positives = pairs.filter((_, k) => (pairScores[k]?.[ENSEMBLE] ?? -Infinity) >= threshold).map((i) => ({ id: i.id, datasetId: 'cli', text: currentCaption(i)!, imageHash: i.imageHash! }));
  const provider: Provider =
    providerName === 'hf'
      ? new HfProvider({ ...HF_DEFAULTS, token: process.env.HF_TOKEN || undefined, chatEndpointUrl: values.endpoint, imageEndpointUrl: values['image-endpoint'] ?? values.endpoint, ...(values.model ? { llmModel: values.model } : {}) })
      : new OfflineProvider(async (img) => decodeImageBytes(img.bytes));
  const t0 = performance.now();
  const made = await generateNegatives(positives, { types, seed, grid, generator, imageEdits: !!values['image-edits'] }, {
    loadImage: async (hash) => ({ rgba: decodeImageBytes(images.get(hash)!.bytes), input: { bytes: images.get(hash)!.bytes, mime: images.get(hash)!.mime } }),
    putImage: async (bytes, mime) => {
      const hash = await contentHash(bytes);
      images.set(hash, { bytes, mime });
      return hash;
    },
    provider,
  });
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
    await writer.close({ app: 'clip-curator', version: APP_VERSION, stage: 'negatives', types, seed, grid, generator, provider: providerName, threshold: { model: ENSEMBLE, value: threshold }, negatives: negatives.length, createdAt: now });
  }
  const reasons: Record<string, number> = {};
  // Grouped by reason, with the quoted caption left out so that one reason is one line.
  for (const s of made.skipped) {
    const key = `${s.type}: ${s.reason.replace(/"[^"]*"/g, '"…"')}`;
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  const figures = wrongByModel(negatives);
  const perType = Object.fromEntries(
    Object.entries(made.timing).map(([type, t]) => [type, { made: t.count, perSecond: t.ms > 0 ? Math.round((t.count / t.ms) * 1000) : null, kept: figures[type]?.count ?? 0, modelWrong: figures[type]?.wrong ?? {} }]),
  );
  const summary = { command: 'negatives', provider: providerName, generator, types, seed, grid, threshold: { model: ENSEMBLE, value: threshold }, positives: positives.length, made: negatives.length, setAside: negatives.filter((n) => n.filtered).length, skipped: reasons, perType, generateMs: Math.round(generateMs), ...(values.out ? { out: values.out } : {}) };
  io.out(values.json ? JSON.stringify(summary) : `negatives: ${negatives.length} made for ${positives.length} pairs (${summary.setAside} set aside by the filters); ${made.skipped.length} not made`);
  return 0;
}

async function runExport(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, { format: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, 'min-score': { type: 'string' }, 'shard-size': { type: 'string' }, json: { type: 'boolean' } });
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!values.out) throw usageError('export needs --out DIR');
  const minScore = values['min-score'] !== undefined ? Number(values['min-score']) : undefined;
  if (minScore !== undefined && !Number.isFinite(minScore)) throw usageError('--min-score must be a number');
  const shardSize = values['shard-size'] ? Number(values['shard-size']) : 1000;
  if (!Number.isInteger(shardSize) || shardSize < 1) throw usageError('--shard-size must be a whole number of samples');
  if (existsSync(path.join(values.out, 'manifest.json')) && !values.force) throw usageError(`${values.out} already holds an export — choose another --out folder or pass --force`);
  const inputs = await readInputs(paths);
  const now = new Date(0).toISOString();
  const items = inputs.items.map((it, seq) => toItem(it, 'cli', seq, now));
  const images = new Map<string, { bytes: Uint8Array; mime: ImageInfo['mime'] }>();
  for (const it of inputs.items) if (it.image && inputs.images.has(it.image.hash)) images.set(it.image.hash, { bytes: inputs.images.get(it.image.hash)!, mime: it.image.mime });
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
      list.push({ id: row.id, datasetId: 'cli', itemId: '', family: row.family as Negative['family'], type: row.type as Negative['type'], modality: row.modality, generator: row.generator, seed: row.seed, positiveText: row.text, positiveImageHash: '', text: row.negative_text, imageHash, change: row.change, grid: row.grid, hardness: row.hardness ?? undefined, status: row.status, createdAt: now });
      negatives.set(key, list);
      negativesRead++;
    }
  }
  const chosen = items.filter((i) => i.kind === 'pair' && i.imageHash && images.has(i.imageHash) && i.status !== 'rejected' && (minScore === undefined || (i.scores?.[ENSEMBLE] ?? -Infinity) >= minScore));
  if (minScore !== undefined && items.some((i) => i.kind === 'pair' && i.scores?.[ENSEMBLE] === undefined)) io.err(`note: some pairs have no ensemble score and are left out by --min-score — run clip-curator score first`);
  const t0 = performance.now();
  const result = await exportDataset(
    {
      pairs: async function* () {
        for (const item of chosen) yield { item, negatives: negatives.get(`${imageFileName(item.imageHash!, images.get(item.imageHash!)!.mime)}\u0000${currentCaption(item)}`) ?? [] };
      },
      image: async (h) => images.get(h)!,
      mime: async (h) => images.get(h)!.mime,
    },
    folderSink(values.out),
    { format, shardSize, manifest: { app: 'clip-curator', version: APP_VERSION, filter: minScore !== undefined ? `not rejected, ensemble score ≥ ${minScore}` : 'not rejected', threshold: minScore !== undefined ? { model: ENSEMBLE, value: minScore } : null, models: DEFAULT_MODELS, source: paths.map((p) => path.basename(path.resolve(p))) } },
  );
  const ms = performance.now() - t0;
  const summary = { command: 'export', format, out: values.out, pairs: result.pairs, images: result.images, negatives: result.negatives, negativesRead, files: result.files.length, pairsPerSecond: Math.round(result.pairs / (ms / 1000)) };
  io.out(values.json ? JSON.stringify(summary) : `export: ${result.pairs} pairs, ${result.images} images, ${result.negatives} negatives as ${format} in ${values.out}`);
  return 0;
}

async function runEval(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, { models: { type: 'string' }, 'accepted-only': { type: 'boolean' }, sugarcrepe: { type: 'string' }, images: { type: 'string' }, json: { type: 'boolean' } });
  let cases: EvalCase[] = [];
  const errors: string[] = [];
  // Images by path: read (and decoded) only when a pair needs them.
  let root: string;
  if (values.sugarcrepe) {
    if (!values.images) throw usageError('--sugarcrepe needs --images DIR, the folder with the images the files name');
    root = values.images;
    for (const file of values.sugarcrepe.split(',')) {
      const type = path.basename(file).replace(/\.json$/, '');
      const parsed = parseSugarCrepe(await fs.readFile(file, 'utf8').catch(() => { throw Object.assign(new Error(`cannot read ${file}`), { exitCode: 2 }); }), type);
      cases.push(...parsed.cases);
      errors.push(...parsed.errors);
    }
  } else {
    const [dir] = paths;
    if (!dir) throw usageError('eval needs a folder with negatives.jsonl, or --sugarcrepe FILE.json --images DIR');
    root = dir;
    const file = path.join(dir, 'negatives.jsonl');
    if (!existsSync(file)) throw Object.assign(new Error(`${file} does not exist — make negatives first (clip-curator negatives … --out ${dir})`), { exitCode: 2 });
    const rows = (await fs.readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as NegativeRow);
    cases = casesFromNegatives(
      rows.map((r) => ({ type: r.type, family: r.family, modality: r.modality, positiveImageHash: r.file_name, positiveText: r.text, text: r.negative_text, imageHash: r.negative_file_name, status: r.status, filtered: r.filtered ?? undefined })),
      !!values['accepted-only'],
    );
  }
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const store = memoryStore();
  const missing = new Set<string>();
  const results = await evaluate(cases, async (pairs) => {
    const r = await scorePairs(models, pairs.map((p, i) => ({ id: String(i), imageHash: p.image, text: p.text })), {
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
    });
    return pairs.map((_, i) => r.scores.get(String(i)) ?? null);
  });
  for (const m of models) await m.release();
  if (missing.size) errors.push(`${missing.size} images could not be read, e.g. ${[...missing][0]} — their cases are left out`);
  io.out(values.json ? JSON.stringify({ command: 'eval', cases: cases.length, results, errors }) : formatEval(results));
  for (const e of errors.slice(0, 20)) io.err(`  ${e}`);
  return 0;
}
