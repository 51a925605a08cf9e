// Preprocessing with the offline provider: every mismatched pair, lone image and lone text of the demo ends as a
// verified pair or with a stated reason, a reload in the middle resumes the queue, and nothing is added twice.

import { expect, test, type Page } from '@playwright/test';
import { dumpIndexedDb, openScoredDemo } from './fixtures.ts';

const count = async (page: Page, id: string) => Number(await page.getByTestId(`count-${id}`).innerText());

/** Items straight from IndexedDB: how many generated versions each has. */
const generatedVersions = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('clip-curator');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          // Items are stored a page of them per record.
          const req = open.result.transaction('itemPages').objectStore('itemPages').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve(
              (req.result as { items: unknown[] }[])
                .flatMap((p) => p.items as { captions: { provenance: { origin: string } }[]; extra?: { image_provenance?: unknown } }[])
                .map((i) => i.captions.filter((c) => c.provenance.origin === 'generated').length + (i.extra?.image_provenance ? 1 : 0)),
            );
          };
        };
      }),
  );

test('run all routes offline, reload mid-run, and end with verified pairs', async ({ page }) => {
  // Cut at 0.3 on the ensemble: mismatched demo pairs score far below it.
  await openScoredDemo(page, 0.3);
  expect(await count(page, 'image')).toBe(16);
  expect(await count(page, 'text')).toBe(20);

  // A selection first: two lone images, picked with x and Ctrl-click, get their captions, are scored, and become pairs.
  await page.getByRole('radio', { name: /^lone images/ }).check();
  await page.getByTestId('cell').nth(0).click();
  await page.keyboard.press('x');
  await page
    .getByTestId('cell')
    .nth(1)
    .click({ modifiers: ['Control'] });
  await expect(page.locator('[data-marked]')).toHaveCount(2);
  await page.keyboard.press('Shift+G');
  await expect(page.getByRole('status')).toContainText('Preprocessing: 2 done, 0 failed', { timeout: 60_000 });
  await expect.poll(() => count(page, 'image')).toBe(14);
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-marked]')).toHaveCount(0);
  await page.getByRole('radio', { name: /^all/ }).first().check();

  // Prompt templates: an edit is a new version, and two templates compare on a sample by mean CLIP score.
  await page.getByRole('button', { name: 'Prompt templates and comparison…' }).click();
  const prompts = page.getByRole('dialog', { name: 'Prompt templates' });
  await prompts.getByLabel('template repair-plain').fill('This caption may be wrong: "{caption}". Describe the image in one sentence.');
  await prompts.getByRole('button', { name: 'Save as v2' }).click();
  await expect(prompts.getByTestId('prompt-template').first()).toContainText('v2');
  await prompts.getByLabel('compare repair-plain').check();
  await prompts.getByLabel('compare repair-rewrite').check();
  await prompts.getByLabel('Sample size').fill('4');
  await prompts.getByRole('button', { name: 'Compare' }).click();
  const table = prompts.getByTestId('prompt-comparison');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.locator('tbody tr')).toHaveCount(2);
  console.log((await table.innerText()).replace(/\s+/g, ' '));
  // The offline provider reads scenes and ignores prompts: both templates make the same captions, with the same mean.
  const means = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
  expect(means[0]).toBe(means[1]);
  expect(Number(means[0])).toBeGreaterThan(0.3);
  await prompts.getByRole('button', { name: 'Close' }).click();

  await page.keyboard.press('g');
  // Pause at once, so that jobs are certainly left unfinished when the page goes away.
  await page.getByTestId('routes-progress').getByRole('button', { name: 'Pause' }).click();
  await page.reload();
  // After the reload the unfinished jobs resume by themselves (or the run had already finished).
  await expect(page.getByRole('status')).toContainText(/Preprocessing: \d+ done, 0 failed/, { timeout: 120_000 });
  const status = await page.getByRole('status').innerText();
  console.log(status);
  const [, passing, generated] = /(\d+) of (\d+) generated pairs pass the cut/.exec(status)!.map(Number);
  expect(generated).toBeGreaterThan(36);

  console.log(`share of preprocessed pairs that now pass the cut: ${(passing / generated).toFixed(3)}`);
  expect(passing / generated).toBeGreaterThanOrEqual(0.9);
  await expect.poll(() => count(page, 'image')).toBe(0);
  expect(await count(page, 'text')).toBe(0);
  expect(await count(page, 'pair')).toBe(200);
  // Nothing was applied twice, even though the run was interrupted.
  const versions = await generatedVersions(page);
  expect(Math.max(...versions)).toBe(1);
  // Repairs ran with the edited template, and their captions say which version made them.
  const items = (JSON.parse(await dumpIndexedDb(page)).itemPages as { items: unknown[] }[]).flatMap((p) => p.items) as {
    captions: { provenance: { origin: string; prompt?: string; promptVersion?: string } }[];
  }[];
  const repairs = items.flatMap((i) =>
    i.captions
      .filter((c) => c.provenance.origin === 'generated' && c.provenance.prompt?.startsWith('repair'))
      .map((c) => `${c.provenance.prompt} v${c.provenance.promptVersion}`),
  );
  expect(repairs.length).toBeGreaterThan(0);
  expect(new Set(repairs)).toEqual(new Set(['repair-plain v2']));
});
