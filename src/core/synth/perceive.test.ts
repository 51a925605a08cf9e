import { describe, expect, it } from 'vitest';
import { DEMO_IMAGE_SIZE } from './demo.ts';
import { perceiveScene } from './perceive.ts';
import { renderScene } from './render.ts';
import { captionText, describeScene, isTrueOf, sampleCaption, sceneFor } from './scene.ts';
import { rng } from '../random.ts';

const kinds = (objects: { color: string; shape: string; size: string }[]) => objects.map((o) => `${o.size} ${o.color} ${o.shape}`).sort();

describe('perceiveScene (the offline provider reads scenes from pixels)', () => {
  it('recovers every object (colour, shape, size) and keeps the caption true, on 150 random scenes', () => {
    const r = rng(4321);
    let exact = 0;
    let captionsTrue = 0;
    let described = 0;
    const misses: string[] = [];
    const N = 150;
    for (let i = 0; i < N; i++) {
      const caption = sampleCaption(r);
      const scene = sceneFor(caption, 1000 + i);
      const seen = perceiveScene({ width: DEMO_IMAGE_SIZE, height: DEMO_IMAGE_SIZE, data: renderScene(scene, DEMO_IMAGE_SIZE, i) });
      if (JSON.stringify(kinds(seen.objects)) === JSON.stringify(kinds(scene.objects))) exact++;
      else misses.push(`${captionText(caption)}: saw ${kinds(seen.objects).join(', ')}; was ${kinds(scene.objects).join(', ')}`);
      if (isTrueOf(caption, seen)) captionsTrue++;
      // What it writes about the perceived scene is true of the real one.
      if (isTrueOf(describeScene(seen, i), scene)) described++;
      else misses.push(`described "${captionText(describeScene(seen, i))}" for ${kinds(scene.objects).join(', ')}`);
    }
    console.log(
      `perceive: ${exact}/${N} scenes exact, original caption true of ${captionsTrue}/${N}, description true of ${described}/${N}\n${misses.slice(0, 6).join('\n')}`,
    );
    expect(described / N).toBeGreaterThanOrEqual(0.95);
    expect(exact / N).toBeGreaterThanOrEqual(0.95);
    expect(captionsTrue / N).toBeGreaterThanOrEqual(0.95);
  });
});
