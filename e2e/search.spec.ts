// Text search and "more like this" over the stored image embeddings: the grid ranks by similarity, the top 50 are
// accepted with one command and one undo walks it back, and clearing the search restores the grid.

import { expect, test } from '@playwright/test';
import { openScoredDemo } from './fixtures.ts';

test('search the demo by text, accept the top 50, undo, more like this, clear', async ({ page }) => {
  test.setTimeout(180_000);
  await openScoredDemo(page);
  const search = page.getByRole('searchbox', { name: 'Search images by text' });
  await search.fill('a red circle');
  await search.press('Enter');
  const status = page.getByRole('status');
  // Lone images have no embedding until the first search: they are embedded then.
  await expect(status).toContainText(/Ranked 180 images by “a red circle” in \d+ ms \(embedded 16 images first\)/, { timeout: 60_000 });
  console.log(await status.innerText());
  const captions = await page.getByTestId('cell').locator('p').allInnerTexts();
  const top = captions.slice(0, 8);
  console.log('top 8 for “a red circle”:', top);
  expect(top.filter((c) => /red/.test(c)).length).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('search-active')).toContainText('ranked by “a red circle”');

  await page.getByRole('button', { name: /Accept the top 50 search results/ }).click();
  await expect(status).toContainText(/Accepted (\d+) of the top 50 for “a red circle”/);
  await expect(page.getByRole('group', { name: 'Status' }).getByTestId('count-accepted')).toHaveText('50');
  await page.keyboard.press('u');
  await expect(page.getByRole('group', { name: 'Status' }).getByTestId('count-accepted')).toHaveText('0');

  // More like this: the selected item's own image ranks first.
  const third = page.getByTestId('cell').nth(2);
  const id = await third.getAttribute('data-item-id');
  await third.click();
  await page.keyboard.press('m');
  await expect(page.getByTestId('search-active')).toContainText(/ranked by more like #\d+/);
  await expect(page.getByTestId('cell').first()).toHaveAttribute('data-item-id', id!);

  await page.getByRole('button', { name: 'Clear the search' }).click();
  await expect(page.getByTestId('search-active')).toHaveCount(0);
  await expect(page.getByTestId('cell')).not.toHaveCount(0);
});
