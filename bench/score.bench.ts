// Scoring throughput: pairs per second in headless Chromium (WASM, threads on and off) against onnxruntime-node on
// the same models and inputs, at batch sizes 1, 8 and 32; the whole pipeline (PNG decode, preprocess, tokenize,
// embed, score) against the bare sessions. Prints figures and ratios from one run; asserts nothing.
// The ViT-B/32-size model is made by `/usr/bin/python3 training/make_random_vitb32.py` (not committed); it is
// skipped with a note when absent.

import { existsSync } from 'node:fs';
import os from 'node:os';
import { timeBareSession, timePipeline } from '../src/core/clip/bench.ts';
import { decodeImage } from '../src/cli/decode.ts';
import { DEMO_IMAGE_SIZE, demoItems } from '../src/core/synth/demo.ts';
import { renderScenePng } from '../src/core/synth/render.ts';
import { loadNodeModel } from '../src/cli/models.ts';
import { launch, servePreview, stopServer } from './browser.ts';

const PORT = 4182;
const BATCHES = (process.env.BATCHES ?? '1,8,32').split(',').map(Number);
const models = [
  { id: 'tiny-clip-vit', baseUrl: '/models/tiny-clip-vit/', pairs: 96 },
  { id: 'tiny-clip-cnn', baseUrl: '/models/tiny-clip-cnn/', pairs: 96 },
  ...(existsSync('models/_bench/vitb32-random/config.json') ? [{ id: '_bench/vitb32-random', baseUrl: '/models/_bench/vitb32-random/', pairs: 32 }] : []),
];
if (models.length === 2)
  console.log('note: models/_bench/vitb32-random is missing — run /usr/bin/python3 training/make_random_vitb32.py to include the real-size model');

const items = demoItems(2718, 200).filter((d) => d.scene && d.caption);
const pngs = items.map((d) => renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!));
const texts = items.map((d) => d.caption!);
const rate = (n: number, ms: number) => Math.round((n / (ms / 1000)) * 10) / 10;

type Row = { model: string; runtime: string; batch: number; barePairsPerSec: number; pipelinePairsPerSec: number };
const rows: Row[] = [];

// Node, onnxruntime-node on the CPU, default threads.
for (const m of models) {
  const model = await loadNodeModel(m.id);
  const images = await Promise.all(pngs.slice(0, m.pairs).map((p) => decodeImage(p)));
  await model.embedPixels(model.pixelBatch(images.slice(0, 8)), 8);
  for (const batch of BATCHES) {
    const bare = await timeBareSession(model, images, texts.slice(0, m.pairs), batch);
    const pipe = await timePipeline(model, m.pairs, texts, async (i) => decodeImage(pngs[i]), batch);
    rows.push({ model: m.id, runtime: 'node', batch, barePairsPerSec: rate(m.pairs, bare), pipelinePairsPerSec: rate(m.pairs, pipe) });
    console.error(JSON.stringify(rows.at(-1)));
  }
  await model.release();
}

// Headless Chromium, WASM with all cores, then with one thread (a fresh page: the thread count is fixed per worker).
const server = await servePreview(PORT);
const browser = await launch();
try {
  for (const threads of [os.cpus().length, 1]) {
    const page = await browser.newPage();
    await page.addInitScript(
      (specs) => localStorage.setItem('cc.models', JSON.stringify(specs)),
      models.map(({ id, baseUrl }) => ({ id, baseUrl })),
    );
    await page.goto(`http://127.0.0.1:${PORT}/?demo=0&backend=wasm&threads=${threads}`);
    const info = await page.evaluate('window.clipCurator.ensureModels()');
    console.error('browser backend', JSON.stringify(info));
    for (const m of models) {
      for (const batch of BATCHES) {
        const r = (await page.evaluate(
          ([id, p, t, b]) => (window as unknown as { clipCurator: { benchmark: (...a: unknown[]) => Promise<unknown> } }).clipCurator.benchmark(id, p, t, b),
          [m.id, pngs.slice(0, m.pairs).map((p) => Array.from(p)), texts.slice(0, m.pairs), batch] as const,
        )) as { bareMs: number; pipelineMs: number };
        rows.push({
          model: m.id,
          runtime: `chromium-wasm-${threads}t`,
          batch,
          barePairsPerSec: rate(m.pairs, r.bareMs),
          pipelinePairsPerSec: rate(m.pairs, r.pipelineMs),
        });
        console.error(JSON.stringify(rows.at(-1)));
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  stopServer(server);
}

// Ratios against Node for the same model and batch.
console.log(JSON.stringify({ bench: 'score', cpus: os.cpus().length, rows }));
console.log('\nmodel                  runtime              batch  bare pairs/s  pipeline pairs/s  pipeline/bare  bare vs node');
for (const r of rows) {
  const node = rows.find((x) => x.model === r.model && x.batch === r.batch && x.runtime === 'node')!;
  console.log(
    `${r.model.padEnd(22)} ${r.runtime.padEnd(20)} ${String(r.batch).padStart(5)}  ${String(r.barePairsPerSec).padStart(12)}  ${String(r.pipelinePairsPerSec).padStart(16)}  ${(r.pipelinePairsPerSec / r.barePairsPerSec).toFixed(2).padStart(13)}  ${(r.barePairsPerSec / node.barePairsPerSec).toFixed(2).padStart(12)}`,
  );
}
