// The cluster's result in the browser and back: a dataset scored as 2 shard tasks and merged by the CLI imports with
// its scores (the threshold panel has them without scoring) and embeddings (scoring again encodes nothing); the cut approved here travels back in the
// export's manifest.json, which `clip-curator export --cut` on the cluster obeys.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';

const cli = (...args: string[]) => execFileSync(process.execPath, ['bin/clip-curator.js', ...args], { encoding: 'utf8' });

test('a merged shard output imports with its scores; the approved cut drives the cluster export', async ({ page }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-cluster-'));
  cli('demo', '--out', path.join(dir, 'demo'), '--seed', '5', '--count', '40');
  for (const i of [0, 1]) cli('score', path.join(dir, 'demo'), '--embeddings', '--shard', `${i}/2`, '--out', path.join(dir, 'parts'));
  cli('merge', path.join(dir, 'parts'), '--out', path.join(dir, 'merged'));
  const rows = readFileSync(path.join(dir, 'merged/metadata.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const pairs = rows.filter((r) => r.kind === 'pair').length;

  await page.goto('/?demo=0&backend=wasm');
  await page.keyboard.press('i');
  await page.getByTestId('folder-input').setInputFiles(path.join(dir, 'merged'));
  const report = page.getByTestId('import-report');
  await expect(report).toContainText(`Imported ${pairs} pairs`);
  await expect(report).toContainText(/Stored embeddings came with it \(reused, not computed again\): tiny-clip-(vit|cnn) \d+, tiny-clip-(vit|cnn) \d+\./);
  await expect(report).not.toContainText('vectors.npy');
  await page.getByLabel('Close import').click();
  // The scores came with the rows: the histogram is there, no model was run.
  await expect(page.getByTestId('histogram')).toBeVisible();
  await expect(page.getByTestId('threshold-panel')).not.toContainText('No scored pairs yet');
  // Scoring again encodes nothing: every image and caption embedding came from the cluster.
  await page.keyboard.press('s');
  await expect(page.getByRole('status')).toContainText(`Scored ${pairs} of ${pairs} pairs`, { timeout: 120_000 });
  await expect(page.getByRole('status')).toContainText(/embedded 0 images and 0 texts, reused \d+ images and \d+ texts/);

  // Accept one pair (an export needs one), approve the cut, export.
  await page.getByRole('radio', { name: /^pairs/ }).check();
  await page.keyboard.press('j');
  await page.keyboard.press('a');
  await page.locator('[data-command=approve-cut]').click();
  await expect(page.getByTestId('cut-approval')).toHaveText('approved by reviewer');
  const download = page.waitForEvent('download');
  await page.locator('[data-command=export]').click();
  const files = unzipSync(new Uint8Array(readFileSync((await (await download).path())!)));
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  expect(manifest.threshold).toMatchObject({ model: 'ensemble' });
  expect(manifest.threshold.approved).toBeTruthy();
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));

  // On the cluster: the training set holds exactly the pairs at or above the approved cut.
  cli('export', path.join(dir, 'merged'), '--format', 'jsonl', '--cut', path.join(dir, 'manifest.json'), '--out', path.join(dir, 'train'));
  const kept = readFileSync(path.join(dir, 'train/data.jsonl'), 'utf8').trim().split('\n').filter(Boolean).length;
  const want = rows.filter((r) => r.kind === 'pair' && r.status !== 'rejected' && r.scores?.ensemble >= manifest.threshold.value).length;
  expect(kept).toBe(want);
  expect(kept).toBeGreaterThan(0);
  expect(JSON.parse(readFileSync(path.join(dir, 'train/manifest.json'), 'utf8')).threshold).toMatchObject({
    model: 'ensemble',
    value: manifest.threshold.value,
  });
});
