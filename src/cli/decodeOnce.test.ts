// Scoring with two models decodes each image once, and gives each model the scores it gives alone.

import { describe, expect, it } from 'vitest';
import { memoryStore, type PrepareBatch, prepareImages, scorePairs } from '../core/clip/pipeline.ts';
import { DEMO_IMAGE_SIZE, demoItems } from '../core/synth/demo.ts';
import { renderScenePng } from '../core/synth/render.ts';
import { decodeImage } from './decode.ts';
import { loadNodeModel } from './models.ts';

describe('scorePairs with several models', () => {
  it('decodes every image once for all of them, with the same scores as one model at a time', async () => {
    const items = demoItems(77, 40).filter((d) => d.scene && d.caption);
    const pngs = new Map(items.map((d, i) => [`h${i}`, renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!)]));
    const pairs = items.map((d, i) => ({ id: `p${i}`, imageHash: `h${i}`, text: d.caption! }));
    const models = [await loadNodeModel('tiny-clip-vit'), await loadNodeModel('tiny-clip-cnn')];
    let decoded = 0;
    const loadImage = async (h: string) => {
      decoded++;
      return decodeImage(pngs.get(h)!);
    };
    const both = await scorePairs(models, pairs, { store: memoryStore(), loadImage, batchSize: 8 });
    expect(decoded).toBe(pairs.length);
    for (const m of models) {
      const alone = await scorePairs([m], pairs, { store: memoryStore(), loadImage, batchSize: 8 });
      for (const p of pairs) expect(both.scores.get(p.id)![m.id]).toBeCloseTo(alone.scores.get(p.id)![m.id], 6);
    }
    for (const m of models) await m.release();
  });

  it('prepares batches through `prepare` (the decode workers) with the same scores, several ahead, and reports what did not decode', async () => {
    const items = demoItems(78, 40).filter((d) => d.scene && d.caption);
    const pngs = new Map(items.map((d, i) => [`h${i}`, renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!)]));
    pngs.set('h3', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    const pairs = items.map((d, i) => ({ id: `p${i}`, imageHash: `h${i}`, text: d.caption! }));
    const models = [await loadNodeModel('tiny-clip-vit'), await loadNodeModel('tiny-clip-cnn')];
    const loadImage = async (h: string) => decodeImage(pngs.get(h)!);
    const here = await scorePairs(models, pairs, { store: memoryStore(), loadImage, batchSize: 8 });
    // A stand-in for the decode workers: it records how many batches are in flight at once.
    let inFlight = 0;
    let most = 0;
    const calls: string[][][] = [];
    const prepare: PrepareBatch = async (hashes, wanted) => {
      calls.push(wanted);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      const prepared = await prepareImages(
        hashes,
        wanted,
        loadImage,
        models.map((m) => m.files.preprocessor),
      );
      inFlight--;
      return prepared;
    };
    const there = await scorePairs(models, pairs, {
      store: memoryStore(),
      loadImage: () => Promise.reject(new Error('not used')),
      prepare,
      prefetch: 3,
      batchSize: 8,
    });
    expect(calls.length).toBe(Math.ceil(pairs.length / 8));
    expect(most).toBe(3);
    expect(there.failed.map((f) => f.id)).toEqual(['p3']);
    expect(there.failed[0].reason).toBe(here.failed[0].reason);
    for (const p of pairs.filter((x) => x.id !== 'p3'))
      for (const m of models) expect(there.scores.get(p.id)![m.id]).toBeCloseTo(here.scores.get(p.id)![m.id], 6);
    for (const m of models) await m.release();
  });
});
