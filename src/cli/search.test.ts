// clip-curator search: a text prompt ranks the demo's images (JSON lines, best first); an image ranks itself first.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing.ts';

describe('clip-curator search', () => {
  it('ranks by a text prompt and by an image, best first, with file_name, caption and score', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-search-'));
    const demo = path.join(dir, 'demo');
    await runCli(['demo', '--out', demo, '--seed', '41', '--count', '40']);
    const byText = await runCli(['search', demo, '--text', 'a red circle', '--top', '5', '--json']);
    expect(byText.code).toBe(0);
    const rows = byText.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file_name: string; text: string | null; score: number });
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r.score)).toEqual([...rows.map((r) => r.score)].sort((a, b) => b - a));
    // The demo's ground truth: what each image really shows.
    const truth = new Map(
      readFileSync(path.join(demo, 'metadata.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((r) => [r.file_name, String(r.true_caption ?? r.text ?? '')]),
    );
    const red = rows.filter((r) => /red/.test(truth.get(r.file_name) ?? '')).length;
    expect(red, JSON.stringify(rows.map((r) => truth.get(r.file_name)))).toBeGreaterThanOrEqual(3);

    const image = path.join(demo, rows[3].file_name);
    const byImage = await runCli(['search', demo, '--image', image, '--top', '1', '--json']);
    const best = JSON.parse(byImage.out.trim());
    expect(best.file_name).toBe(rows[3].file_name);
    expect(best.score).toBeGreaterThan(0.999);
    expect((await runCli(['search', demo])).code).toBe(1);
  });
});
