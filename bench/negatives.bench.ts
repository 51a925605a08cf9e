// Hard negatives on the demo data (seed 1, 200 items; the pairs that score ≥ 0.3): for each type, how many were made,
// how many per second (generation only; scoring apart), and the share of kept negatives each tiny model (and their
// ensemble) scores at or above the positive — the ones worth training on. Prints figures; asserts nothing.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../src/cli/main.ts';
import { NEGATIVE_TYPES } from '../src/core/negatives/types.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-neg-'));
const quiet = { out: () => {}, err: (s: string) => console.error(s) };
await main(['demo', '--out', path.join(dir, 'demo'), '--seed', '1', '--count', '200'], quiet);
let json = '';
const t0 = performance.now();
const code = await main(
  ['negatives', path.join(dir, 'demo'), '--types', NEGATIVE_TYPES.join(','), '--image-edits', '--seed', '1', '--json', '--out', path.join(dir, 'neg')],
  { out: (s) => void (json = s), err: (s) => console.error(s) },
);
if (code !== 0) throw new Error(`negatives failed (${code})`);
const s = JSON.parse(json);
console.log(
  `negatives for ${s.positives} demo pairs: ${s.made} made, ${s.setAside} set aside by the filters, in ${((performance.now() - t0) / 1000).toFixed(1)} s with scoring (generation ${(s.generateMs / 1000).toFixed(1)} s)`,
);
const pct = (x: number | undefined) => (x === undefined ? '   –' : `${(x * 100).toFixed(0).padStart(3)}%`);
console.log('type                          made  kept   per s   wrong: ensemble  vit   cnn');
for (const [type, r] of Object.entries(s.perType) as [string, { made: number; kept: number; perSecond: number | null; modelWrong: Record<string, number> }][]) {
  console.log(
    `${type.padEnd(28)} ${String(r.made).padStart(5)} ${String(r.kept).padStart(5)} ${String(r.perSecond ?? '–').padStart(7)}          ${pct(r.modelWrong.ensemble)}  ${pct(r.modelWrong['tiny-clip-vit'])}  ${pct(r.modelWrong['tiny-clip-cnn'])}`,
  );
}
