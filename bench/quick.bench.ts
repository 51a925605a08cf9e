// npm run bench:quick — the few figures issue 15 tracks, in under five minutes, from one run (ratios; this machine is
// noisy). The last line printed is one JSON object:
//   scoring_browser_vs_node      pipeline pairs/s, Chromium WASM ÷ onnxruntime-node, the ViT-B/32-size model
//                                (tiny-clip-vit when that model is missing and cannot be made), batch 8
//   browser_spearman_vs_fp32     rank agreement of the browser's pair scores with Node's fp32 ones (same model)
//   browser_max_cosine_diff      the largest difference between those scores
//   pipeline_vs_bare_browser_tiny  the tiny models' whole pipeline ÷ their bare sessions in Chromium (mean of two)
//   ui_import_rows_per_s         the UI import of 20,000 rows naming 1,000 images (bench/import-browser at 20,000)
// The ViT-B/32-size model is made with Debian's PyTorch when missing (training/make_random_vitb32.py).

import { execFileSync, execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { timePipeline } from '../src/core/clip/bench.ts';
import { cosine } from '../src/core/clip/score.ts';
import { decodeImage } from '../src/cli/decode.ts';
import { loadNodeModel } from '../src/cli/models.ts';
import { DEMO_IMAGE_SIZE, demoItems } from '../src/core/synth/demo.ts';
import { renderScenePng } from '../src/core/synth/render.ts';
import { launch, servePreview, stopServer } from './browser.ts';

const t0 = performance.now();
const BIG = '_bench/vitb32-random';
if (!existsSync(`models/${BIG}/config.json`) && existsSync('/usr/bin/python3')) {
  try {
    execFileSync('/usr/bin/python3', ['training/make_random_vitb32.py'], { stdio: 'inherit', timeout: 180_000 });
  } catch (e) {
    console.error(`could not make the ViT-B/32-size model (${(e as Error).message}); measuring tiny-clip-vit instead`);
  }
}
const big = existsSync(`models/${BIG}/config.json`) ? BIG : 'tiny-clip-vit';
if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'inherit' });

const items = demoItems(2718, 120).filter((d) => d.scene && d.caption);
const pngs = items.map((d) => renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!));
const texts = items.map((d) => d.caption!);
const BATCH = 8;
const pairsFor = (id: string) => (id === BIG ? 24 : 64);
const rate = (n: number, ms: number) => n / (ms / 1000);

// Node: pipeline pairs/s of the big model, and its fp32 scores for the agreement check.
const node = await loadNodeModel(big);
const images = await Promise.all(pngs.slice(0, pairsFor(big)).map((p) => decodeImage(p)));
await node.embedPixels(node.pixelBatch(images.slice(0, BATCH)), BATCH);
const nodePipeline = rate(pairsFor(big), await timePipeline(node, pairsFor(big), texts, async (i) => decodeImage(pngs[i]), BATCH));
const nodeImage = await node.embedPixels(node.pixelBatch(images), images.length);
const nodeText = await node.embedTexts(texts.slice(0, images.length));
await node.release();
// Every image with every caption: a ranking with enough pairs to mean something.
const pairScores = (img: ArrayLike<number>[], txt: ArrayLike<number>[]) =>
  img.flatMap((i) => txt.map((t) => cosine(Float32Array.from(i), Float32Array.from(t))));
const nodeScores = pairScores(nodeImage, nodeText);

const PORT = 4183;
const server = await servePreview(PORT);
const browser = await launch();
const out: Record<string, number | string> = { bench: 'quick', model: big };
try {
  const page = await browser.newPage();
  const ids = [big, 'tiny-clip-vit', 'tiny-clip-cnn'].filter((v, i, a) => a.indexOf(v) === i);
  await page.addInitScript(
    (specs) => localStorage.setItem('cc.models', JSON.stringify(specs)),
    ids.map((id) => ({ id, baseUrl: `/models/${id}/` })),
  );
  await page.goto(`http://127.0.0.1:${PORT}/?demo=0&backend=wasm`);
  await page.evaluate('window.clipCurator.ensureModels()');
  type Api = { clipCurator: Record<string, (...a: unknown[]) => Promise<unknown>> };
  const bench = (id: string, n: number) =>
    page.evaluate(([m, p, t, b]) => (window as unknown as Api).clipCurator.benchmark(m, p, t, b), [
      id,
      pngs.slice(0, n).map((p) => Array.from(p)),
      texts.slice(0, n),
      BATCH,
    ] as const) as Promise<{ bareMs: number; pipelineMs: number }>;
  const bigRun = await bench(big, pairsFor(big));
  out.scoring_browser_vs_node = +(rate(pairsFor(big), bigRun.pipelineMs) / nodePipeline).toFixed(3);
  out.node_pipeline_pairs_per_s = +nodePipeline.toFixed(1);
  out.browser_pipeline_pairs_per_s = +rate(pairsFor(big), bigRun.pipelineMs).toFixed(1);
  const browserImage = (await page.evaluate(([m, imgs]) => (window as unknown as Api).clipCurator.embedImages(m, imgs), [
    big,
    images.map((i) => ({ width: i.width, height: i.height, data: Array.from(i.data) })),
  ] as const)) as number[][];
  const browserText = (await page.evaluate(([m, t]) => (window as unknown as Api).clipCurator.embedTexts(m, t), [
    big,
    texts.slice(0, images.length),
  ] as const)) as number[][];
  const browserScores = pairScores(browserImage, browserText);
  out.browser_spearman_vs_fp32 = +spearman(browserScores, nodeScores).toFixed(5);
  out.browser_max_cosine_diff = +Math.max(...browserScores.map((s, i) => Math.abs(s - nodeScores[i]))).toExponential(2);
  const tiny = [];
  for (const id of ['tiny-clip-vit', 'tiny-clip-cnn']) {
    const r = await bench(id, 64);
    tiny.push(r.bareMs / r.pipelineMs);
    out[`pipeline_vs_bare_browser_${id}`] = +(r.bareMs / r.pipelineMs).toFixed(3);
  }
  out.pipeline_vs_bare_browser_tiny = +((tiny[0] + tiny[1]) / 2).toFixed(3);
  await page.close();
} finally {
  await browser.close();
  stopServer(server);
}

// The UI import, through its own benchmark at 20,000 rows.
const importLine = execSync('npx tsx bench/import-browser.bench.ts', { env: { ...process.env, ROWS: '20000' }, encoding: 'utf8', timeout: 240_000 })
  .split('\n')
  .find((l) => l.startsWith('{"bench":"import-browser'));
out.ui_import_rows_per_s = importLine ? JSON.parse(importLine).rowsPerSecond : 'failed';
out.seconds = Math.round((performance.now() - t0) / 1000);
console.log(JSON.stringify(out));

/** Spearman's rank correlation (average ranks for ties). */
function spearman(a: number[], b: number[]): number {
  const ranks = (v: number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((x, y) => x[0] - y[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
      for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}
