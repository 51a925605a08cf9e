// Import of a 100,000-row captions JSONL (1,000 distinct images) in headless Chromium, through the real UI:
// import time, peak memory of all Chromium processes, time to first grid paint, and frame times while scrolling.
// The import starts once the first visit's demo has loaded (a page at rest, as a returning user's): before stop 27 it
// started at once, beside the demo's own import, whose one-time cost then counted in the figure (18,600-20,500 rows/s
// beside it against 27,400 after it, one session). Prints figures; asserts nothing about time.

import { chromiumRssMiB, gridFrameTimes, launch, percentile, samplePeak, servePreview, stopServer } from './browser.ts';
import { writeBenchFolder } from './fixture.ts';

const ROWS = Number(process.env.ROWS ?? 100_000);
const PORT = 4181;
const folder = writeBenchFolder(ROWS, 1_000);
const server = await servePreview(PORT);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.getByText('CLIP Curator').first().waitFor();
  await page
    .getByText(/Demo loaded/)
    .first()
    .waitFor({ timeout: 120_000 });
  const idleRss = chromiumRssMiB();
  await page.keyboard.press('i');
  const mem = samplePeak(chromiumRssMiB);
  const t0 = Date.now();
  await page.getByTestId('folder-input').setInputFiles(folder);
  await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
  const importMs = Date.now() - t0;
  await page.getByTestId('cell').first().waitFor({ timeout: 120_000 });
  const paintAfterImportMs = Date.now() - t0 - importMs;
  const peakRss = mem.stop();
  const report = await page.getByTestId('import-report').innerText();
  await page.getByLabel('Close import').click();

  const t1 = Date.now();
  await page.reload();
  await page.getByTestId('cell').first().waitFor({ timeout: 120_000 });
  const reloadToFirstPaintMs = Date.now() - t1;

  // Frame times while idle (the baseline), scrolling one grid row (236 px) per frame (a fast wheel scroll), and
  // flinging through the whole dataset in 240 frames.
  const idle = await gridFrameTimes(page, '0');
  const steady = await gridFrameTimes(page, '236');
  await page.evaluate(`document.querySelector('[data-testid=grid]').scrollTop = 0`);
  const frames = await gridFrameTimes(page, 'grid.scrollHeight / 240');
  const pct = percentile;
  console.log(
    JSON.stringify({
      bench: 'import-browser (headless Chromium, WASM-free path: parse, hash, thumbnail, IndexedDB)',
      rows: ROWS,
      report: report.split('\n')[0],
      importMs,
      rowsPerSecond: Math.round(ROWS / (importMs / 1000)),
      firstGridPaintAfterImportMs: paintAfterImportMs,
      reloadToFirstGridPaintMs: reloadToFirstPaintMs,
      chromiumRssIdleMiB: idleRss,
      chromiumRssPeakMiB: peakRss,
      idleFrameMs: { p50: pct(idle, 0.5), p95: pct(idle, 0.95) },
      steadyScrollFrameMs: { frames: steady.length, p50: pct(steady, 0.5), p95: pct(steady, 0.95) },
      flingScrollFrameMs: { frames: frames.length, p50: pct(frames, 0.5), p95: pct(frames, 0.95), max: pct(frames, 1) },
      steadyOverIdleP50: Math.round((pct(steady, 0.5) / pct(idle, 0.5)) * 100) / 100,
      flingOverIdleP50: Math.round((pct(frames, 0.5) / pct(idle, 0.5)) * 100) / 100,
    }),
  );
} finally {
  await browser.close();
  stopServer(server);
}
