// The clip-curator command line: the same core as the app, headless. Each stage reads and writes dataset folders.

import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

import { httpReader, MODEL_FILES, modelBaseUrl } from '../core/clip/modelFiles.ts';
import { scorePairs, memoryStore } from '../core/clip/pipeline.ts';
import { ENSEMBLE } from '../core/clip/score.ts';
import { contentHash, type ImageInfo } from '../core/import/image.ts';
import { currentCaption } from '../core/model.ts';
import { HF_DEFAULTS } from '../core/providers/hf.ts';
import { JobQueue, type Job, type JobStore } from '../core/providers/queue.ts';
import { routeJobRunner, routeJobsFor } from '../core/providers/routeJobs.ts';
import type { Route } from '../core/providers/routes.ts';
import { ALTERNATIVE_PROMPTS, DEFAULT_PROMPTS, type CaptionResult, type ImageResult, type PromptTemplate } from '../core/providers/types.ts';
import { comparePrompts } from '../core/providers/prompts.ts';
import { decodeImageBytes } from '../core/image/decode.ts';
import type { Item } from '../core/model.ts';
import { toItem } from '../core/import/toItem.ts';
import { APP_VERSION } from '../core/version.ts';
import { DatasetFolderWriter } from './folder.ts';
import { DEFAULT_MODELS, loadNodeModel, loadNodeModels, MODELS_DIR } from './models.ts';
import { writeDemo } from './synth.ts';
import { cliProvider, parse, readInputs, stdio, usageError, USAGE, writeFolder, type Io } from './common.ts';
import { runEval, runExport, runNegatives } from './curate.ts';

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

async function runImport(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, { json: { type: 'boolean' }, out: { type: 'string' }, force: { type: 'boolean' } });
  const inputs = await readInputs(paths);
  const { summary } = inputs;
  if (values.out) await writeFolder(values.out, values.force, inputs, 'import');
  if (values.json) io.out(JSON.stringify({ ...summary, ...(values.out ? { out: values.out } : {}) }));
  else {
    io.out(
      `imported ${summary.counts.pair} pairs, ${summary.counts.image} lone images, ${summary.counts.text} lone texts; ${summary.duplicates} duplicate images`,
    );
    for (const e of summary.errors) io.out(`  ${e.source}${e.row !== undefined ? `:${e.row}` : ''}: ${e.reason}`);
    if (summary.skipped.length)
      io.out(`  skipped ${summary.skipped.length} files of unknown type: ${summary.skipped.slice(0, 5).join(', ')}${summary.skipped.length > 5 ? ', …' : ''}`);
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
  const modelNames = values.models
    ? values.models
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean)
    : DEFAULT_MODELS;
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

