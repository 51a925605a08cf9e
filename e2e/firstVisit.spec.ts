// The first visit: the demo loads by itself, and a reload in the middle of its import finishes it (one demo
// dataset, every item), as does asking for the demo again.

import { expect, test } from '@playwright/test';

test('a reload during the demo import finishes it; asking again opens the same demo', async ({ page }) => {
  await page.goto('/');
  // The demo dataset exists as soon as its import starts: reload then, before the grid shows.
  const select = page.getByRole('combobox', { name: 'Dataset', exact: true });
  await expect(select.locator('option', { hasText: 'Demo (synthetic scenes' })).toHaveCount(1, { timeout: 30_000 });
  await page.reload();
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 60_000 });
  await expect(page.getByRole('status')).toContainText('Demo loaded');
  await page.reload();
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 30_000 });
  // Asking for the demo again opens it instead of adding a second one.
  // No dataset open: the setting is kept in localStorage and, crash-safe, in IndexedDB's kv table.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        localStorage.removeItem('cc.datasetId');
        const open = indexedDB.open('clip-curator');
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          tx.objectStore('kv').delete('cc.datasetId');
          tx.oncomplete = () => (open.result.close(), resolve());
        };
      }),
  );
  await page.reload();
  await page.getByRole('button', { name: 'Load the demo dataset' }).click();
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 30_000 });
  await expect(page.getByRole('status')).toContainText('The demo dataset is open');
  await expect(select.locator('option', { hasText: 'Demo (synthetic scenes' })).toHaveCount(1);
});
