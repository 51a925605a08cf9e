// At 1024×700 the app fits: no horizontal scrolling, two full grid rows under the open threshold panel, dialogs and
// the help overlay inside the window.

import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 1024, height: 700 } });

/** Grid rows whose cells are wholly inside the grid's visible box. */
function fullyVisibleRows(page: Page) {
  return page.evaluate(() => {
    const grid = document.querySelector('[data-testid=grid]')!.getBoundingClientRect();
    const tops = [...document.querySelectorAll('[data-testid=cell]')]
      .map((c) => c.getBoundingClientRect())
      .filter((r) => r.top >= grid.top && r.bottom <= grid.bottom && r.right <= grid.right)
      .map((r) => Math.round(r.top));
    return new Set(tops).size;
  });
}

test('1024×700: the header fits, two grid rows show with the threshold panel open, the help overlay fits', async ({ page }) => {
  await page.goto('/?backend=wasm');
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 60_000 });
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText('Scored 164 of 164 pairs', { timeout: 120_000 });
  await expect(page.getByRole('button', { name: 'Hide histogram ▴' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
  expect(await fullyVisibleRows(page)).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'Hide histogram ▴' }).click();
  expect(await fullyVisibleRows(page)).toBeGreaterThanOrEqual(2);

  await page.keyboard.press('?');
  const help = page.getByRole('dialog');
  await expect(help).toBeVisible();
  const box = (await help.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(700);
  expect(box.x + box.width).toBeLessThanOrEqual(1024);
});
