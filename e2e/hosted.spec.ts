// Preprocessing with the hosted provider in the browser: the real @huggingface/inference client talks to a local
// server that speaks its routes and injects faults. Every job ends done or failed with a reason, a reload in the
// middle resumes the run, nothing is applied twice, and the access token never leaves the Authorization header —
// not in a URL, a request body, the console, the IndexedDB contents or an export.

import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { startFakeHf } from './fakeHf.ts';
import { dumpIndexedDb, openScoredDemo } from './fixtures.ts';

const TOKEN = 'hf_e2eSECRETtoken9876543210';

interface JobRow {
  itemId: string;
  route: string;
  status: string;
  error?: string;
  prompt?: { id: string; version: number };
}
const jobs = async (page: Page): Promise<JobRow[]> => JSON.parse(await dumpIndexedDb(page)).jobs;

test('hosted provider under faults: a reload mid-run resumes, every job ends with a result or a reason, the token stays put', async ({ page }) => {
  test.setTimeout(240_000);
  const hf = await startFakeHf(400);
  const consoleLines: string[] = [];
  const urls: string[] = [];
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('pageerror', (e) => consoleLines.push(String(e)));
  page.on('request', (r) => urls.push(r.url()));
  try {
    await openScoredDemo(page, 0.3);

    // Settings: the hosted provider, pointed at the local server, with a token and a short timeout.
    await page.keyboard.press(',');
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('radio', { name: 'Hugging Face' }).check();
    await dialog.getByLabel('Access token').fill(TOKEN);
    await dialog.getByLabel('Chat endpoint URL (optional)').fill(hf.base);
    await dialog.getByLabel('Image endpoint URL (optional)').fill(`${hf.base}/t2i`);
    await dialog.getByLabel('VLM (caption, repair)').fill('test/vlm');
    await dialog.getByLabel('Text-to-image model').fill('test/t2i');
    await dialog.getByLabel('Request timeout (s)').fill('3');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('preprocess')).toContainText('Hugging Face');

    await page.keyboard.press('g');
    // Reload in the middle of the run, while answers are still coming.
    await expect.poll(async () => (await jobs(page)).filter((j) => j.status === 'done').length, { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
    await page.reload();
    const atReload = await jobs(page);
    const unfinished = atReload.filter((j) => j.status === 'queued' || j.status === 'running').length;
    console.log(`jobs at reload: ${atReload.length}, unfinished: ${unfinished}`);
    expect(unfinished).toBeGreaterThan(0);

    await expect(page.getByRole('status')).toContainText(/Preprocessing: \d+ done, \d+ failed/, { timeout: 180_000 });
    const final = await jobs(page);
    console.log(await page.getByRole('status').innerText());
    // Nothing lost: the same jobs, each finished, each failure with a reason a person can act on.
    expect(final.length).toBe(atReload.length);
    expect(final.every((j) => j.status === 'done' || (j.status === 'failed' && !!j.error))).toBe(true);
    const failed = final.filter((j) => j.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((j) => /400/.test(j.error!))).toBe(true);
    // One job per item, and the prompt template (with its version) recorded on caption and repair jobs.
    expect(new Set(final.map((j) => j.itemId)).size).toBe(final.length);
    expect(final.filter((j) => j.route !== 'generate').every((j) => j.prompt && j.prompt.version >= 1)).toBe(true);
    // Every fault kind was met.
    const faults = new Set(hf.seen.map((s) => s.fault));
    for (const f of ['429', '503', '500', 'hang', 'malformed', '400', 'badimage', 'ok']) expect(faults, `fault ${f}`).toContain(f);

    // Nothing applied twice: each item has at most one generated caption or image, and exactly one if its job is done.
    const db = JSON.parse(await dumpIndexedDb(page));
    type Stored = { id: string; captions: { provenance: { origin: string; provider?: string } }[]; extra?: { image_provenance?: unknown } };
    // Items are stored a page of them per record.
    const storedItems = (db.itemPages as { items: Stored[] }[]).flatMap((p) => p.items);
    const generated = new Map<string, number>(
      storedItems.map((i) => [i.id, i.captions.filter((c) => c.provenance.origin === 'generated').length + (i.extra?.image_provenance ? 1 : 0)]),
    );
    for (const j of final) expect(generated.get(j.itemId), `item ${j.itemId} (${j.status})`).toBe(j.status === 'done' ? 1 : 0);

    // Export what passes the cut, then audit: the token only ever travelled in the Authorization header.
    await page.keyboard.press('A');
    await expect(page.getByRole('status')).toContainText('Accepted');
    const download = page.waitForEvent('download');
    await page.locator('[data-command=export]').click();
    const files = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
    expect(Object.keys(files).length).toBeGreaterThan(2);
    for (const [name, bytes] of Object.entries(files)) expect(Buffer.from(bytes).includes(TOKEN), `export file ${name}`).toBe(false);
    const posts = hf.seen.filter((s) => s.method === 'POST');
    expect(posts.length).toBeGreaterThan(final.length);
    expect(posts.every((s) => s.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    for (const s of hf.seen) {
      expect(s.url.includes(TOKEN) || s.body.includes(TOKEN)).toBe(false);
      for (const [h, v] of Object.entries(s.headers)) if (h !== 'authorization') expect(String(v).includes(TOKEN), `header ${h}`).toBe(false);
    }
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((u) => u.includes(TOKEN))).toEqual([]);
    expect(consoleLines.filter((l) => l.includes(TOKEN))).toEqual([]);
    expect(await dumpIndexedDb(page)).not.toContain(TOKEN);
    // Where it does live: this browser's localStorage, as Settings says.
    expect(await page.evaluate(() => localStorage.getItem('cc.hfToken'))).toBe(TOKEN);
  } finally {
    await hf.close();
  }
});
