// CLIP in the browser: the demo opens by default, pairs are scored in the worker (WASM here), scores survive a
// reload without re-embedding, and the browser's embeddings equal Node's (and WebGPU's equal WASM's).

import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';
import { cosine } from '../src/core/clip/score.ts';
import { DEMO_IMAGE_SIZE, demoItems } from '../src/core/synth/demo.ts';
import { renderScene } from '../src/core/synth/render.ts';
import { DEFAULT_MODELS, loadNodeModel } from '../src/cli/models.ts';

type Handle = {
  ensureModels: () => Promise<{ backend: string; threads: number; adapter?: string }>;
  embedTexts: (m: string, t: string[]) => Promise<number[][]>;
  embedImages: (m: string, i: { width: number; height: number; data: number[] }[]) => Promise<number[][]>;
  renderHash: (caption: string, sceneSeed: number, size: number, seed: number) => Promise<string>;
};

const samples = demoItems(909, 12).filter((d) => d.scene);
const images = samples.map((d) => ({
  width: DEMO_IMAGE_SIZE,
  height: DEMO_IMAGE_SIZE,
  data: Array.from(renderScene(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!)),
}));
const texts = ['a red circle left of a blue square', 'three small yellow diamonds', 'a green triangle and no purple circle'];

/** Chromium with SwiftShader's software WebGPU adapter (DEVELOPERS.md). */
function launchWithSoftwareWebGpu() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      ...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'),
      '--enable-unsafe-webgpu',
      '--enable-features=Vulkan',
      '--use-vulkan=swiftshader',
      '--use-webgpu-adapter=swiftshader',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

async function browserEmbeddings(page: Page, model: string) {
  return page.evaluate(
    async ({ model, images, texts }) => {
      const h = (window as unknown as { clipCurator: Handle }).clipCurator;
      await h.ensureModels();
      return { images: await h.embedImages(model, images), texts: await h.embedTexts(model, texts) };
    },
    { model, images, texts },
  );
}

test('the demo opens fresh, scores in the browser, and a reload re-embeds nothing', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('cell').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status')).toContainText('Demo loaded: 164 pairs');
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText(/Scored 164 of 164 pairs .* embedded \d+ images and \d+ texts/, { timeout: 120_000 });
  await expect(page.getByTestId('backend')).toContainText(/CLIP: WASM · \d+ threads?/);
  const first = await page.getByRole('status').innerText();
  expect(first).not.toContain('embedded 0 images');
  await expect(page.getByTestId('cell-score').first()).toBeVisible();

  // The detail view shows each model's score beside the ensemble.
  await page.getByTestId('cell').first().click();
  for (const m of [...DEFAULT_MODELS, 'ensemble']) await expect(page.getByTestId('detail-scores')).toContainText(m);

  await page.reload();
  await expect(page.getByTestId('cell-score').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText('embedded 0 images and 0 texts, reused', { timeout: 60_000 });

  // Same pixels from the renderer in the browser as in Node (the golden hash of the unit test).
  const hash = await page.evaluate(() =>
    (window as unknown as { clipCurator: Handle }).clipCurator.renderHash('two large yellow triangles and a purple diamond', 11, 64, 5),
  );
  expect(hash).toBe('445f88bc6e3d41572f12a9ac78e183bd33540b3c49c1adb9ae607b4b5bf3c0a4');
});

test('browser (WASM) embeddings equal onnxruntime-node embeddings (cos ≥ 0.9999)', async ({ page }) => {
  await page.goto('/?demo=0&backend=wasm');
  for (const name of DEFAULT_MODELS) {
    const node = await loadNodeModel(name);
    const nodeImages = await node.embedPixels(node.pixelBatch(images.map((i) => ({ ...i, data: Uint8ClampedArray.from(i.data) }))), images.length);
    const nodeTexts = await node.embedTexts(texts);
    const web = await browserEmbeddings(page, name);
    web.images.forEach((v, i) => expect(cosine(Float32Array.from(v), nodeImages[i])).toBeGreaterThanOrEqual(0.9999));
    web.texts.forEach((v, i) => expect(cosine(Float32Array.from(v), nodeTexts[i])).toBeGreaterThanOrEqual(0.9999));
    await node.release();
  }
});

test('WebGPU (software adapter) embeddings equal WASM embeddings (cos ≥ 0.999)', async ({ baseURL }) => {
  // SwiftShader's WebGPU is slow: this took 84 s of the default 90 s on the 2-core machine, and failed under load.
  test.setTimeout(240_000);
  const browser = await launchWithSoftwareWebGpu();
  try {
    const gpuPage = await browser.newPage();
    await gpuPage.goto(`${baseURL}/?demo=0&backend=webgpu`);
    const info = await gpuPage.evaluate(() => (window as unknown as { clipCurator: Handle }).clipCurator.ensureModels());
    expect(info.backend, `WebGPU adapter must be present: ${JSON.stringify(info)}`).toBe('webgpu');
    const wasmPage = await browser.newPage();
    await wasmPage.goto(`${baseURL}/?demo=0&backend=wasm`);
    for (const name of DEFAULT_MODELS) {
      const gpu = await browserEmbeddings(gpuPage, name);
      const cpu = await browserEmbeddings(wasmPage, name);
      gpu.images.forEach((v, i) => expect(cosine(Float32Array.from(v), Float32Array.from(cpu.images[i]))).toBeGreaterThanOrEqual(0.999));
      gpu.texts.forEach((v, i) => expect(cosine(Float32Array.from(v), Float32Array.from(cpu.texts[i]))).toBeGreaterThanOrEqual(0.999));
    }
  } finally {
    await browser.close();
  }
});

test('auto backend: a software WebGPU adapter is never chosen by itself; a timed adapter keeps the faster backend', async ({ baseURL }) => {
  test.setTimeout(240_000);
  const browser = await launchWithSoftwareWebGpu();
  try {
    const page = await browser.newPage();
    await page.goto(`${baseURL}/?demo=0`);
    const auto = (await page.evaluate(() => (window as unknown as { clipCurator: Handle }).clipCurator.ensureModels())) as { backend: string; note?: string };
    expect(auto.backend).toBe('wasm');
    expect(auto.note).toMatch(/the only WebGPU adapter is a software one \(.+\), slower than WASM/);
    // Let the timing run on the software adapter too: the faster of the two is kept, and the note says both times.
    await page.goto(`${baseURL}/?demo=0&adapters=any`);
    const timed = (await page.evaluate(() => (window as unknown as { clipCurator: Handle }).clipCurator.ensureModels())) as { backend: string; note?: string };
    const m = timed.note?.match(/a batch of 8 took (\d+) ms on WebGPU and (\d+) ms on WASM(?: \(.+\))?: (WebGPU|WASM) is faster/);
    expect(m, timed.note).toBeTruthy();
    console.log(`auto backend: ${timed.note}`);
    expect(timed.backend).toBe(Number(m![1]) <= Number(m![2]) ? 'webgpu' : 'wasm');
  } finally {
    await browser.close();
  }
});
