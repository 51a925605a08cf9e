// The bundled models' int8 variants (training/quantize.py; "name@q8"): they load from onnx/*_quantized.onnx, score
// as a model of their own, rank the held-out demo's pairs like fp32, and the figures Settings shows from each
// manifest are the ones this run measures. A folder without the int8 files says how to make them.

import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryStore, scorePairs } from '../core/clip/pipeline.ts';
import { spearman } from '../core/clip/score.ts';
import { DEMO_IMAGE_SIZE, demoItems, HELD_OUT_DEMO_SEED } from '../core/synth/demo.ts';
import { renderScenePng } from '../core/synth/render.ts';
import { decodeImage } from './decode.ts';
import { loadNodeModel, MODELS_DIR } from './models.ts';

describe('int8 variants of the bundled models', () => {
  it.each(['tiny-clip-vit', 'tiny-clip-cnn'])('%s@q8 loads the quantized files and ranks the held-out demo like fp32', async (name) => {
    // The same pairs as bench/int8.bench.ts, which wrote the manifest's figures.
    const items = demoItems(HELD_OUT_DEMO_SEED, 400).filter((d) => d.kind === 'pair' && d.scene && d.caption);
    const pngs = new Map(items.map((d, i) => [`h${i}`, renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!)]));
    const pairs = items.map((d, i) => ({ id: `p${i}`, imageHash: `h${i}`, text: d.caption! }));
    const fp32 = await loadNodeModel(name);
    const q8 = await loadNodeModel(`${name}@q8`);
    expect(q8.id).toBe(`${name}@q8`);
    const r = await scorePairs([fp32, q8], pairs, { store: memoryStore(), batchSize: 16, loadImage: async (h) => decodeImage(pngs.get(h)!) });
    await fp32.release();
    await q8.release();
    const a = pairs.map((p) => r.scores.get(p.id)![name]);
    const b = pairs.map((p) => r.scores.get(p.id)![`${name}@q8`]);
    // Not the same numbers (the weights are 8-bit), but the same order.
    expect(a.some((s, i) => s !== b[i])).toBe(true);
    const rho = spearman(b, a);
    expect(rho).toBeGreaterThan(0.99);
    const manifest = JSON.parse(readFileSync(path.join(MODELS_DIR, name, 'manifest.json'), 'utf8'));
    expect(manifest.int8.pairs).toBe(pairs.length);
    // Scoring batches differ from the bench's, and the activations are quantized per batch: close, not equal.
    expect(Math.abs(manifest.int8.spearman_vs_fp32 - rho)).toBeLessThan(0.002);
  });

  it('a folder without the int8 files names them and the script that makes them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-int8-'));
    try {
      cpSync(path.join(MODELS_DIR, 'tiny-clip-vit'), dir, { recursive: true, filter: (f) => !f.includes('_quantized') });
      const err = await loadNodeModel(`${dir}@q8`).catch((e: Error) => e.message);
      expect(err).toContain(path.join(dir, 'onnx/vision_model_quantized.onnx'));
      expect(err).toContain(`training/quantize.py ${dir}`);
      // The fp32 model in the same folder still loads.
      await (await loadNodeModel(dir)).release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
