// `clip-curator caption|repair|generate`: one preprocessing route through the job queue, then rescoring.

import { scorePairs, memoryStore } from '../../core/clip/pipeline.ts';
import { ENSEMBLE } from '../../core/clip/score.ts';
import { contentHash, type ImageInfo } from '../../core/import/image.ts';
import { currentCaption } from '../../core/model.ts';
import { HF_DEFAULTS } from '../../core/providers/hf.ts';
import { JobQueue, type Job, type JobStore } from '../../core/providers/queue.ts';
import { routeJobRunner, routeJobsFor } from '../../core/providers/routeJobs.ts';
import type { Route } from '../../core/providers/routes.ts';
import type { CaptionResult, ImageResult } from '../../core/providers/types.ts';
import { decodeImage } from '../decode.ts';
import type { Item } from '../../core/model.ts';
import { toContentItem } from '../../core/import/toItem.ts';
import { APP_VERSION } from '../../core/version.ts';
import { DatasetFolderWriter } from '../folder.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../models.ts';
import { cliProvider, parse, readInputs, usageError, type Io } from '../common.ts';
import { alreadyDone, shardRecord, stageOutput } from '../shard.ts';

export async function runRoute(route: Route, args: string[], io: Io): Promise<number> {
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
    shard: { type: 'string' },
  });
  const { name: providerName, provider } = cliProvider(values.provider, {
    provider: values['inference-provider'] ?? HF_DEFAULTS.provider,
    chatEndpointUrl: values.endpoint,
    imageEndpointUrl: values['image-endpoint'] ?? values.endpoint,
    ...(values.model ? (route === 'generate' ? { textToImageModel: values.model } : { vlmModel: values.model }) : {}),
  });
  const cut = { model: values['cut-model'] ?? ENSEMBLE, value: values.threshold ? Number(values.threshold) : 0.3 };
  if (!Number.isFinite(cut.value)) throw usageError('--threshold must be a number');
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
  const models = await loadNodeModels(DEFAULT_MODELS);
  const store = memoryStore();
  const rescore = async (list: Item[]) => {
    const pairs = list
      .filter((i) => i.kind === 'pair' && i.imageHash && currentCaption(i))
      .map((i) => ({ id: i.id, imageHash: i.imageHash!, text: currentCaption(i)! }));
    const result = await scorePairs(models, pairs, { store, loadImage: async (h) => decodeImage(images.get(h)!.bytes) });
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
    item: async (at) => byId.get(at.itemId),
    image: async (hash) => images.get(hash)!,
    putImage: async (bytes, mime) => {
      const hash = await contentHash(bytes);
      images.set(hash, { bytes, mime });
      return hash;
    },
    update: async ({ itemId }, change) => void byId.set(itemId, change(byId.get(itemId)!)),
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
  if (output.out) {
    const writer = await DatasetFolderWriter.open(output.out, values.force);
    for (const item of finalItems) {
      const img = item.imageHash ? images.get(item.imageHash) : undefined;
      await writer.add(item, img ? { mime: img.mime as ImageInfo['mime'], bytes: async () => img.bytes } : undefined);
    }
    await writer.close({
      app: 'clip-curator',
      version: APP_VERSION,
      stage: route,
      provider: providerName,
      threshold: cut,
      createdAt: now,
      ...shardRecord(output, inputs),
    });
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
    ...(output.out ? { out: output.out } : {}),
  };
  io.out(
    values.json
      ? JSON.stringify(summary)
      : `${route}: ${counts.done} of ${candidates.length} done, ${failed.length} failed, ${counts.requests} requests; ${passing} now score at least ${cut.value} (${cut.model})`,
  );
  return 0;
}
