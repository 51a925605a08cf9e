// The browser scores a real-format CLIP export (fixtures/clip-real) as PyTorch + PIL do: token ids through the
// worker's tokenizer, every image kind decoded by the scoring worker, embeddings and pair cosines within 1e-4.
// The Node side is src/cli/realFormat.test.ts; the references come from training/make_real_fixture.py.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/clip-real');
const ref = JSON.parse(readFileSync(path.join(FIXTURE, 'reference.json'), 'utf8')) as {
  texts: string[];
  images: string[];
  image_embeds: number[][];
  text_embeds: number[][];
  cosines: number[][];
};

type Handle = {
  ensureModels: () => Promise<{ backend: string; failed?: unknown[] }>;
  embedTexts: (m: string, t: string[]) => Promise<number[][]>;
  embedFiles: (m: string, f: { bytes: number[]; mime: string }[]) => Promise<number[][]>;
};

const unit = (v: number[]) => {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
};
const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((v, i) => v.map((x, k) => Math.abs(x - b[i][k]))));

test('a real-format CLIP export scores in the browser as in PyTorch + PIL (within 1e-4)', async ({ page, context }) => {
  // The fixture is not part of the build: serve it to the page and its workers from the project folder.
  await context.route('**/fixture/clip-real/**', async (route) => {
    const rel = decodeURIComponent(new URL(route.request().url()).pathname.replace(/^.*\/fixture\/clip-real\//, ''));
    const file = path.resolve(FIXTURE, rel);
    if (!file.startsWith(FIXTURE + path.sep)) return route.fulfill({ status: 404 });
    try {
      await route.fulfill({ body: readFileSync(file), headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
  await page.addInitScript(() => localStorage.setItem('cc.models', JSON.stringify([{ id: 'clip-real', baseUrl: '/fixture/clip-real/' }])));
  await page.goto('/?demo=0&backend=wasm');
  const files = ref.images.map((n) => ({
    bytes: Array.from(readFileSync(path.join(FIXTURE, 'images', n))),
    mime: n.endsWith('.png') ? 'image/png' : 'image/jpeg',
  }));
  const got = await page.evaluate(
    async ({ texts, files }) => {
      const h = (window as unknown as { clipCurator: Handle }).clipCurator;
      const info = await h.ensureModels();
      return { info, texts: await h.embedTexts('clip-real', texts), images: await h.embedFiles('clip-real', files) };
    },
    { texts: ref.texts, files },
  );
  expect(got.info.backend).toBe('wasm');
  const images = got.images.map(unit);
  const texts = got.texts.map(unit);
  const cosines = images.map((v) => texts.map((t) => v.reduce((s, x, k) => s + x * t[k], 0)));
  const [imageDiff, textDiff, cosineDiff] = [maxDiff(images, ref.image_embeds), maxDiff(texts, ref.text_embeds), maxDiff(cosines, ref.cosines)];
  console.log(
    `real-format fixture, browser: largest difference image ${imageDiff.toExponential(2)}, text ${textDiff.toExponential(2)}, cosine ${cosineDiff.toExponential(2)}`,
  );
  // Per image, so that a failure names the kind that decodes differently.
  ref.images.forEach((name, i) => expect(maxDiff([images[i]], [ref.image_embeds[i]]), name).toBeLessThan(1e-4));
  expect(textDiff).toBeLessThan(1e-4);
  expect(cosineDiff).toBeLessThan(1e-4);
});
