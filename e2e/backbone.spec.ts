// The backbone journey: import a folder with broken rows, review with the keyboard, reload, undo, export and unzip.

import { expect, test, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { makeShopFixture } from './fixtures.ts';

const cellStatuses = (page: Page) => page.getByTestId('cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));

test('import, review by keyboard, survive a reload, undo, export', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const folder = makeShopFixture();
  await page.goto('/?demo=0');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // Import the folder; the broken rows are listed with their row numbers and reasons.
  await page.keyboard.press('i');
  await page.getByTestId('folder-input').setInputFiles(folder);
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Imported 4 pairs, 2 lone images, 2 lone texts');
  const rows = report.getByTestId('import-error');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('shop/captions.jsonl');
  await expect(rows.nth(0)).toContainText('not found');
  await expect(rows.nth(1)).toContainText('caption is empty');
  await expect(rows.nth(2)).toContainText('not valid JSON');
  await expect(rows.nth(3)).toContainText('cannot be decoded');
  await expect(report.getByTestId('import-errors')).toContainText('4 rows could not be imported');
  await page.getByLabel('Close import').click();

  await expect(page.getByTestId('cell')).toHaveCount(8);
  // A caption that looks like HTML is shown as text and never runs.
  await expect(page.getByTestId('cell').nth(1)).toContainText('<img src=x onerror=');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByTestId('cell').nth(2)).toContainText('ثلاث دوائر صفراء');
  await expect(page.getByTestId('cell').nth(5)).toContainText('犬が二匹 🐕🐕');

  // Review three items with the keyboard: accept, reject, edit + accept.
  await page.keyboard.press('j');
  await expect(page.getByTestId('detail')).toContainText('Item #1');
  await page.keyboard.press('a');
  await expect(page.getByTestId('detail')).toContainText('Item #2');
  await page.keyboard.press('r');
  await expect(page.getByTestId('detail')).toContainText('Item #3');
  await page.keyboard.press('e');
  await page.getByRole('textbox', { name: 'Caption' }).fill('three yellow circles');
  await page.getByRole('textbox', { name: 'Caption' }).press('Enter');
  await expect(page.getByTestId('detail-caption')).toHaveText('three yellow circles');
  await page.keyboard.press('a');
  await expect.poll(() => cellStatuses(page)).toEqual(['accepted', 'rejected', 'accepted', 'pending', 'pending', 'pending', 'pending', 'pending']);

  // The help overlay lists the same commands the keys run.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Accept');
  await expect(help).toContainText('Undo');
  await page.keyboard.press('Escape');

  // Reload: every decision and the edit are still there, and so is the import report.
  await page.reload();
  await expect.poll(() => cellStatuses(page)).toEqual(['accepted', 'rejected', 'accepted', 'pending', 'pending', 'pending', 'pending', 'pending']);
  await expect(page.getByTestId('cell').nth(2)).toContainText('three yellow circles');
  await expect(page.getByText('rows with errors: 4')).toBeVisible();

  // Undo after the reload walks back the last decision (item 3 accepted -> pending), then the edit.
  await page.keyboard.press('u');
  await expect.poll(() => cellStatuses(page)).toEqual(['accepted', 'rejected', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending']);
  await page.keyboard.press('u');
  await expect(page.getByTestId('cell').nth(2)).toContainText('ثلاث دوائر صفراء');
  await page.keyboard.press('e');
  await page.getByRole('textbox', { name: 'Caption' }).fill('three yellow circles');
  await page.getByRole('textbox', { name: 'Caption' }).press('Enter');
  // The editor closes when the edit is stored; a key pressed before that goes to the editor.
  await expect(page.getByTestId('detail-caption')).toHaveText('three yellow circles');
  await page.keyboard.press('a');
  await expect.poll(() => cellStatuses(page)).toEqual(['accepted', 'rejected', 'accepted', 'pending', 'pending', 'pending', 'pending', 'pending']);

  // Export the accepted pairs and read the zip.
  const download = page.waitForEvent('download');
  await page.locator('[data-command=export]').click();
  const zipPath = await (await download).path();
  const files = unzipSync(new Uint8Array(readFileSync(zipPath!)));
  const lines = new TextDecoder()
    .decode(files['metadata.jsonl'])
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.map((l) => l.text)).toEqual(['a red square above a blue circle', 'three yellow circles']);
  expect(lines.every((l) => l.status === 'accepted' && l.decided_by === 'reviewer')).toBe(true);
  expect(lines[1].caption_history.map((c: { text: string }) => c.text)).toEqual(['ثلاث دوائر صفراء', 'three yellow circles']);
  for (const l of lines) expect(files[l.file_name]?.byteLength).toBeGreaterThan(0);
  expect(JSON.parse(new TextDecoder().decode(files['manifest.json']))).toMatchObject({ app: 'clip-curator', rows: 2, images: 2 });
  await expect(page.getByRole('status')).toContainText('Exported 2 accepted pairs');
  expect(errors).toEqual([]);
});

test('filters by kind and status', async ({ page }) => {
  const folder = makeShopFixture();
  await page.goto('/?demo=0');
  await page.keyboard.press('i');
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('import-report')).toBeVisible();
  await page.getByLabel('Close import').click();
  await page.getByRole('radio', { name: /lone images/ }).check();
  await expect(page.getByTestId('cell')).toHaveCount(2);
  await page.getByRole('radio', { name: /lone texts/ }).check();
  await expect(page.getByTestId('cell')).toHaveCount(2);
});
