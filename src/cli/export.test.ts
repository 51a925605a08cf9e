// clip-curator export: demo → negatives → every format, with the filter and the negatives from negatives.jsonl.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../core/export/formats.ts';
import { runCli } from './testing.ts';

describe('clip-curator export', () => {
  it('exports every format from a negatives folder, filters by score, and re-imports the pairs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-export-'));
    // Seed 61: four of its mismatched pairs have random captions (its other five are near-misses, which pass 0.3).
    await runCli(['demo', '--out', path.join(dir, 'demo'), '--seed', '61', '--count', '30']);
    await runCli(['negatives', path.join(dir, 'demo'), '--types', 'color,swap,patch-shuffle', '--out', path.join(dir, 'neg')]);
    const negLines = readFileSync(path.join(dir, 'neg', 'negatives.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const kept = negLines.filter((n) => !n.filtered).length;
    for (const format of EXPORT_FORMATS) {
      const all = await runCli(['export', path.join(dir, 'neg'), '--format', format, '--out', path.join(dir, `all-${format}`), '--shard-size', '5', '--json']);
      expect(all.code).toBe(0);
      const s = JSON.parse(all.out);
      const verified = JSON.parse(
        (await runCli(['export', path.join(dir, 'neg'), '--format', format, '--out', path.join(dir, `v-${format}`), '--min-score', '0.3', '--json'])).out,
      );
      expect(verified.pairs).toBeLessThan(s.pairs); // the randomly mismatched pairs score under 0.3
      expect(s.negativesRead).toBe(kept);
      expect(verified.negatives).toBe(kept); // negatives were made for verified pairs only
      const back = await runCli(['import', path.join(dir, `v-${format}`), '--json']);
      expect(JSON.parse(back.out).counts).toMatchObject({ pair: verified.pairs, image: 0, text: 0 });
    }
    const manifest = JSON.parse(readFileSync(path.join(dir, 'v-parquet', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'parquet', filter: 'not rejected, ensemble score ≥ 0.3', threshold: { model: 'ensemble', value: 0.3 } });
    // DataComp's basics: the demo's 128-px images all fail a 200-px shorter side; captions of 6+ words pass.
    const small = JSON.parse(
      (await runCli(['export', path.join(dir, 'neg'), '--format', 'jsonl', '--out', path.join(dir, 'b1'), '--min-side', '200', '--json'])).out,
    );
    expect(small.pairs).toBe(0);
    const words = await runCli([
      'export',
      path.join(dir, 'neg'),
      '--format',
      'jsonl',
      '--out',
      path.join(dir, 'b2'),
      '--min-words',
      '6',
      '--unique-captions',
      '--json',
    ]);
    const rows = readFileSync(path.join(dir, 'b2', 'data.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.length).toBe(JSON.parse(words.out).pairs);
    expect(rows.every((r) => r.text.split(/\s+/).length >= 6)).toBe(true);
    expect(new Set(rows.map((r) => r.text.toLowerCase())).size).toBe(rows.length);
    expect(JSON.parse(readFileSync(path.join(dir, 'b2', 'manifest.json'), 'utf8')).basics).toMatchObject({ minWords: 6, uniqueCaptions: true });
    expect((await runCli(['export', path.join(dir, 'neg'), '--format', 'jsonl', '--out', path.join(dir, 'b3'), '--max-aspect', '0'])).err).toMatch(
      /--max-aspect must be a number of at least 1/,
    );
    const refused = await runCli(['export', path.join(dir, 'neg'), '--format', 'csv', '--out', path.join(dir, 'x')]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/--format must be one of jsonl, openclip-csv/);
  }, 120_000);
});
