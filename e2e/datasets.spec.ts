// A dataset can be renamed and deleted (asked twice); deleting frees its images and survives a reload.

import { expect, test } from '@playwright/test';

test('rename the demo, then delete it: its images go, and a reload shows no dataset', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('group', { name: 'Kind' }).getByTestId('count-all')).toHaveText('200', { timeout: 60_000 });
  const imagesStored = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('clip-curator');
          open.onsuccess = () => {
            const req = open.result.transaction('images').objectStore('images').count();
            req.onsuccess = () => (resolve(req.result), open.result.close());
          };
        }),
    );
  expect(await imagesStored()).toBeGreaterThan(100);

  await page.getByRole('button', { name: 'Rename or delete this dataset…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Dataset' });
  await dialog.getByLabel('Dataset name').fill('Shapes, first try');
  await dialog.getByRole('button', { name: 'Rename' }).click();
  // The dialog closes when the rename is stored; its label is 'Dataset' too, so name the header's select by role.
  await expect(dialog).toBeHidden();
  const picker = page.getByRole('combobox', { name: 'Dataset', exact: true });
  await expect(picker).toHaveValue(/.+/);
  await expect(picker.locator('option:checked')).toHaveText('Shapes, first try');

  await page.getByRole('button', { name: 'Rename or delete this dataset…' }).click();
  await dialog.getByRole('button', { name: 'Delete this dataset…' }).click();
  await expect(dialog).toContainText('Delete “Shapes, first try” and its 200 items');
  await dialog.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.getByRole('status')).toContainText(/Deleted “Shapes, first try”: 200 items and 0 hard negatives; freed \d+ images/);
  await expect(page.getByRole('button', { name: 'Load the demo dataset' })).toBeVisible();
  expect(await imagesStored()).toBe(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Load the demo dataset' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true }).locator('option')).toHaveCount(1);
  // With no dataset the status line says what to do, not that items are loading.
  await expect(page.getByRole('status')).toHaveText('No dataset open: press i to import, or load the demo.');
});
