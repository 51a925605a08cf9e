// A batch prepared for several models: models whose preprocessing is the same share it, each gets the images it
// asked for, in its order, with the pixels it would get alone.

import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../image/types.ts';
import { random } from '../random.ts';
import { prepareImages } from './pipeline.ts';
import { type PreprocessorConfig, pixelBatch, preprocessKey } from './preprocess.ts';

const clip: PreprocessorConfig = {
  do_resize: true,
  size: { shortest_edge: 16 },
  resample: 3,
  do_center_crop: true,
  crop_size: { height: 16, width: 16 },
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_std: [0.26862954, 0.26130258, 0.27577711],
};

function image(seed: number): RgbaImage {
  const rand = random(seed);
  const width = 20 + seed * 3;
  const height = 24;
  return { width, height, data: Uint8ClampedArray.from({ length: width * height * 4 }, () => Math.floor(rand() * 256)) };
}

describe('prepareImages', () => {
  const images = new Map(['a', 'b', 'c', 'd'].map((h, i) => [h, image(i + 1)]));
  const load = async (h: string) => {
    const img = images.get(h);
    if (!img) throw new Error(`no image ${h}`);
    return img;
  };

  it('preprocesses once for models with the same preprocessing, and gives each the rows it asked for', async () => {
    let loads = 0;
    const counted = (h: string) => (loads++, load(h));
    // A copy of the same config (another model's file), one that names the same fields in another order, one that differs.
    const same = JSON.parse(JSON.stringify(clip)) as PreprocessorConfig;
    const reordered = Object.fromEntries(Object.entries(clip).reverse()) as PreprocessorConfig;
    const bilinear = { ...clip, resample: 2 };
    expect(preprocessKey(same)).toBe(preprocessKey(clip));
    expect(preprocessKey(reordered)).toBe(preprocessKey(clip));
    expect(preprocessKey(bilinear)).not.toBe(preprocessKey(clip));
    const hashes = ['a', 'b', 'c', 'd', 'missing'];
    const wanted = [
      ['a', 'b', 'c', 'd', 'missing'],
      ['a', 'b', 'c', 'd'],
      ['d', 'b'],
      ['c', 'a'],
    ];
    const { perModel, broken } = await prepareImages(hashes, wanted, counted, [clip, same, reordered, bilinear]);
    expect(loads).toBe(hashes.length);
    expect(broken).toEqual([['missing', 'no image missing']]);
    expect(perModel.map((m) => m.hashes)).toEqual([
      ['a', 'b', 'c', 'd'],
      ['a', 'b', 'c', 'd'],
      ['d', 'b'],
      ['c', 'a'],
    ]);
    // The first two need the whole shared batch: one array between them.
    expect(perModel[1].pixels).toBe(perModel[0].pixels);
    const cfgs = [clip, same, reordered, bilinear];
    perModel.forEach((m, k) => {
      const alone = pixelBatch(
        m.hashes.map((h) => images.get(h)!),
        cfgs[k],
      );
      expect(m.pixels).toEqual(alone);
    });
    // Another resampling filter gives other pixels.
    expect(perModel[3].pixels).not.toEqual(pixelBatch([images.get('c')!, images.get('a')!], clip));
  });

  it('gives an empty batch to a model that needs none of the images', async () => {
    const { perModel } = await prepareImages(['a'], [['a'], []], load, [clip, clip]);
    expect(perModel[0].hashes).toEqual(['a']);
    expect(perModel[1]).toEqual({ hashes: [], pixels: new Float32Array(0) });
  });
});
