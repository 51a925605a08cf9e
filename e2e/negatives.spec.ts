// The hard-negatives journey: generate every type for the demo, read the report, review some with the keyboard,
// reload, and find the decisions intact; undo walks the last one back.

import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { NEGATIVE_TYPES } from '../src/core/negatives/types.ts';
import { openScoredDemo } from './fixtures.ts';

/** The decided negatives on screen (the list is virtualized: only rows in view exist). */
const statuses = async (page: Page) =>
  Object.fromEntries(
    (await page.getByTestId('negative').evaluateAll((els) => els.map((e) => [e.getAttribute('data-negative-id'), e.getAttribute('data-status')]))).filter(
      ([, s]) => s !== 'pending',
    ),
  );

test('generate all negative types for the demo, review some, reload with decisions intact', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await openScoredDemo(page);

  await page.keyboard.press('h');
  const screen = page.getByTestId('negatives-screen');
  await expect(screen).toBeVisible();
  for (const t of NEGATIVE_TYPES) await screen.getByLabel(`type ${t}`).check();
  await screen.getByLabel('Image edits').check();
  await screen.getByRole('button', { name: 'Generate negatives' }).click();
  // A reload in the middle: the generation resumes by itself and keeps what was already made.
  await expect(screen.getByTestId('negatives-progress')).toContainText(/generating: \d+ of \d+ pairs/, { timeout: 60_000 });
  await page.reload();
  await expect(page.getByRole('status')).toContainText('Resuming the hard-negative generation', { timeout: 30_000 });
  await expect(page.getByRole('status')).toContainText(/Made \d+ negatives/, { timeout: 180_000 });
  const resumed = await page.getByRole('status').innerText();
  console.log(resumed);
  // The resumed run works on the same pairs as the interrupted one (the demo's 82 that pass the cut).
  expect(resumed).toContain('82× verb: no known verb to change');
  // Everything was made, once: generating again with the same options makes nothing new.
  await page.getByTestId('negatives-screen').getByRole('button', { name: 'Generate negatives' }).click();
  await expect(page.getByRole('status')).toContainText(/Made 0 negatives/, { timeout: 180_000 });
  console.log(await page.getByRole('status').innerText());
  await expect(screen.getByTestId('negatives-progress')).toContainText(/scored \d+ of \d+/);

  // Every type is in the report, with the share the tiny models get wrong.
  const report = screen.getByTestId('negatives-report');
  const reportText = await report.innerText();
  console.log(reportText);
  for (const t of NEGATIVE_TYPES.filter((t) => t !== 'verb')) await expect(report.locator(`tr[data-type="${t}"]`).first()).toBeVisible();
  // The synthetic captions have no verbs: the status says why none were made.
  await expect(page.getByRole('status')).toContainText('no known verb to change');
  await expect(report.locator('tr[data-type="color"] td', { hasText: 'edit:' }).first()).toBeVisible();

  // Hardest first, each with its hardness.
  const hardness = await screen.getByTestId('hardness').allInnerTexts();
  expect(hardness.length).toBeGreaterThan(3);
  const values = hardness.map(Number);
  expect([...values].sort((a, b) => b - a)).toEqual(values);

  // Review three with the keyboard: accept, reject, accept (each moves on to the next).
  await screen.getByTestId('negative').first().click();
  await page.keyboard.press('a');
  await page.keyboard.press('r');
  await page.keyboard.press('a');
  await expect(screen.getByTestId('negative').nth(0)).toHaveAttribute('data-status', 'accepted');
  await expect(screen.getByTestId('negative').nth(1)).toHaveAttribute('data-status', 'rejected');
  await expect(screen.getByTestId('negative').nth(2)).toHaveAttribute('data-status', 'accepted');
  const before = await statuses(page);
  expect(Object.values(before).sort()).toEqual(['accepted', 'accepted', 'rejected']);

  await page.reload();
  await expect(page.getByTestId('negatives-screen')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('negative').first()).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => statuses(page)).toEqual(before);
  await expect(page.getByTestId('negatives-report').locator('tr[data-type]').first()).toBeVisible();

  // Undo walks back the last decision, also after the reload.
  await page.keyboard.press('u');
  await expect(page.getByRole('status')).toContainText('negative is back to pending');
  await expect(page.getByTestId('negative').nth(2)).toHaveAttribute('data-status', 'pending');
  // A training set in NegCLIP's format carries the negatives of the verified pairs, except the rejected one.
  await page.keyboard.press('h');
  await page.locator('[data-command=export-training]').click();
  const dialog = page.getByRole('dialog', { name: 'Export a training set' });
  await dialog.getByRole('radio', { name: /NegCLIP TSV/ }).check();
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const files = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
  const rows = new TextDecoder().decode(files['negclip.tsv']).trimEnd().split('\n');
  expect(rows[0]).toBe('\ttitle\tfilepath\tneg_caption\tneg_image\tneg_filepath\tneg_type');
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  console.log(`negclip export: ${manifest.pairs} pairs, ${manifest.images} images, ${manifest.negatives} negatives`);
  expect(manifest.pairs).toBe(rows.length - 1);
  expect(manifest.negatives).toBeGreaterThan(manifest.pairs);
  for (const r of rows.slice(1, 4)) expect(files[r.split('\t')[2]]?.byteLength).toBeGreaterThan(0);
  await expect(page.getByRole('status')).toContainText(/Exported \d+ pairs/);

  // Evaluation: the tiny models side by side on every kept negative, per type, with Winoground scores.
  await page.locator('[data-command=evaluate]').click();
  const evaluation = page.getByRole('dialog', { name: 'Evaluation' });
  await evaluation.getByRole('radio', { name: 'every kept negative' }).check();
  await evaluation.getByRole('button', { name: 'Evaluate' }).click();
  const table = evaluation.getByTestId('eval-table');
  await expect(table).toBeVisible({ timeout: 120_000 });
  console.log((await table.innerText()).replace(/\t/g, ' '));
  await expect(table.locator('tr[data-type="color"]')).toBeVisible();
  await expect(table.locator('th', { hasText: 'tiny-clip-cnn' })).toBeVisible();
  await expect(evaluation.getByTestId('winoground-group')).toBeVisible();
  await evaluation.getByRole('button', { name: 'Close' }).click();

  // Last, as it leaves the status line on the cancel: scoring shows a count and can be cancelled; what was scored is kept.
  // (Cancelled at once: with the embeddings cached, a rescore takes a few seconds, too short to aim at.)
  await page.keyboard.press('h');
  await expect(screen).toBeVisible();
  await screen.getByRole('button', { name: 'Rescore' }).click();
  await screen.getByRole('button', { name: 'Cancel scoring' }).click();
  await expect(screen.getByTestId('negatives-progress')).toContainText(/cancelled after [\d,]+ of [\d,]+ — what was scored is kept/, { timeout: 60_000 });
  console.log(await screen.getByTestId('negatives-progress').innerText());

  // Captions are text: a negative never renders as HTML.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});
