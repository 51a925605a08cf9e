import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoItems, DEMO_IMAGE_SIZE } from '../core/synth/demo.ts';
import { SYNTHETIC_SCENE_MIN, sceneLikeness } from '../core/synth/perceive.ts';
import { renderScene, renderScenePng } from '../core/synth/render.ts';
import { decodeImage } from './decode.ts';
import { OfflineProvider } from '../core/providers/offline.ts';
import { DEFAULT_PROMPTS } from '../core/providers/types.ts';

// Six real photos (scikit-image's sample data, public domain and CC0: fixtures/photos/CREDITS.md).
const PHOTOS = path.resolve(__dirname, '../../fixtures/photos/images');
const provider = new OfflineProvider(async (image) => decodeImage(image.bytes));

describe('the offline provider knows only the synthetic world', () => {
  it('refuses every real photo with the reason, and writes no caption', async () => {
    const names = readdirSync(PHOTOS).sort();
    expect(names).toHaveLength(6);
    for (const name of names) {
      const bytes = new Uint8Array(readFileSync(path.join(PHOTOS, name)));
      const image = { bytes, mime: name.endsWith('.jpg') ? 'image/jpeg' : 'image/png' };
      expect(sceneLikeness(await decodeImage(bytes)), name).toBeLessThan(SYNTHETIC_SCENE_MIN);
      await expect(provider.caption(image, DEFAULT_PROMPTS.caption), name).rejects.toThrow(
        /reads only synthetic scenes, and this is not one \(\d+% of its pixels/,
      );
      await expect(provider.repair(image, 'a cup of coffee', DEFAULT_PROMPTS.repair), name).rejects.toThrow(/use the hosted provider/);
    }
  });

  it('still reads the demo scenes, and never writes a caption with "undefined", "NaN" or "[object"', async () => {
    const scenes = demoItems(77, 80).filter((d) => d.scene);
    let read = 0;
    for (const d of scenes) {
      expect(
        sceneLikeness({ width: DEMO_IMAGE_SIZE, height: DEMO_IMAGE_SIZE, data: renderScene(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!) }),
      ).toBeGreaterThanOrEqual(SYNTHETIC_SCENE_MIN);
      const bytes = renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!);
      const r = await provider.caption({ bytes, mime: 'image/png' }, DEFAULT_PROMPTS.caption).catch((e: Error) => e);
      if (r instanceof Error) expect(r.message).toMatch(/offline provider/);
      else {
        read++;
        expect(r.text).not.toMatch(/undefined|NaN|\[object|null/);
      }
    }
    expect(read / scenes.length).toBeGreaterThan(0.9);
  });
});
