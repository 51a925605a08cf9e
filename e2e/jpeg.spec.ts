// The same JPEG decodes to the same pixels in the CLI (sharp: libjpeg-turbo's decoder) and in the browser (Chromium's
// libjpeg-turbo, as the scoring worker calls it): baseline and progressive, 4:2:0 chroma, within one level.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { decodeImage } from '../src/cli/decode.ts';

const PHOTOS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/photos/images');

test('JPEG pixels: the CLI equals Chromium within one level (baseline and progressive 4:2:0)', async ({ page }) => {
  await page.goto('/?demo=0');
  for (const source of ['astronaut.png', 'coffee.png', 'chelsea.png']) {
    const png = readFileSync(path.join(PHOTOS, source));
    for (const progressive of [false, true]) {
      const jpeg = new Uint8Array(await sharp(png).jpeg({ quality: 85, chromaSubsampling: '4:2:0', progressive, mozjpeg: false }).toBuffer());
      const node = await decodeImage(jpeg);
      // The scoring worker's decode (src/worker/decodeImage.ts), run in the page.
      const browser = await page.evaluate(async (bytes) => {
        const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), {
          colorSpaceConversion: 'none',
          premultiplyAlpha: 'none',
        });
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(bitmap, 0, 0);
        return {
          width: canvas.width,
          height: canvas.height,
          data: Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height, { colorSpace: 'srgb' }).data),
        };
      }, Array.from(jpeg));
      expect([browser.width, browser.height]).toEqual([node.width, node.height]);
      let max = 0;
      let sum = 0;
      for (let i = 0; i < browser.data.length; i++) {
        if (i % 4 === 3) continue;
        const d = Math.abs(browser.data[i] - node.data[i]);
        max = Math.max(max, d);
        sum += d;
      }
      console.log(`${source} ${progressive ? 'progressive' : 'baseline'} 4:2:0: max ${max} levels, mean ${(sum / ((browser.data.length * 3) / 4)).toFixed(4)}`);
      expect(max, `${source} ${progressive ? 'progressive' : 'baseline'}`).toBeLessThanOrEqual(1);
    }
  }
});
