// DataComp's basics in the sidebar: caption words and repeated captions hide items from the grid, survive a reload,
// and the training-set export applies them and records them in its manifest; the export also carries the embeddings.

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { openScoredDemo } from './fixtures.ts';

test('data basics: words and repeated captions filter the grid and the export', async ({ page }) => {
  test.setTimeout(180_000);
  await openScoredDemo(page);
  const cells = page.getByTestId('cell');
  const before = await page.getByRole('group', { name: 'Kind' }).getByTestId('count-all').innerText();
  await page.getByRole('radio', { name: /pairs/ }).check();
  await page.getByLabel('Words at least').fill('9');
  const hidden = page.getByTestId('basics-hidden');
  await expect(hidden).toContainText(new RegExp(`hides \\d+ of ${before}`));
  const shown = await cells.locator('p').allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  for (const caption of shown) expect(caption.split(/\s+/).filter(Boolean).length, caption).toBeGreaterThanOrEqual(9);

  await page.getByRole('checkbox', { name: 'first of each repeated caption' }).check();
  const text = await hidden.innerText();
  console.log(`data basics: ${text}`);
  await page.reload();
  await expect(page.getByLabel('Words at least')).toHaveValue('9');
  await expect(page.getByTestId('basics-hidden')).toHaveText(text);

  await page.keyboard.press('h');
  await page.locator('[data-command=export-training]').click();
  const dialog = page.getByRole('dialog', { name: 'Export a training set' });
  await expect(dialog.getByTestId('export-basics')).toContainText('≥ 9 words, first of each repeated caption');
  await dialog.getByRole('radio', { name: /JSONL/ }).check();
  await dialog.getByRole('radio', { name: 'every pair not rejected' }).check();
  await dialog.getByRole('checkbox', { name: /with the embeddings/ }).check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
  const rows = new TextDecoder()
    .decode(files['data.jsonl'])
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.text.split(/\s+/).filter(Boolean).length).toBeGreaterThanOrEqual(9);
  expect(new Set(rows.map((r) => r.text.trim().toLowerCase())).size).toBe(rows.length);
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  // The embeddings of the exported pairs, per model, rows in the table's order (clip-retrieval's layout).
  // Each model's own width: its config's projection_dim.
  for (const model of ['tiny-clip-vit', 'tiny-clip-cnn']) {
    const dim = JSON.parse(readFileSync(`models/${model}/config.json`, 'utf8')).projection_dim as number;
    expect(manifest.embeddings.models[model]).toMatchObject({ dim, missingImage: 0, missingText: 0 });
    const npy = files[`embeddings/${model}/img_emb/img_emb_0.npy`];
    const headerLength = new DataView(npy.buffer, npy.byteOffset).getUint16(8, true);
    expect(new TextDecoder().decode(npy.subarray(10, 10 + headerLength))).toContain(`'shape': (${rows.length}, ${dim})`);
    expect(npy.length).toBe(10 + headerLength + rows.length * dim * 4);
    expect(files[`embeddings/${model}/text_emb/text_emb_0.npy`].length).toBe(npy.length);
    expect(files[`embeddings/${model}/metadata/metadata_0.parquet`]).toBeDefined();
  }
  expect(manifest.embeddings.rows).toBe(rows.length);
  expect(manifest.basics).toMatchObject({ minWords: 9, uniqueCaptions: true, described: '≥ 9 words, first of each repeated caption' });
});
