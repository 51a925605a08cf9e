import { describe, expect, it } from 'vitest';
import { rng } from '../random.ts';
import { sceneStream } from './demo.ts';
import { inside, PALETTE, renderScene } from './render.ts';
import type { Scene } from './scene.ts';

/** The renderer as it first was: every sample tests every object with `inside`, last drawn first. */
function plainRender(scene: Scene, size: number, seed: number): Uint8ClampedArray {
  const r = rng(seed ^ 0x5eed);
  const bg = [228 + Math.floor(r() * 20), 228 + Math.floor(r() * 20), 228 + Math.floor(r() * 20)];
  const colors = scene.objects.map((o) => PALETTE[o.color].map((v) => Math.max(0, Math.min(255, v + Math.floor((r() - 0.5) * 24)))));
  const px = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0];
      for (const [sx, sy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const i = scene.objects.findLastIndex((o) => inside(o, (x + (sx + 0.5) / 2) / size, (y + (sy + 0.5) / 2) / size));
        const c = i < 0 ? bg : colors[i];
        for (let k = 0; k < 3; k++) sum[k] += c[k];
      }
      const noise = Math.floor((r() - 0.5) * 10);
      px.set([sum[0] / 4 + noise, sum[1] / 4 + noise, sum[2] / 4 + noise, 255], (y * size + x) * 4);
    }
  return px;
}

describe('renderScene', () => {
  it('draws exactly what testing every object at every sample draws (it skips objects whose box is elsewhere)', () => {
    const scenes = sceneStream(31);
    for (let i = 0; i < 40; i++) {
      const { scene, imageSeed } = scenes.next().value!;
      const size = i % 2 ? 64 : 97;
      expect(renderScene(scene, size, imageSeed)).toEqual(plainRender(scene, size, imageSeed));
    }
  });
});
