// Tuning the cut: score the demo, label a few pairs, drag the threshold, bulk-accept above it, undo, approve, reload.

import { expect, test, type Page } from '@playwright/test';

/** Items per status, from the sidebar (the grid is virtualized: only visible cells exist). */
const statusCount = async (page: Page, status: 'accepted' | 'rejected' | 'pending') => Number(await page.getByTestId(`count-${status}`).innerText());

test('label, drag, bulk-accept, undo, approve, reload', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('cell').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('threshold-panel')).toContainText('No scored pairs yet');
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText('Scored 164 of 164 pairs', { timeout: 120_000 });
  await expect(page.getByTestId('histogram')).toBeVisible();

  // Label four pairs by hand: the calibration counts them.
  await page.getByRole('radio', { name: /^pairs/ }).check();
  await page.keyboard.press('j');
  for (const key of ['a', 'r', 'a', 'r']) await page.keyboard.press(key);
  await expect(page.getByTestId('calibration')).toContainText('4 decisions (2 accepted)');
  // The suggestion (computed in its own worker) arrives for these four decisions.
  await expect(page.getByTestId('calibration')).toContainText(/suggested -?\d\.\d{3} \(range/);

  // Drag the cut to the right: fewer kept.
  const before = await page.getByTestId('cut-counts').innerText();
  const box = (await page.getByTestId('histogram').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.03), box.y + box.height * 0.5);
  await page.mouse.up();
  await expect(page.getByTestId('cut-counts')).not.toHaveText(before);
  const kept = Number(/kept (\d+)/.exec(await page.getByTestId('cut-counts').innerText())![1]);
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(164);
  // The borderline strip follows the cut: the nearest pairs on each side, nearest first; the hint names the undecided
  // pair nearest it.
  const cut = Number(await page.getByRole('spinbutton', { name: 'Threshold' }).inputValue());
  const chipScores = async (side: string) => (await page.getByTestId(`borderline-${side}`).allInnerTexts()).map((t) => Number(t.trim().split(/\s+/)[0]));
  const above = await chipScores('above');
  const below = await chipScores('below');
  expect(above).toHaveLength(4);
  expect(below).toHaveLength(4);
  for (const s of above) expect(s).toBeGreaterThanOrEqual(cut - 0.0005);
  for (const s of below) expect(s).toBeLessThan(cut + 0.0005);
  expect(above).toEqual([...above].sort((a, b) => a - b));
  expect(below).toEqual([...below].sort((a, b) => b - a));
  // No pair is nearer the cut than the strip's nearest (the hint's pair is undecided, so it may be further off).
  const hint = Number(await page.getByTestId('next-informative-hint').innerText());
  expect(Math.abs(hint - cut)).toBeGreaterThanOrEqual(Math.min(Math.abs(above[0] - cut), Math.abs(below[0] - cut)) - 0.0005);

  // Bulk-accept everything at or above the cut: reviewer decisions stay as they were.
  expect(await statusCount(page, 'accepted')).toBe(2);
  await page.keyboard.press('Shift+A');
  await expect(page.getByRole('status')).toContainText(/Accepted \d+ pairs at or above/);
  const bulkAccepted = Number(/Accepted (\d+) pairs/.exec(await page.getByRole('status').innerText())![1]);
  expect(bulkAccepted).toBeGreaterThan(0);
  await expect.poll(() => statusCount(page, 'accepted')).toBeGreaterThan(2);
  expect(await statusCount(page, 'rejected')).toBe(2);

  // One undo walks the whole bulk command back.
  await page.keyboard.press('u');
  await expect.poll(() => statusCount(page, 'accepted')).toBe(2);

  // Approve the cut; the approval and the evidence stay with the dataset through a reload.
  await page.locator('[data-command=approve-cut]').click();
  await expect(page.getByTestId('cut-approval')).toHaveText('approved by reviewer');
  const value = await page.getByRole('spinbutton', { name: 'Threshold' }).inputValue();
  await page.reload();
  await expect(page.getByTestId('cut-approval')).toHaveText('approved by reviewer', { timeout: 30_000 });
  await expect(page.getByRole('spinbutton', { name: 'Threshold' })).toHaveValue(value);
  await expect.poll(() => statusCount(page, 'accepted')).toBe(2);
  await expect(page.getByTestId('calibration')).toContainText('4 decisions (2 accepted)');
  // The suggestion (computed in its own worker) arrives for these four decisions.
  await expect(page.getByTestId('calibration')).toContainText(/suggested -?\d\.\d{3} \(range/);

  // Moving the cut withdraws the approval, and the history says so.
  await page.getByRole('slider', { name: 'Threshold' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('cut-approval')).toHaveText('moved since approval — not approved');
  await page.getByText(/Cut history/).click();
  await expect(page.getByTestId('cut-history')).toContainText('approval withdrawn');
});
