// A first visit on a fresh clone: `npm start` (the Vite dev server) with a cold dependency cache. Vite must not find a
// dependency late and reload the page in the middle of the demo import; the demo shows, and scores.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const PORT = 4318;
let server: ChildProcess | undefined;
let cacheDir = '';

test.afterAll(() => {
  server?.kill('SIGTERM');
  server = undefined;
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
});

test('cold Vite cache: the first visit shows the demo without a reload, then scores it', async ({ page }) => {
  test.setTimeout(240_000);
  // An empty cache folder is what a fresh clone has (node_modules/.vite does not exist yet).
  cacheDir = mkdtempSync(path.join(tmpdir(), 'vite-cold-'));
  const started = Date.now();
  server = spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
    env: { ...process.env, CC_VITE_CACHE_DIR: cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  const up = () =>
    fetch(`http://127.0.0.1:${PORT}/`).then(
      (r) => r.ok,
      () => (server?.exitCode === null ? false : log),
    );
  await expect.poll(up, { timeout: 60_000 }).toBe(true);

  let navigations = 0;
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations++;
  });
  await page.goto(`http://127.0.0.1:${PORT}/?backend=wasm`);
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 180_000 });
  console.log(`cold Vite cache: the demo was visible ${((Date.now() - started) / 1000).toFixed(1)} s after the dev server was started`);
  expect(navigations, `the page reloaded during the first visit; Vite said:\n${log}`).toBe(1);
  expect(log).not.toMatch(/new dependencies optimized|optimized dependencies changed/);
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText('Scored 164 of 164 pairs', { timeout: 120_000 });
  // One demo dataset, not a second empty one.
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true }).locator('option', { hasText: 'Demo' })).toHaveCount(1);
});
