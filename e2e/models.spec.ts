// A model that cannot be reached blocks nothing: the others score, the notice and the header say which one was left
// out and why, and Settings checks a model when it is added.

import { expect, test } from '@playwright/test';

const NOWHERE = { id: 'nowhere/clip', baseUrl: 'http://127.0.0.1:9/nowhere/' };

test('an unreachable model next to the bundled ones: scoring goes on, and says which model and why', async ({ page }) => {
  await page.addInitScript((extra) => {
    if (!localStorage.getItem('cc.models'))
      localStorage.setItem(
        'cc.models',
        JSON.stringify([{ id: 'tiny-clip-vit', baseUrl: '/models/tiny-clip-vit/' }, { id: 'tiny-clip-cnn', baseUrl: '/models/tiny-clip-cnn/' }, extra]),
      );
  }, NOWHERE);
  await page.goto('/?backend=wasm');
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 60_000 });
  await page.keyboard.press('s');
  const status = page.getByRole('status');
  await expect(status).toContainText('Scored 164 of 164 pairs', { timeout: 120_000 });
  await expect(status).toContainText('One model was left out — model "nowhere/clip": http://127.0.0.1:9/nowhere/config.json did not answer');
  await expect(status).toContainText('npx clip-curator fetch-model nowhere/clip');
  await expect(page.getByTestId('models-failed')).toHaveText('1 model not loaded');
  // The bundled models' scores are there.
  await expect(page.getByTestId('cell').first()).toContainText(/-?\d\.\d{3}/);

  await page.keyboard.press(',');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Model id or URL').fill('http://127.0.0.1:9/other/');
  await settings.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(settings.getByTestId('model-error')).toContainText('model "127.0.0.1:9/other": http://127.0.0.1:9/other/config.json did not answer');
  await expect(settings.locator('li', { hasText: '127.0.0.1:9/other' })).toHaveCount(0);
});

test('an int8 variant from Settings: added with its measured agreement, loaded from the quantized files, scored as its own model', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 60_000 });
  await page.keyboard.press(',');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  const variants = settings.getByRole('region', { name: 'int8 variants' });
  const vit = variants.locator('li', { hasText: 'tiny-clip-vit@q8' });
  await expect(vit).toContainText(/Spearman 0\.99\d*/);
  await vit.getByRole('button', { name: 'add' }).click();
  await expect(vit.getByRole('button', { name: 'added' })).toBeDisabled();
  await expect(settings.locator('li', { hasText: 'tiny-clip-vit@q8' }).getByRole('button', { name: 'remove' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('s');
  const status = page.getByRole('status');
  await expect(status).toContainText('Scored 164 of 164 pairs', { timeout: 120_000 });
  await expect(page.getByTestId('models-failed')).toHaveCount(0);
  // The browser ran the int8 files: the same captions embed close to, but not exactly like, fp32.
  const [fp32, q8] = (await page.evaluate(async () => {
    const api = (window as unknown as { clipCurator: { embedTexts: (m: string, t: string[]) => Promise<number[][]> } }).clipCurator;
    const texts = ['a red circle above a blue square', 'two green triangles'];
    return [await api.embedTexts('tiny-clip-vit', texts), await api.embedTexts('tiny-clip-vit@q8', texts)];
  })) as number[][][];
  for (let i = 0; i < fp32.length; i++) {
    const dot = fp32[i].reduce((s, x, k) => s + x * q8[i][k], 0);
    const norm = Math.hypot(...fp32[i]) * Math.hypot(...q8[i]);
    expect(dot / norm).toBeGreaterThan(0.99);
    expect(fp32[i]).not.toEqual(q8[i]);
  }
});
