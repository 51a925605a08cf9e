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
  await settings.getByRole('button', { name: 'Add' }).click();
  await expect(settings.getByTestId('model-error')).toContainText('model "127.0.0.1:9/other": http://127.0.0.1:9/other/config.json did not answer');
  await expect(settings.locator('li', { hasText: '127.0.0.1:9/other' })).toHaveCount(0);
});
