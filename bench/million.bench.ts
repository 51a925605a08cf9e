// Issue 15's million-item figures, in one headless Chromium session through the real UI: a 1,000,000-row import of
// scored pairs naming 1,000 distinct images (rows per second), reload to the first grid paint, the grid scrolling
// (frame times against idle; 236 px of scrollbar a frame, and last, after a reload, one row of the list a frame), the
// threshold's cut dragged across the histogram (frame times), a reviewer's decision (key press to the cell showing it,
// accept and undo in turn), a text search (the first embeds the images; the second is the steady figure), the
// training-set export streaming (pairs per second), "Accept all ≥ cut" over half the pairs and its undo (each to the
// sidebar's count, with its own memory peak), and the peak memory of all Chromium processes over the whole run and per
// phase, both as the sum of their resident sizes (shared pages counted once per process) and of their proportional
// sizes (each counted once). First, the same rows through the CLI's import with --out (a dataset folder written): rows
// per second and its peak memory. Prints one JSON line; asserts nothing. Usage: npx tsx bench/million.bench.ts
// (ROWS=100000 for a shorter run; FORMAT=csv|webdataset|…)

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXPORT_FORMATS, FORMAT_NAMES } from '../src/core/export/formats.ts';
import { rng } from '../src/core/random.ts';
import { chromiumPssMiB, chromiumRssMiB, gridFrameTimes, histogramFrames, launch, percentile, samplePeak, servePreview, stopServer } from './browser.ts';
import { writeScoredFolder } from './fixture.ts';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const IMAGES = 1_000;
const FORMAT = (process.env.FORMAT ?? EXPORT_FORMATS[0]) as (typeof EXPORT_FORMATS)[number];
const PORT = 4184;
const r = rng(15);
const scores = Array.from({ length: ROWS }, () => (r() < 0.75 ? 0.55 + 0.3 * r() : 0.05 + 0.4 * r()));
const t0 = Date.now();
const dir = writeScoredFolder('million', scores, IMAGES, r);
const fixtureMs = Date.now() - t0;

