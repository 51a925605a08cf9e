// Real photos with the embedded default (fixtures/photos: six CC0 photos, one wrong caption): the app says, before
// and after scoring, that the bundled models cannot judge them, and the offline provider refuses each one with the
// reason instead of making captions up.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const PHOTOS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/photos');
const captions = readFileSync(path.join(PHOTOS, 'metadata.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l).text as string);

test('six photos: the notice before and after scoring, offline preprocessing refuses, no caption changes', async ({ page }) => {
  await page.goto('/?demo=0&backend=wasm');
  await page.keyboard.press('i');
  await page.getByTestId('folder-input').setInputFiles(PHOTOS);
  await expect(page.getByTestId('import-report')).toContainText('Imported 6 pairs');
  await page.getByLabel('Close import').click();

  // Before scoring.
  const notice = page.getByTestId('world-notice');
  await expect(notice).toContainText('6 images are not synthetic scenes, and the bundled tiny models know only the synthetic world');
  await expect(notice).toContainText('npx clip-curator fetch-model Xenova/clip-vit-base-patch32');

  // After scoring: the status line says it too.
  await page.keyboard.press('s');
  const status = page.getByRole('status');
  await expect(status).toContainText('Scored 6 of 6 pairs', { timeout: 120_000 });
  await expect(status).toContainText('their scores here mean nothing');

  // Offline preprocessing refuses every photo it is asked about, with the reason, and changes no caption.
  await page.keyboard.press('g');
  await expect(status).toContainText(/Preprocessing: 0 done, [1-6] failed/, { timeout: 120_000 });
  await expect(status).toContainText('reads only synthetic scenes, and this is not one');
  const shown = await page.getByTestId('cell').allInnerTexts();
  for (const caption of captions) expect(shown.some((t) => t.includes(caption))).toBe(true);
  expect(shown.join('\n')).not.toMatch(/undefined|NaN|\[object/);
});
