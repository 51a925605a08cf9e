// The near-miss benchmark in the Evaluation dialog: held-out synthetic scenes rendered in the scoring worker, each
// model and the ensemble per type (paired accuracy and AUC), the same figures as `clip-curator eval --near-miss`.

import { expect, test } from '@playwright/test';

test('the Evaluation dialog runs the near-miss benchmark with the loaded models', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('cell').first()).toBeVisible({ timeout: 30_000 });
  await page.locator('[data-command=evaluate]').click();
  const evaluation = page.getByRole('dialog', { name: 'Evaluation' });
  await evaluation.getByRole('radio', { name: 'near-miss benchmark' }).check();
  await evaluation.getByRole('button', { name: 'Evaluate' }).click();
  const table = evaluation.getByTestId('near-miss-table');
  await expect(table).toBeVisible({ timeout: 120_000 });
  console.log((await table.innerText()).replace(/\t/g, ' '));
  await expect(table.locator('caption')).toContainText('400 held-out pairs (seed 777)');
  for (const model of ['tiny-clip-vit', 'tiny-clip-cnn', 'ensemble']) await expect(table.locator('th', { hasText: model })).toBeVisible();
  for (const type of ['color', 'shape', 'size', 'count', 'relation', 'negation', 'swap']) {
    const cells = table.locator(`tr[data-type="${type}"] td`);
    await expect(cells).toHaveCount(5);
    for (let i = 1; i <= 3; i++) await expect(cells.nth(i)).toHaveText(/^\d+\.\d% \(\d\.\d\d\)$/);
    expect(Number(await cells.nth(4).innerText())).toBeGreaterThan(50);
  }
});
