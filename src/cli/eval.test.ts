// clip-curator eval: on a negatives folder (every type, models side by side) and on SugarCrepe-format files.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rewriteCaption } from '../core/negatives/rules.ts';
import { runCli } from './testing.ts';

describe('clip-curator eval', () => {
  it('evaluates a negatives folder per type and model, and SugarCrepe files with their images', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-eval-'));
    await runCli(['demo', '--out', path.join(dir, 'demo'), '--seed', '51', '--count', '40']);
    await runCli(['negatives', path.join(dir, 'demo'), '--types', 'color,count,patch-shuffle', '--image-edits', '--out', path.join(dir, 'neg')]);
    const r = await runCli(['eval', path.join(dir, 'neg'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.results.map((m: { model: string }) => m.model).sort()).toEqual(['ensemble', 'tiny-clip-cnn', 'tiny-clip-vit']);
    const ens = out.results.find((m: { model: string }) => m.model === 'ensemble');
    expect(Object.keys(ens.perType).sort()).toEqual(['color', 'color (image edit)', 'count', 'count (image edit)', 'patch-shuffle']);
    expect(ens.overall.accuracy).toBeGreaterThan(0.5); // the tiny models know colours and counts of their world
    expect(ens.winoground.n).toBeGreaterThan(0);
    const table = await runCli(['eval', path.join(dir, 'neg')]);
    expect(table.out).toMatch(/winoground group/);

    // SugarCrepe format: {id: {filename, caption, negative_caption}}, images in a folder.
    const rows = readFileSync(path.join(dir, 'demo', 'metadata.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((x) => x.kind === 'pair' && x.match);
    const sc: Record<string, unknown> = {};
    rows.forEach((x, i) => {
      const neg = rewriteCaption(x.text, 'color', i);
      if (neg) sc[String(i)] = { filename: x.file_name, caption: x.text, negative_caption: neg.text };
    });
    sc.broken = { filename: 'x.png' };
    writeFileSync(path.join(dir, 'replace_att.json'), JSON.stringify(sc));
    const s = await runCli(['eval', '--sugarcrepe', path.join(dir, 'replace_att.json'), '--images', path.join(dir, 'demo'), '--json']);
    expect(s.code).toBe(0);
    const so = JSON.parse(s.out);
    expect(so.results[0].perType.replace_att.n).toBe(Object.keys(sc).length - 1);
    expect(so.errors[0]).toMatch(/replace_att #broken: needs/);
  }, 120_000);

  it('--near-miss: every model and the ensemble, paired accuracy and AUC for every type, on a held-out seed', async () => {
    const r = await runCli(['eval', '--near-miss', '--pairs', '60', '--seed', '778', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({ benchmark: 'near-miss', seed: 778, pairs: 60 });
    expect(out.results.map((m: { model: string }) => m.model).sort()).toEqual(['ensemble', 'tiny-clip-cnn', 'tiny-clip-vit']);
    for (const m of out.results) {
      expect(Object.keys(m.perType).sort()).toEqual(['color', 'count', 'negation', 'relation', 'shape', 'size', 'swap']);
      for (const t of Object.values(m.perType) as { n: number; accuracy: number; auc: number }[]) {
        expect(t.n).toBeGreaterThan(0);
        expect(t.accuracy).toBeGreaterThanOrEqual(0);
        expect(t.accuracy).toBeLessThanOrEqual(1);
      }
      // The bundled models know their world's colours.
      expect(m.perType.color.accuracy).toBeGreaterThan(0.8);
    }
    const table = await runCli(['eval', '--near-miss', '--pairs', '20']);
    expect(table.out).toMatch(/near-miss benchmark: 20 held-out pairs \(seed 777\)/);
    expect(table.out).toMatch(/^ensemble\s+\d+% \(\d\.\d\d\)/m);
    expect((await runCli(['eval', '--near-miss', '--pairs', 'lots'])).code).toBe(1);
  });
});
