// Near-duplicates in the browser: the six photos plus a re-encoded and a half-size copy of one. "Find
// near-duplicates" shows the one cluster side by side, the reviewer picks the copy to keep, "keep one per cluster"
// rejects the other two (one undo walks it back), and the export manifest reports it.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import sharp from 'sharp';

const PHOTOS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/photos');

test('photos with two copies: one cluster, pick, keep one per cluster, undo, manifest', async ({ page }) => {
  test.setTimeout(180_000);
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cc-dups-')), 'photos');
  cpSync(PHOTOS, dir, { recursive: true });
  const rows = readFileSync(path.join(dir, 'metadata.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const original = readFileSync(path.join(dir, rows[1].file_name));
  writeFileSync(path.join(dir, 'images/copy-q60.jpg'), await sharp(original).jpeg({ quality: 60 }).toBuffer());
  writeFileSync(path.join(dir, 'images/copy-half.png'), await sharp(original).resize(150).png().toBuffer());
  const extra = [
    { file_name: 'images/copy-q60.jpg', text: 'copy one, saved again as JPEG' },
    { file_name: 'images/copy-half.png', text: 'copy two, half the size' },
  ];
  writeFileSync(path.join(dir, 'metadata.jsonl'), `${[...rows, ...extra].map((r) => JSON.stringify(r)).join('\n')}\n`);

  await page.goto('/?demo=0&backend=wasm');
  await page.keyboard.press('i');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await expect(page.getByTestId('import-report')).toContainText('Imported 8 pairs');
  await page.getByLabel('Close import').click();
  await page.keyboard.press('s');
  const status = page.getByRole('status');
  await expect(status).toContainText('Scored 8 of 8 pairs', { timeout: 120_000 });

  // The tiny models see every real photo as alike (the cat and the coffee cup at 0.97): photos need a strict cut.
  await page.getByLabel('Near-duplicate cosine at least').fill('0.99');
  await page.keyboard.press('Escape');
  await page.locator('[data-command=find-near-duplicates]').click();
  await expect(status).toContainText(/1 cluster\(s\) of near-duplicates among 8 images \(cosine ≥ 0\.99; 2 beyond one per cluster\)/, { timeout: 60_000 });
  const cells = page.getByTestId('cell');
  await expect(cells).toHaveCount(3);
  const shown = (await cells.allInnerTexts()).join('\n');
  expect(shown).toContain(rows[1].text);
  expect(shown).toContain('copy one');
  expect(shown).toContain('copy two');
  await page.screenshot({ path: test.info().outputPath('duplicates.png') });

  // Pick "copy two" to keep, then keep one per cluster: the other two are rejected.
  await cells.filter({ hasText: 'copy two' }).click();
  await page.keyboard.press('K');
  await expect(page.getByTestId('duplicates-active')).toContainText('your pick');
  await expect(cells.filter({ hasText: 'copy two' }).getByTestId('cell-cluster')).toHaveText('cluster 1 · keep');
  await expect(cells.getByTestId('cell-cluster')).toHaveText(['cluster 1', 'cluster 1', 'cluster 1 · keep']);
  await page.locator('[data-command=keep-one-per-cluster]').click();
  await expect(status).toContainText('Kept one image in each of 1 near-duplicate clusters and rejected 2 item(s)');
  await expect(cells.filter({ hasText: 'copy two' })).not.toHaveAttribute('data-status', 'rejected');
  await expect(page.getByRole('group', { name: 'Status' }).getByTestId('count-rejected')).toHaveText('2');
  await page.keyboard.press('u');
  await expect(page.getByRole('group', { name: 'Status' }).getByTestId('count-rejected')).toHaveText('0');
  await page.locator('[data-command=keep-one-per-cluster]').click();
  await expect(page.getByRole('group', { name: 'Status' }).getByTestId('count-rejected')).toHaveText('2');

  // The export manifest says how many were rejected as copies.
  await page.getByRole('button', { name: 'Close the near-duplicates' }).click();
  await expect(cells).toHaveCount(8);
  await page.keyboard.press('h');
  await page.locator('[data-command=export-training]').click();
  const dialog = page.getByRole('dialog', { name: 'Export a training set' });
  await dialog.getByRole('radio', { name: 'every pair not rejected' }).check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  expect(manifest.nearDuplicates).toEqual({ rejectedAsCopies: 2, commands: ['keep one per near-duplicate cluster (cosine ≥ 0.99, 1 clusters)'] });
  expect(manifest.pairs).toBe(6);
});
