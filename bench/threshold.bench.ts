// Threshold tuning at 100,000 scored pairs. Node: the cost of one threshold move (counts and precision/recall at the
// cut) and of a full recompute (histogram, sort, curve, suggestion with bootstrap); the borderline strip and the
// next-pair hint at each move, by a scan of every pair against the pairs put in score order once (and what that
// order costs when the pairs change); the sort of many distinct scores, radix against comparator. Chromium: frame times while the
// cut is dragged across the histogram, against the page's idle frame time. Prints figures; asserts nothing.

import { borderline, nextMostInformative, sortedScores } from '../src/core/curation/scans.ts';
import { borderlineIn, histogram, keptIndex, nearestKept, scoreOrder, suggestThreshold } from '../src/core/curation/threshold.ts';
import { cutState, precisionRecallCurve } from '../src/core/curation/view.ts';
import { orderByKey } from '../src/core/order.ts';
import { rng } from '../src/core/random.ts';
import { writeScoredFolder } from './fixture.ts';
import { histogramFrames, launch, servePreview, stopServer } from './browser.ts';

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
// The strip and the hint at each move: as the panel computed them before (every pair scanned, the undecided ones
// filtered out first) and from the score order.
const pairs = scores.map((score, i) => ({ id: String(i), score, status: i < LABELS ? 'accepted' : 'pending' }));
const orderMs = time(() => keptIndex(scoreOrder(pairs), (p) => p.status === 'pending'), 3);
const byScore = scoreOrder(pairs);
const pending = keptIndex(byScore, (p) => p.status === 'pending');
// A decision: new pair objects with the same scores; the earlier permutation is reused.
const decidedMs = time(() => {
  const next = pairs.map((p, i) => (i === 7 ? { ...p, status: 'rejected' } : p));
  keptIndex(scoreOrder(next, byScore), (p) => p.status === 'pending');
}, 3);
const scanMs = time(() => {
  const t = 0.2 + r() * 0.6;
  sink +=
    borderline(pairs, t, 4).above.length +
    (nextMostInformative(
      pairs.filter((p) => p.status === 'pending'),
      t,
    )
      ? 1
      : 0);
}, 5);
const orderedMs = time(() => {
  const t = 0.2 + r() * 0.6;
  sink += borderlineIn(byScore, t, 4).above.length + (nearestKept(pending, t) ? 1 : 0);
}, 20_000);
// The grid's score sort (and the score order above) sort many distinct keys: orderByKey's radix sort against the
// comparator sort of an index array it replaced.
const radixMs = time(() => orderByKey(N, (i) => scores[i]), 3);
const comparatorMs = time(() => Uint32Array.from({ length: N }, (_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b), 3);
console.log(
  JSON.stringify({
    bench: 'threshold-core (Node)',
    sortRadixMs: Math.round(radixMs),
    sortComparatorMs: Math.round(comparatorMs),
    sortComparatorOverRadix: Math.round((comparatorMs / radixMs) * 10) / 10,
    stripAndHintScanMs: Math.round(scanMs * 100) / 100,
    stripAndHintOrderedMicroseconds: Math.round(orderedMs * 1000 * 100) / 100,
    stripAndHintScanOverOrdered: Math.round(scanMs / orderedMs),
    scoreOrderWhenScoresChangeMs: Math.round(orderMs * 10) / 10,
    scoreOrderAfterADecisionMs: Math.round(decidedMs * 10) / 10,
    pairs: N,
    decisions: LABELS,
    oneMoveMicroseconds: Math.round(moveMs * 1000 * 100) / 100,
    fullRecomputeMs: Math.round(fullMs * 10) / 10,
    sink: sink > 0,
  }),
);

// Chromium: a dataset of N scored pairs (scores carried in metadata.jsonl), then drag the cut for two seconds.
const dir = writeScoredFolder('scored100k', scores, 1000, r);
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
  const idle = await histogramFrames(page, false);
  const drag = await histogramFrames(page, true);
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
