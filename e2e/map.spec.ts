// The embedding map on the scored demo: M lays it out in the worker, the canvas shows the points, a box drawn on it
// filters the grid to the images inside, the colouring changes, and the drawing of 100,000 points is timed.

import { expect, test } from '@playwright/test';
import { openScoredDemo } from './fixtures.ts';

test('map: lay out, draw, box-select to filter the grid, recolour, close; frame time at 100,000 points', async ({ page }) => {
  test.setTimeout(180_000);
  await openScoredDemo(page);
  await page.keyboard.press('M');
  const status = page.getByRole('status');
  await expect(status).toContainText(/Mapped 180 images in [\d.]+ s \(UMAP on 180; embedded 16 images first\)/, { timeout: 90_000 });
  const canvas = page.getByTestId('map-canvas');
  await expect(page.getByTestId('map-frame-ms')).toBeVisible();
  // Points are drawn: some pixels are not white.
  const painted = await canvas.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) n++;
    return n;
  });
  expect(painted).toBeGreaterThan(180);

  // A box over the left half of the map keeps only the images inside it.
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 2, { steps: 5 });
  await page.mouse.up();
  const selection = page.getByTestId('map-selection');
  await expect(selection).toContainText(/box: \d+ images/);
  const inBox = Number((await selection.innerText()).match(/box: (\d+)/)![1]);
  expect(inBox).toBeGreaterThan(0);
  expect(inBox).toBeLessThan(180);
  // The demo's images are all different: the grid holds exactly the items of the images in the box.
  await expect(page.getByTestId('grid')).toHaveAttribute('data-count', String(inBox));
  await page.screenshot({ path: test.info().outputPath('map.png') });

  await page.getByLabel('Colour the map by').selectOption('status');
  await page.getByRole('button', { name: 'clear box' }).click();
  await expect(selection).toHaveCount(0);
  await page.getByRole('button', { name: 'Close the map' }).click();
  await expect(page.getByTestId('map-panel')).toHaveCount(0);

  const frames = await page.evaluate(() => (window as unknown as { clipCurator: { mapFrames: (n: number) => number[] } }).clipCurator.mapFrames(100_000));
  console.log(`map frame at 100,000 points (900×260, software Chromium): median ${frames[10].toFixed(1)} ms, worst ${frames[20].toFixed(1)} ms`);
  expect(frames).toHaveLength(21);
});
