// clip-curator negatives, headless: every type for a synthetic demo folder, negatives.jsonl and images written.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../core/png.ts';
import { NEGATIVE_TYPES } from '../core/negatives/types.ts';
import { runCli } from './testing.ts';

describe('clip-curator negatives', () => {
  it('writes the dataset, negatives.jsonl and negative images, with a JSON summary per type', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-neg-'));
    await runCli(['demo', '--out', path.join(dir, 'demo'), '--seed', '31', '--count', '40']);
    const out = path.join(dir, 'neg');
    const r = await runCli([
      'negatives',
      path.join(dir, 'demo'),
      '--types',
      NEGATIVE_TYPES.join(','),
      '--seed',
      '5',
      '--grid',
      '2',
      '--image-edits',
      '--json',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ command: 'negatives', provider: 'offline', generator: 'rules', seed: 5, grid: 2 });
    expect(summary.positives).toBeGreaterThan(10);
    expect(summary.skipped['verb: no known verb to change']).toBe(summary.positives);
    const lines = readFileSync(path.join(out, 'negatives.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(summary.made);
    const rows = readFileSync(path.join(out, 'metadata.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const files = new Set(rows.map((x) => x.file_name));
    for (const l of lines) {
      expect(files).toContain(l.file_name);
      expect(typeof l.text).toBe('string');
      expect(NEGATIVE_TYPES).toContain(l.type);
      expect(l.negative_text ?? l.negative_file_name).toBeTruthy();
      expect(typeof l.hardness).toBe('number');
      if (l.negative_file_name) expect(decodePng(readFileSync(path.join(out, l.negative_file_name))).width).toBeGreaterThan(0);
    }
    for (const t of NEGATIVE_TYPES.filter((t) => t !== 'verb'))
      expect(
        lines.some((l) => l.type === t),
        t,
      ).toBe(true);
    expect(lines.some((l) => l.family === 'image-edit')).toBe(true);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
    // Deterministic: the same seed gives the same negatives.
    const again = await runCli([
      'negatives',
      path.join(dir, 'demo'),
      '--types',
      'color,trigram-shuffle,patch-shuffle',
      '--seed',
      '5',
      '--grid',
      '2',
      '--json',
      '--out',
      path.join(dir, 'again'),
    ]);
    const againLines = readFileSync(path.join(dir, 'again', 'negatives.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const pick = (ls: { type: string; negative_text?: string; negative_file_name?: string }[]) =>
      ls
        .filter((l) => ['color', 'trigram-shuffle', 'patch-shuffle'].includes(l.type) && !('family' in l && (l as { family: string }).family === 'image-edit'))
        .map((l) => `${l.type}|${l.negative_text ?? l.negative_file_name}`)
        .sort();
    expect(again.code).toBe(0);
    expect(pick(againLines)).toEqual(pick(lines));
  }, 120_000);

  it('refuses an unknown type with the list of known ones', async () => {
    const r = await runCli(['negatives', '.', '--types', 'colour']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown negative type "colour" — use color, count/);
  });

  it('the same folder and seed give the same output twice, apart from timestamps (ids and seeds come from content)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-neg-same-'));
    const photos = path.resolve(__dirname, '../../fixtures/photos');
    const run = async (name: string) => {
      const r = await runCli([
        'negatives',
        photos,
        '--types',
        'color,count,negation,trigram-shuffle,patch-shuffle',
        '--seed',
        '11',
        '--threshold=-1',
        '--out',
        path.join(dir, name),
      ]);
      expect(r.code).toBe(0);
      const read = (f: string) => readFileSync(path.join(dir, name, f), 'utf8').replace(/"(createdAt|at)":"[^"]*"/g, '"$1":"…"');
      return { negatives: read('negatives.jsonl'), metadata: read('metadata.jsonl') };
    };
    const a = await run('a');
    const b = await run('b');
    expect(a.negatives.split('\n').length).toBeGreaterThan(5);
    expect(b.negatives).toBe(a.negatives);
    expect(b.metadata).toBe(a.metadata);
  });
});
