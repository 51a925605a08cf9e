// npx tsx bench/int8.bench.ts [--write]: each bundled model (and the ViT-B/32-size bench model when it is there)
// against its int8 variant (training/quantize.py) in onnxruntime-node, on the held-out demo's pairs: speed of the
// bare image and text towers, rank agreement (Spearman) and largest difference of the pair scores, the share of
// keep/drop verdicts that change at the fp32 model's best cut, and the matched-vs-mismatched AUC of each.
// --write stores the agreement figures in each bundled model's manifest.json (`int8`), which Settings shows.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cosine, rocAuc, spearman } from '../src/core/clip/score.ts';
import { decodeImage } from '../src/cli/decode.ts';
import { loadNodeModel } from '../src/cli/models.ts';
import { DEMO_IMAGE_SIZE, demoItems, HELD_OUT_DEMO_SEED } from '../src/core/synth/demo.ts';
import { renderScenePng } from '../src/core/synth/render.ts';

const write = process.argv.includes('--write');
const pairs = demoItems(HELD_OUT_DEMO_SEED, 400).filter((d) => d.kind === 'pair' && d.scene && d.caption);
const images = await Promise.all(pairs.map((d) => decodeImage(renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!))));
const texts = pairs.map((d) => d.caption!);
const labels = pairs.map((d) => d.match === true);
const BATCH = 16;

async function run(id: string, n = pairs.length) {
  const m = await loadNodeModel(id);
  const batches = [];
  for (let i = 0; i < n; i += BATCH) batches.push({ pixels: m.pixelBatch(images.slice(i, Math.min(i + BATCH, n))), n: Math.min(BATCH, n - i) });
  await m.embedPixels(batches[0].pixels, batches[0].n);
  let t = performance.now();
  const img: Float32Array[] = [];
  for (const b of batches) img.push(...(await m.embedPixels(b.pixels, b.n)));
  const imageMs = performance.now() - t;
  t = performance.now();
  const txt: Float32Array[] = [];
  for (let i = 0; i < n; i += BATCH) txt.push(...(await m.embedTexts(texts.slice(i, Math.min(i + BATCH, n)))));
  const textMs = performance.now() - t;
  await m.release();
  return { scores: img.map((v, i) => cosine(v, txt[i])), pairsPerS: n / ((imageMs + textMs) / 1000) };
}

/** The cut that best separates matched from mismatched pairs by these scores (Youden's J). */
function bestCut(scores: number[]): number {
  let best = { j: -1, cut: 0 };
  const pos = labels.filter(Boolean).length;
  const neg = labels.length - pos;
  for (const cut of scores) {
    let tp = 0;
    let fp = 0;
    scores.forEach((s, i) => {
      if (s >= cut) labels[i] ? tp++ : fp++;
    });
    const j = tp / pos - fp / neg;
    if (j > best.j) best = { j, cut };
  }
  return best.cut;
}

const ids = ['tiny-clip-vit', 'tiny-clip-cnn', ...(existsSync('models/_bench/vitb32-random/onnx/vision_model_quantized.onnx') ? ['_bench/vitb32-random'] : [])];
for (const id of ids) {
  // The big random-weights model is timed on fewer pairs; its agreement is still over all of them.
  const fp32 = await run(id);
  const q8 = await run(`${id}@q8`);
  const cut = bestCut(fp32.scores);
  const flipped = fp32.scores.filter((s, i) => s >= cut !== q8.scores[i] >= cut).length;
  const int8 = {
    pairs: pairs.length,
    demoSeed: HELD_OUT_DEMO_SEED,
    spearman_vs_fp32: +spearman(q8.scores, fp32.scores).toFixed(5),
    max_cosine_diff: +Math.max(...q8.scores.map((s, i) => Math.abs(s - fp32.scores[i]))).toFixed(5),
    verdicts_changed_at_fp32_cut: flipped,
    auc_fp32: +rocAuc(fp32.scores, labels).toFixed(4),
    auc_int8: +rocAuc(q8.scores, labels).toFixed(4),
    node_pairs_per_s_fp32: +fp32.pairsPerS.toFixed(1),
    node_pairs_per_s_int8: +q8.pairsPerS.toFixed(1),
  };
  console.log(JSON.stringify({ bench: 'int8', model: id, ...int8 }));
  if (write && !id.startsWith('_bench')) {
    const file = `models/${id}/manifest.json`;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    manifest.int8 = { ...int8, files: ['onnx/vision_model_quantized.onnx', 'onnx/text_model_quantized.onnx'], made_by: 'training/quantize.py' };
    writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}
