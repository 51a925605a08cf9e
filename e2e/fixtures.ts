// Builds the e2e fixture folder on disk: pairs, lone images, lone texts, a sidecar pair and some broken rows.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { encodePng, solidPng } from '../src/core/png.ts';

/** A PNG whose header is fine but whose pixel data is garbage: only a real decoder notices. */
function corruptPng(): Uint8Array {
  const good = solidPng(8, 8, [10, 20, 30]);
  const bad = good.slice();
  for (let i = 41; i < bad.length - 16; i++) bad[i] = 0xa5;
  return bad;
}

function gradient(seed: number): Uint8Array {
  const w = 32;
  const h = 24;
  const px = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) px.set([(x * 8 + seed * 40) % 256, (y * 10 + seed * 70) % 256, (seed * 90) % 256, 255], (y * w + x) * 4);
  return encodePng(w, h, px);
}

export function makeShopFixture(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cc-e2e-'));
  const dir = path.join(root, 'shop');
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, `images/p${i}.png`), gradient(i));
  writeFileSync(path.join(dir, 'images/lone-a.png'), gradient(7));
  writeFileSync(path.join(dir, 'images/lone-b.png'), gradient(8));
  writeFileSync(path.join(dir, 'images/corrupt.png'), corruptPng());
  writeFileSync(path.join(dir, 'cat.png'), gradient(5));
  writeFileSync(path.join(dir, 'cat.txt'), 'a cat sleeping on a red sofa\n');
  writeFileSync(path.join(dir, 'prompts.txt'), 'two dogs running on a beach\n犬が二匹 🐕🐕\n');
  writeFileSync(
    path.join(dir, 'captions.jsonl'),
    [
      { file_name: 'images/p0.png', text: 'a red square above a blue circle' },
      { file_name: 'images/p1.png', text: '<img src=x onerror="window.__pwned=1"> a green triangle' },
      { file_name: 'images/missing.png', text: 'this image does not exist' },
      { file_name: 'images/p2.png', text: '' },
      'not json at all',
      { file_name: 'images/corrupt.png', text: 'the bytes are broken' },
      { file_name: 'images/p3.png', text: 'ثلاث دوائر صفراء' },
    ]
      .map((r) => (typeof r === 'string' ? r : JSON.stringify(r)))
      .join('\n'),
  );
  return dir;
}

/** Every record of every object store of the app's IndexedDB as JSON (blobs as their size): an "IndexedDB export". */
export async function dumpIndexedDb(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('clip-curator');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const names = [...idb.objectStoreNames];
          const tx = idb.transaction(names);
          const out: Record<string, unknown[]> = {};
          let left = names.length;
          for (const name of names) {
            const req = tx.objectStore(name).getAll();
            req.onsuccess = () => {
              out[name] = req.result;
              if (--left === 0) {
                idb.close();
                resolve(JSON.stringify(out, (_, v) => (v instanceof Blob ? `[blob ${v.size} bytes]` : v)));
              }
            };
          }
        };
      }),
  );
}

/** Open the app on the demo (WASM), score its 164 pairs, and, when given, set the cut on the ensemble. */
export async function openScoredDemo(page: Page, cut?: number) {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('cell').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText('Scored 164 of 164 pairs', { timeout: 120_000 });
  if (cut === undefined) return;
  const threshold = page.getByRole('spinbutton', { name: 'Threshold' });
  await threshold.fill(String(cut));
  await threshold.blur();
}
