// "Choose a folder…" where the browser has the File System Access picker (Chromium): the folder is listed through its
// handle. A headless browser shows no picker, so the test's picker answers with a folder of the origin's private file
// system holding the same files as the backbone journey's folder: the import must read the same rows and errors.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { makeShopFixture } from './fixtures.ts';

function filesUnder(dir: string, prefix = ''): { path: string; bytes: number[] }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [{ path: `${prefix}${name}`, bytes: Array.from(readFileSync(full)) }];
  });
}

test('a folder chosen with the folder picker imports as the same folder picked through the file input', async ({ page }) => {
  const files = filesUnder(makeShopFixture());
  await page.goto('/?demo=0');
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    const shop = await root.getDirectoryHandle('shop', { create: true });
    for (const f of files) {
      const parts = f.path.split('/');
      let dir = shop;
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
      await writable.write(new Uint8Array(f.bytes));
      await writable.close();
    }
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => shop;
  }, files);

  await page.keyboard.press('i');
  await page.getByText('Choose a folder…').click();
  const report = page.getByTestId('import-report');
  await expect(report).toContainText('Imported 4 pairs, 2 lone images, 2 lone texts');
  const rows = report.getByTestId('import-error');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('shop/captions.jsonl');
  await expect(rows.nth(3)).toContainText('cannot be decoded');
  await page.getByLabel('Close import').click();
  await expect(page.getByTestId('cell')).toHaveCount(8);
  await expect(page.getByTestId('cell').nth(5)).toContainText('犬が二匹 🐕🐕');
});
