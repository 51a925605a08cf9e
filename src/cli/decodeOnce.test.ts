// Scoring with two models decodes each image once, and gives each model the scores it gives alone.

import { describe, expect, it } from 'vitest';
import { memoryStore, scorePairs } from '../core/clip/pipeline.ts';
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
});
