// A list taller than a browser lets an element be (Chromium stops at 33,554,432 px, Firefox near 17.9 million): the
// grid's scroll range is capped and scaled, so that its end, its middle and a focused item are all reachable.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

test.use({ viewport: { width: 1024, height: 700 } });

const ROWS = 300_000;

/** The grid's scroll figures and the captions of the cells inside its visible box. */
function gridState(page: Page) {
  return page.evaluate(() => {
    const grid = document.querySelector('[data-testid=grid]') as HTMLElement;
    const box = grid.getBoundingClientRect();
    const visible = [...grid.querySelectorAll<HTMLElement>('[data-testid=cell]')]
      .filter((c) => {
        const r = c.getBoundingClientRect();
        return r.bottom > box.top && r.top < box.bottom;
      })
      .map((c) => Number(c.textContent!.match(/number (\d+)/)![1]));
    return { scrollHeight: grid.scrollHeight, scrollTop: grid.scrollTop, clientHeight: grid.clientHeight, visible };
  });
}

async function scrollTo(page: Page, fraction: number) {
  await page.evaluate((f) => {
    const grid = document.querySelector('[data-testid=grid]') as HTMLElement;
    grid.scrollTop = (grid.scrollHeight - grid.clientHeight) * f;
  }, fraction);
  // Two frames: the scroll event, then the rows it renders.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

test('300,000 items at 1024×700: the scaled grid reaches its end, its middle, and the focused item', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-long-'));
  const file = path.join(dir, 'captions.jsonl');
  writeFileSync(file, `${Array.from({ length: ROWS }, (_, i) => JSON.stringify({ text: `a long list caption number ${i}` })).join('\n')}\n`);
  try {
    await page.goto('/?demo=0');
    await page.getByRole('button', { name: 'Import files…' }).click();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-report').waitFor({ timeout: 180_000 });
    await page.getByLabel('Close import').click();
    await expect(page.getByTestId('grid')).toHaveAttribute('data-count', String(ROWS), { timeout: 120_000 });
    await expect(page.getByText('while the rest load')).toHaveCount(0, { timeout: 120_000 });

    // Three cells a row of 180 px: 18 million px of list, held in a scroll range of 15 million.
    const top = await gridState(page);
    expect(top.scrollHeight).toBeLessThanOrEqual(15_000_016);
    expect(top.visible[0]).toBe(0);

    await scrollTo(page, 1);
    const end = await gridState(page);
    expect(end.visible).toContain(ROWS - 1);

    await scrollTo(page, 0.5);
    const middle = await gridState(page);
    // The middle of the scroll range shows the middle of the list (within a screenful).
    expect(Math.abs(middle.visible[0] - ROWS / 2)).toBeLessThan(20);

    // Scrolled a few pixels a frame, the list moves at the scale's pace at every frame, not at the scrollbar's with a
    // jump when other rows come into view: a cell's place on screen moves by the same amount each frame.
    const moves = (await page.evaluate(
      () =>
        new Promise((resolve) => {
          const grid = document.querySelector('[data-testid=grid]') as HTMLElement;
          const cell = grid.querySelector<HTMLElement>('[data-testid=cell]')!;
          const id = cell.dataset.itemId;
          const tops: number[] = [];
          let n = 0;
          const step = () => {
            const now = grid.querySelector<HTMLElement>(`[data-item-id="${id}"]`);
            if (now) tops.push(now.getBoundingClientRect().top);
            grid.scrollTop += 4;
            if (++n < 30) requestAnimationFrame(step);
            else resolve(tops.slice(1).map((t, i) => tops[i] - t));
          };
          requestAnimationFrame(step);
        }),
    )) as number[];
    const ratio = 18_000_000 / 15_000_000;
    expect(moves.length).toBeGreaterThan(20);
    for (const m of moves) expect(Math.abs(m - 4 * ratio)).toBeLessThan(1.5);

    // Focus a cell near the end, then step back two rows by key: the focused item stays in view as the grid scrolls.
    await scrollTo(page, 1);
    const last = (await gridState(page)).visible.at(-1)!;
    await page.getByText(`a long list caption number ${last}`, { exact: true }).first().click();
    for (let i = 0; i < 9; i++) await page.keyboard.press('k');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const after = await gridState(page);
    expect(after.visible).toContain(last - 9);
    const selected = page.locator('[data-testid=cell][aria-pressed=false].ring-2');
    await expect(selected).toContainText(`number ${last - 9}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