async function runFetchModel(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(args, {
    out: { type: 'string' },
    variant: { type: 'string' },
    revision: { type: 'string' },
    hub: { type: 'string' },
    force: { type: 'boolean' },
  });
  const [id] = positionals;
  if (!id) throw usageError('fetch-model needs a Hub model id or a base URL');
  const base = modelBaseUrl(id, values.hub ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co', values.revision ?? 'main');
  const name = id
    .replace(/^https?:\/\//, '')
    .replace(/\/$/, '')
    .split('/')
    .slice(-1)[0];
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
  const { name: providerName, provider } = cliProvider(values.provider, {
    provider: values['inference-provider'] ?? HF_DEFAULTS.provider,
    chatEndpointUrl: values.endpoint,
    imageEndpointUrl: values['image-endpoint'] ?? values.endpoint,
    ...(values.model ? (route === 'generate' ? { textToImageModel: values.model } : { vlmModel: values.model }) : {}),
  });
  const cut = { model: values['cut-model'] ?? ENSEMBLE, value: values.threshold ? Number(values.threshold) : 0.3 };
  if (!Number.isFinite(cut.value)) throw usageError('--threshold must be a number');
  const inputs = await readInputs(paths);
  const now = new Date().toISOString();
  const items = inputs.items.map((it, seq) => toItem(it, 'cli', seq, now));
  const images = new Map<string, { bytes: Uint8Array; mime: string }>();
  for (const it of inputs.items)
    if (it.image && inputs.images.has(it.image.hash)) images.set(it.image.hash, { bytes: inputs.images.get(it.image.hash)!, mime: it.image.mime });
  const models = await loadNodeModels(DEFAULT_MODELS);
  const store = memoryStore();
  const rescore = async (list: Item[]) => {
    const pairs = list
      .filter((i) => i.kind === 'pair' && i.imageHash && currentCaption(i))
      .map((i) => ({ id: i.id, imageHash: i.imageHash!, text: currentCaption(i)! }));
    const result = await scorePairs(models, pairs, { store, loadImage: async (h) => decodeImageBytes(images.get(h)!.bytes) });
    for (const i of list) {
      const s = result.scores.get(i.id);
      if (s) i.scores = { ...i.scores, ...s };
    }
  };
  // Repair routes on scores: score pairs that have none yet.
  if (route === 'repair') await rescore(items.filter((i) => i.kind === 'pair' && typeof i.scores?.[cut.model] !== 'number'));
  const byId = new Map(items.map((i) => [i.id, i]));
  const wanted = routeJobsFor(items, { datasetId: 'cli', routes: [route], cut });
  const candidates = wanted.map((j) => byId.get(j.itemId)!);
  const jobs = new Map<string, Job>();
  const jobStore: JobStore = { unfinished: async () => [], put: async (j) => void jobs.set(j.id, { ...j }) };
  const runner = routeJobRunner({
    provider,
    item: async (id) => byId.get(id),
    image: async (hash) => images.get(hash)!,
    putImage: async (bytes, mime) => {
      const hash = await contentHash(bytes);
      images.set(hash, { bytes, mime });
      return hash;
    },
    update: async (id, change) => void byId.set(id, change(byId.get(id)!)),
  });
  const queue = new JobQueue<CaptionResult | ImageResult>(jobStore, runner, { concurrency: 4, baseDelayMs: 200 });
  await queue.enqueue(wanted);
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
  const summary = {
    route,
    provider: providerName,
    threshold: cut,
    candidates: candidates.length,
    done: counts.done,
    failed,
    requests: counts.requests,
    passing,
    passRate: done.length ? passing / done.length : null,
    ...(values.out ? { out: values.out } : {}),
  };
  io.out(
    values.json
      ? JSON.stringify(summary)
      : `${route}: ${counts.done} of ${candidates.length} done, ${failed.length} failed, ${counts.requests} requests; ${passing} now score at least ${cut.value} (${cut.model})`,
  );
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
      if (!Array.isArray(templates) || templates.some((t) => typeof t.id !== 'string' || typeof t.text !== 'string'))
        throw new Error('expected a list of {id, version, text}');
    } catch (e) {
      throw usageError(`${values.templates}: ${(e as Error).message}`);
    }
  }
  const inputs = await readInputs(paths);
  const n = Number(values.sample ?? 20);
  const candidates = inputs.items.filter((it) => it.image && inputs.images.has(it.image.hash) && (route === 'caption' ? true : it.kind === 'pair')).slice(0, n);
  const { provider } = cliProvider(values.provider, { chatEndpointUrl: values.endpoint, ...(values.model ? { vlmModel: values.model } : {}) });
  const models = await loadNodeModels(DEFAULT_MODELS);
  const store = memoryStore();
  const score = async (hash: string, text: string) => {
    const r = await scorePairs(models, [{ id: 'x', imageHash: hash, text }], { store, loadImage: async (h) => decodeImageBytes(inputs.images.get(h)!) });
    return r.scores.get('x')![ENSEMBLE];
  };
  const sample = candidates.map((it, i) => ({
    id: it.image!.name ?? String(i),
    image: { bytes: inputs.images.get(it.image!.hash)!, mime: it.image!.mime },
    imageHash: it.image!.hash,
    caption: it.caption,
  }));
  const result = await comparePrompts(provider, route, templates, sample, score);
  for (const m of models) await m.release();
  io.out(JSON.stringify({ route, provider: provider.name, sample: sample.length, templates: result }));
  return 0;
}