/** The CLI's import of the folder into a dataset folder: its time and peak resident memory (VmHWM, Linux). */
async function cliImport(from: string): Promise<{ ms: number; peakRssMiB: number }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'cc-million-')), 'imported');
  const started = Date.now();
  const child = spawn(process.execPath, ['bin/clip-curator.js', 'import', from, '--out', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  let peakKiB = 0;
  const hwm = () => {
    try {
      peakKiB = Math.max(peakKiB, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {}
  };
  const timer = setInterval(hwm, 100);
  const code = await new Promise<number | null>((res) => child.on('exit', res));
  clearInterval(timer);
  const ms = Date.now() - started;
  rmSync(path.dirname(out), { recursive: true, force: true });
  if (code !== 0) throw new Error(`clip-curator import exited with ${code}`);
  return { ms, peakRssMiB: Math.round(peakKiB / 1024) };
}

const cli = await cliImport(dir);
const server = await servePreview(PORT);
const browser = await launch();
const figures: Record<string, unknown> = {
  bench: 'million (headless Chromium, through the UI)',
  rows: ROWS,
  images: IMAGES,
  fixtureMs,
  cliImportMs: cli.ms,
  cliImportRowsPerS: Math.round(ROWS / (cli.ms / 1000)),
  cliImportPeakRssMiB: cli.peakRssMiB,
};
const step = (name: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${name}`);
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await page.goto(`http://127.0.0.1:${PORT}/?demo=0`);
  await page.getByText('CLIP Curator').first().waitFor();
  figures.rssIdleMiB = chromiumRssMiB();
  figures.pssIdleMiB = chromiumPssMiB();
  const whole = samplePeak(chromiumRssMiB, 500);
  const wholePss = samplePeak(chromiumPssMiB, 500);

  step('import');
  await page.keyboard.press('i');
  const importMem = samplePeak(chromiumRssMiB, 500);
  const importPss = samplePeak(chromiumPssMiB, 500);
  let t = Date.now();
  await page.getByTestId('folder-input').setInputFiles(dir);
  await page.getByTestId('import-report').waitFor({ timeout: 3_600_000 });
  const importMs = Date.now() - t;
  figures.importMs = importMs;
  figures.importRowsPerS = Math.round(ROWS / (importMs / 1000));
  figures.importReport = (await page.getByTestId('import-report').innerText()).split('\n')[0];
  await page.getByLabel('Close import').click();
  await page.getByTestId('cell').first().waitFor({ timeout: 600_000 });
  figures.importPeakRssMiB = importMem.stop();
  figures.importPeakPssMiB = importPss.stop();

  step('reload');
  const reloadMem = samplePeak(chromiumRssMiB, 500);
  const reloadPss = samplePeak(chromiumPssMiB, 500);
  t = Date.now();
  await page.reload();
  await page.getByTestId('cell').first().waitFor({ timeout: 600_000 });
  figures.reloadToFirstGridPaintMs = Date.now() - t;
  await page.getByTestId('histogram').waitFor({ timeout: 600_000 });
  // The first screenful paints at once and the rest of the list loads after it: the frames are measured once it has.
  await page.waitForFunction(() => !document.body.innerText.includes('while the rest load'), null, { timeout: 600_000, polling: 100 });
  figures.reloadToAllItemsMs = Date.now() - t;
  // The page's own JavaScript heap once the list is loaded, after a collection: what the million items cost it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  figures.pageHeapAfterLoadMiB = Math.round(((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 2 ** 20);
  await cdp.detach();
  await page.waitForTimeout(1000);

  step('decisions');
  // A reviewer's decision at a million items: from the key press to the cell showing it, accept and undo in turn.
  await page.getByTestId('cell').nth(3).click();
  // The cell the click focused, not the fourth cell again: the grid's cells are not in a stable document order (a
  // click on a cell in the rows kept above the view scrolls it in, and the cells are rendered anew).
  const decided = await page.evaluate(`document.activeElement.getAttribute('data-item-id')`);
  await page.waitForTimeout(500);
  const decisionMs: number[] = [];
  for (let k = 0; k < 6; k++) {
    const want = k % 2 ? 'pending' : 'accepted';
    // A string, not a function: the page must not wait for the promise here (it settles after the key press).
    await page.evaluate(`window.__decision = new Promise((resolve) => {
      let t0 = 0;
      addEventListener('keydown', () => (t0 = performance.now()), { capture: true, once: true });
      const check = () => {
        const el = document.querySelector('[data-item-id="${decided}"]');
        if (t0 && el?.getAttribute('data-status') === '${want}') resolve(performance.now() - t0);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    }); 0`);
    await page.keyboard.press(k % 2 ? 'u' : 'a');
    decisionMs.push(Math.round((await page.evaluate('window.__decision')) as number));
    await page.waitForTimeout(500);
  }
  figures.decisionToCellMs = { each: decisionMs, p50: percentile(decisionMs, 0.5), max: Math.max(...decisionMs) };

  step('grid scroll');
  const idle = await gridFrameTimes(page, '0');
  const steady = await gridFrameTimes(page, '236');
  await page.evaluate(`document.querySelector('[data-testid=grid]').scrollTop = 0`);
  const fling = await gridFrameTimes(page, 'grid.scrollHeight / 240');
  figures.gridIdleFrameMs = { p50: percentile(idle, 0.5), p95: percentile(idle, 0.95) };
  figures.gridSteadyFrameMs = { frames: steady.length, p50: percentile(steady, 0.5), p95: percentile(steady, 0.95) };
  figures.gridFlingFrameMs = { frames: fling.length, p50: percentile(fling, 0.5), p95: percentile(fling, 0.95) };
  figures.gridSteadyFps = Math.round((1000 / percentile(steady, 0.5)) * 10) / 10;

  step('threshold drag');
  figures.dragIdleFrameMs = await histogramFrames(page, false);
  figures.dragFrameMs = await histogramFrames(page, true);

  figures.reloadToDragPeakRssMiB = reloadMem.stop();
  figures.reloadToDragPeakPssMiB = reloadPss.stop();

  step('search');
  const searchMem = samplePeak(chromiumRssMiB, 500);
  const search = async (text: string) => {
    const box = page.getByLabel('Search images by text');
    await box.fill(text);
    const started = Date.now();
    await box.press('Enter');
    await page.getByText('searching…').waitFor({ state: 'detached', timeout: 600_000 });
    await page.getByTestId('search-active').waitFor({ timeout: 600_000 });
    const ms = Date.now() - started;
    // The status line's own figures: the scoring worker's time, and the images it embedded first (not yet embedded).
    const said = (await page.getByRole('status').innerText()).match(/Ranked [\d,]+ images by .* in (\d+) ms(?: \(embedded (\d+) images first\))?/);
    return { ms, workerMs: said ? Number(said[1]) : null, embeddedFirst: said?.[2] ? Number(said[2]) : 0 };
  };
  const first = await search('a red circle above a blue square');
  const warm = await search('two green triangles');
  figures.searchFirstMs = first.ms;
  figures.searchFirstWorkerMs = first.workerMs;
  figures.searchFirstEmbeddedImages = first.embeddedFirst;
  figures.searchMs = warm.ms;
  figures.searchWorkerMs = warm.workerMs;
  await page.getByLabel('Clear the search').click();
  figures.searchPeakRssMiB = searchMem.stop();

  step('export');
  const exportMem = samplePeak(chromiumRssMiB, 500);
  const exportPss = samplePeak(chromiumPssMiB, 500);
  await page.locator('[data-command=export-training]').click();
  const dialog = page.getByRole('dialog', { name: 'Export a training set' });
  await dialog.getByRole('radio', { name: FORMAT_NAMES[FORMAT] }).check();
  await dialog.getByRole('radio', { name: 'every pair not rejected' }).check();
  t = Date.now();
  const download = page.waitForEvent('download', { timeout: 3_600_000 });
  await dialog.getByRole('button', { name: 'Export' }).click();
  const file = await (await download).path();
  const exportMs = Date.now() - t;
  figures.exportFormat = FORMAT;
  figures.exportMs = exportMs;
  figures.exportPairsPerS = Math.round(ROWS / (exportMs / 1000));
  figures.exportMiB = Math.round((statSync(file).size / 2 ** 20) * 10) / 10;
  figures.exportPeakRssMiB = exportMem.stop();
  figures.exportPeakPssMiB = exportPss.stop();
  figures.peakRssMiB = whole.stop();
  figures.peakPssMiB = wholePss.stop();

  step('bulk accept and undo');
  // "Accept all ≥ cut" over every pair at or above the cut, then one undo of it all, each timed to
  // the sidebar's count; its own memory peak (the figures above stop before it).
  // The cut where a click at the histogram's middle puts it: the drag above leaves it anywhere (477,230 to 780,548
  // pairs at or above it across runs), and the figures grow with the count.
  const hist = (await page.getByTestId('histogram').boundingBox())!;
  await page.mouse.click(hist.x + hist.width * 0.5, hist.y + hist.height / 2);
  await page.waitForTimeout(1500);
  const bulkPss = samplePeak(chromiumPssMiB, 500);
  const accepted = async () => Number((await page.locator('aside').first().innerText()).match(/accepted\s*\n?\s*(\d+)/)?.[1] ?? -1);
  const until = async (done: (n: number) => boolean) => {
    while (!done(await accepted())) await page.waitForTimeout(200);
  };
  t = Date.now();
  await page.locator('[data-command=accept-above]').click();
  await until((n) => n > 0);
  figures.bulkAcceptMs = Date.now() - t;
  figures.bulkAccepted = await accepted();
  await page.waitForTimeout(1000);
  t = Date.now();
  await page.keyboard.press('u');
  await until((n) => n === 0);
  figures.bulkUndoMs = Date.now() - t;
  figures.bulkPeakPssMiB = bulkPss.stop();

  step('grid at one row a frame');
  // Past MAX_SCROLL_HEIGHT the grid's scroll range stands for the whole list, scaled (~3.9 at a million items): 236 px
  // of scrollbar a frame went through ~3.9 rows a frame there, ~16 cells whose thumbnails were all new to the page,
  // against one row at 100,000 items. The same list pace as there, one row (236 px of the list) a frame, after a
  // reload (no thumbnail made yet), from the top. Last: the reload's own memory (the list read again beside the old
  // page's heap, not yet collected) stood in the figures after it by 300-1,000 MiB.
  await page.reload();
  await page.getByTestId('cell').first().waitFor({ timeout: 600_000 });
  await page.waitForFunction(() => !document.body.innerText.includes('while the rest load'), null, { timeout: 600_000, polling: 100 });
  await page.waitForTimeout(1000);
  figures.gridScale = Number(await page.getByTestId('grid').getAttribute('data-scale'));
  const rowPace = await gridFrameTimes(page, '236 / Number(grid.dataset.scale)');
  figures.gridRowPerFrameMs = { frames: rowPace.length, p50: percentile(rowPace, 0.5), p95: percentile(rowPace, 0.95) };
} catch (e) {
  figures.error = (e as Error).message.split('\n')[0];
  throw e;
} finally {
  console.log(JSON.stringify(figures));
  await browser.close();
  stopServer(server);
}
