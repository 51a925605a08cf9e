// Training-set export of 100,000 pairs in headless Chromium, per format, through the real dialog: time to the
// download (pairs per second) and the peak memory of all Chromium processes against their level before the export.
// The pairs come from a 100,000-row import naming 1,000 distinct images. Prints figures; asserts nothing about time.

import { statSync } from 'node:fs';
import { launch, chromiumRssMiB, samplePeak, servePreview, stopServer } from './browser.ts';
import { writeBenchFolder } from './fixture.ts';
import { EXPORT_FORMATS, FORMAT_NAMES } from '../src/core/export/formats.ts';

const ROWS = Number(process.env.ROWS ?? 100_000);
const PORT = 4182;
const formats = (process.env.FORMATS?.split(',') ?? EXPORT_FORMATS) as (typeof EXPORT_FORMATS)[number][];
const folder = writeBenchFolder(ROWS, 1_000);
const server = await servePreview(PORT);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await page.goto(`http://127.0.0.1:${PORT}/?demo=0`);
  await page.getByText('CLIP Curator').first().waitFor();
  await page.keyboard.press('i');
  await page.getByTestId('folder-input').setInputFiles(folder);
  await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
  await page.getByLabel('Close import').click();
  await page.getByTestId('cell').first().waitFor({ timeout: 120_000 });
  console.log(`export of ${ROWS} pairs (1,000 distinct images) in Chromium, filter: every pair not rejected`);
  console.log('format          seconds  pairs/s   size MiB  peak MiB (all Chromium processes; before → peak)');
  for (const format of formats) {
    const before = chromiumRssMiB();
    await page.locator('[data-command=export-training]').click();
    const dialog = page.getByRole('dialog', { name: 'Export a training set' });
    await dialog.getByRole('radio', { name: FORMAT_NAMES[format] }).check();
    await dialog.getByRole('radio', { name: 'every pair not rejected' }).check();
    const mem = samplePeak(chromiumRssMiB);
    const t0 = Date.now();
    const download = page.waitForEvent('download', { timeout: 1_200_000 });
    await dialog.getByRole('button', { name: 'Export' }).click();
    const file = await (await download).path();
    const ms = Date.now() - t0;
    const peak = mem.stop();
    const size = statSync(file).size / 2 ** 20;
    console.log(
      `${format.padEnd(15)} ${(ms / 1000).toFixed(1).padStart(7)} ${String(Math.round(ROWS / (ms / 1000))).padStart(8)} ${size.toFixed(1).padStart(10)}  ${before} → ${peak}`,
    );
    await page.getByRole('dialog', { name: 'Export a training set' }).waitFor({ state: 'detached' });
  }
} finally {
  await browser.close();
  stopServer(server);
}
