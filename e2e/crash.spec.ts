// The browser killed by SIGKILL, then started again on the same profile: what must survive a crash is in IndexedDB
// (committed at once), not only in localStorage (which Chromium writes a moment later): the open dataset, an
// unfinished hard-negative run, which resumes, and an import cut short, which says how far it got and can be
// discarded (or resumed by importing the same files: rows already stored are skipped).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, expect, test } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config.ts';

// Tracing follows the browsers Playwright launches; these are killed mid-test.
test.use({ trace: 'off' });

/** Chromium as its own process (so that it can be SIGKILLed), driven over the DevTools protocol. */
async function launch(profile: string): Promise<{ browser: Browser; proc: ChildProcess }> {
  const proc = spawn(
    process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    [...CHROMIUM_ARGS, '--headless=new', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'],
    { detached: true },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${err}`)));
  });
  return { browser: await chromium.connectOverCDP(endpoint), proc };
}

/** SIGKILL to the browser and every process it started (its own process group). */
function kill(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    process.kill(-proc.pid!, 'SIGKILL');
  });
}

test('SIGKILL and relaunch: the open dataset is still open, and an unfinished negatives run resumes', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const profile = mkdtempSync(path.join(tmpdir(), 'cc-crash-'));
  try {
    let { browser, proc } = await launch(profile);
    let page = await browser.contexts()[0].newPage();
    await page.goto(`${baseURL}/?backend=wasm`);
    await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 60_000 });
    // Killed the moment the demo shows: the open dataset was written a second or less ago.
    await kill(proc);

    ({ browser, proc } = await launch(profile));
    page = await browser.contexts()[0].newPage();
    await page.goto(`${baseURL}/?backend=wasm`);
    await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 60_000 });
    await expect(page.getByRole('combobox', { name: 'Dataset', exact: true }).locator('option:checked')).toContainText('Demo');

    // An unfinished generation of negatives, killed mid-run, resumes after the relaunch.
    await page.keyboard.press('h');
    const screen = page.getByTestId('negatives-screen');
    await screen.getByRole('button', { name: 'Generate negatives' }).click();
    await expect(screen.getByTestId('negatives-progress')).toContainText(/generating: \d+ of \d+ pairs/, { timeout: 60_000 });
    await kill(proc);

    ({ browser, proc } = await launch(profile));
    page = await browser.contexts()[0].newPage();
    await page.goto(`${baseURL}/?backend=wasm`);
    await expect(page.getByRole('status')).toContainText('Resuming the hard-negative generation', { timeout: 60_000 });
    await kill(proc);
  } finally {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
});

test('SIGKILL mid-import: after the relaunch the import is shown as interrupted with its stored rows; discard removes them', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const profile = mkdtempSync(path.join(tmpdir(), 'cc-crash-import-'));
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cc-rows-')), 'captions.jsonl');
  writeFileSync(file, `${Array.from({ length: 150_000 }, (_, i) => JSON.stringify({ text: `a caption without an image, number ${i}` })).join('\n')}\n`);
  try {
    let { browser, proc } = await launch(profile);
    let page = await browser.contexts()[0].newPage();
    await page.goto(`${baseURL}/?demo=0`);
    await page.getByRole('button', { name: 'Import files…' }).click();
    await page.getByTestId('file-input').setInputFiles(file);
    // Killed once a batch (10,000 rows) is surely stored: reading waits for batch k's write before it goes past batch
    // k + 2, so once 40,000 rows are read the first batch has committed.
    await expect(page.getByTestId('import-progress')).toContainText(/— ([4-9]\d{4}|\d{6,}) rows read/, { timeout: 120_000 });
    await kill(proc);

    ({ browser, proc } = await launch(profile));
    page = await browser.contexts()[0].newPage();
    await page.goto(`${baseURL}/?demo=0`);
    const notice = page.getByTestId('import-notice');
    await expect(notice).toContainText(/The import of captions\.jsonl was interrupted after [\d,]+ rows were stored/, { timeout: 30_000 });
    const stored = Number((await notice.innerText()).match(/after ([\d,]+) rows/)![1].replace(/,/g, ''));
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(150_000);
    await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText(stored.toLocaleString('en-US').replace(/,/g, ''));
    console.log(`killed mid-import: ${stored} of 150000 rows stored, shown as interrupted after the relaunch`);
    await notice.getByRole('button', { name: /Discard these/ }).click();
    await expect(page.getByRole('status')).toContainText(`removed the ${stored.toLocaleString('en-US')} rows it had stored`);
    await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('0');
    await expect(notice).toHaveCount(0);
    await kill(proc);
  } finally {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
    rmSync(path.dirname(file), { recursive: true, force: true });
  }
});
