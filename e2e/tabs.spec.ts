// Two tabs on one dataset see each other's decisions within a second or two (BroadcastChannel + a re-read of the
// changed items); undo walks back only the tab's own changes, and refuses when another tab changed the item since.

import { expect, test } from '@playwright/test';

test('a decision in one tab shows in the other', async ({ page, context }) => {
  await page.goto('/');
  const countAll = (p: typeof page) => p.getByRole('group', { name: 'Kind' }).getByTestId('count-all');
  await expect(countAll(page)).toHaveText('200', { timeout: 60_000 });
  const other = await context.newPage();
  await other.goto('/');
  await expect(countAll(other)).toHaveText('200', { timeout: 60_000 });

  const first = (p: typeof page) => p.getByTestId('cell').first();
  const second = (p: typeof page) => p.getByTestId('cell').nth(1);
  await first(page).click();
  await page.keyboard.press('a');
  await expect(first(page)).toHaveAttribute('data-status', 'accepted');
  await expect(first(other)).toHaveAttribute('data-status', 'accepted', { timeout: 3000 });

  await second(other).click();
  await other.keyboard.press('r');
  await expect(second(page)).toHaveAttribute('data-status', 'rejected', { timeout: 3000 });
  // The counts follow too.
  await expect(page.getByRole('group', { name: 'Status' }).getByTestId('count-accepted')).toHaveText('1');
  await expect(page.getByRole('group', { name: 'Status' }).getByTestId('count-rejected')).toHaveText('1');

  // Undo in the other tab walks back its own rejection, not the first tab's acceptance.
  await other.keyboard.press('u');
  await expect(second(page)).toHaveAttribute('data-status', 'pending', { timeout: 3000 });
  await expect(first(other)).toHaveAttribute('data-status', 'accepted');
  await other.keyboard.press('u');
  await expect(other.getByRole('status')).toContainText('Nothing to undo in this tab.');

  // The first tab's item, decided again in the other tab: the first tab's undo is refused and changes nothing.
  await first(other).click();
  await other.keyboard.press('r');
  await expect(first(page)).toHaveAttribute('data-status', 'rejected', { timeout: 3000 });
  await page.keyboard.press('u');
  await expect(page.getByRole('status')).toContainText('Undo: nothing was undone: item #1');
  await expect(first(page)).toHaveAttribute('data-status', 'rejected');
});
