// Threshold tuning at 100,000 scored pairs. Node: the cost of one threshold move (counts and precision/recall at the
// cut) and of a full recompute (histogram, sort, curve, suggestion with bootstrap). Chromium: frame times while the
// cut is dragged across the histogram, against the page's idle frame time. Prints figures; asserts nothing.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { histogram, sortedScores, suggestThreshold } from '../src/core/curation/threshold.ts';
import { cutState, precisionRecallCurve } from '../src/core/curation/view.ts';
import { rng } from '../src/core/random.ts';
import { patternPng } from './fixture.ts';
import { launch, servePreview, stopServer } from './browser.ts';

const N = Number(process.env.ROWS ?? 100_000);
const LABELS = 2_000;
const r = rng(9);
const scores = Array.from({ length: N }, () => (r() < 0.75 ? 0.55 + 0.3 * r() : 0.05 + 0.4 * r()));
const labeled = Array.from({ length: LABELS }, (_, i) => ({ score: scores[i], accepted: scores[i] + (r() - 0.5) * 0.2 > 0.5 }));

const time = (f: () => void, reps: number) => {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t0) / reps;
};
let sorted = sortedScores(scores);
let curve = precisionRecallCurve(labeled);
const fullMs = time(() => {
  histogram(scores, 50);
  sorted = sortedScores(scores);
  curve = precisionRecallCurve(labeled);
  suggestThreshold(labeled, { rule: 'best-f1' });
}, 5);
let sink = 0;
const moveMs = time(() => (sink += cutState(sorted, curve, 0.2 + r() * 0.6).kept), 20_000);
console.log(
  JSON.stringify({
    bench: 'threshold-core (Node)',
    pairs: N,
    decisions: LABELS,
    oneMoveMicroseconds: Math.round(moveMs * 1000 * 100) / 100,
    fullRecomputeMs: Math.round(fullMs * 10) / 10,
    sink: sink > 0,
  }),
);

// Chromium: a dataset of N scored pairs (scores carried in metadata.jsonl), then drag the cut for two seconds.
const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cc-thr-')), 'scored100k');
mkdirSync(path.join(dir, 'images'), { recursive: true });
for (let i = 0; i < 1000; i++) writeFileSync(path.join(dir, `images/${i}.png`), patternPng(i));
writeFileSync(
  path.join(dir, 'metadata.jsonl'),
  `${scores.map((s, i) => JSON.stringify({ file_name: `images/${i % 1000}.png`, text: `pair ${i}`, kind: 'pair', scores: { 'tiny-clip-vit': s, 'tiny-clip-cnn': s * 0.9 + 0.05 * r(), ensemble: s } })).join('\n')}\n`,
);
const PORT = 4183;
const server = await servePreview(PORT);
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`http://127.0.0.1:${PORT}/?demo=0`);
  await page.getByText('CLIP Curator').first().waitFor();
  await page.keyboard.press('i');
  await page.getByTestId('folder-input').setInputFiles(dir);
  await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
  await page.getByLabel('Close import').click();
  await page.getByTestId('histogram').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1000);
  const box = (await page.getByTestId('histogram').boundingBox())!;
  const frames = async (drag: boolean) => {
    await page.evaluate(
      `window.__frames = []; (() => { let last = performance.now(); const step = (now) => { window.__frames.push(now - last); last = now; if (window.__frames.length < 400) requestAnimationFrame(step); }; requestAnimationFrame(step); })()`,
    );
    const t0 = Date.now();
    if (drag) {
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
      await page.mouse.down();
      for (let i = 0; Date.now() - t0 < 2000; i++) await page.mouse.move(box.x + box.width * (0.2 + 0.6 * Math.abs(Math.sin(i / 20))), box.y + box.height / 2);
      await page.mouse.up();
    } else await page.waitForTimeout(2000);
    const f = (await page.evaluate('window.__frames.slice(1)')) as number[];
    f.sort((a, b) => a - b);
    return { frames: f.length, p50: Math.round(f[Math.floor(f.length / 2)] * 10) / 10, p95: Math.round(f[Math.floor(f.length * 0.95)] * 10) / 10 };
  };
  const idle = await frames(false);
  const drag = await frames(true);
  console.log(
    JSON.stringify({
      bench: 'threshold-drag (headless Chromium)',
      pairs: N,
      idleFrameMs: idle,
      dragFrameMs: drag,
      dragOverIdleP50: Math.round((drag.p50 / idle.p50) * 100) / 100,
    }),
  );
} finally {
  await browser.close();
  stopServer(server);
}
