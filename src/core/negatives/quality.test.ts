import { describe, expect, it } from 'vitest';
import { applyFilters, FILTER_REASONS, negativeReport, scoreNegatives } from './quality.ts';
import type { Negative } from './types.ts';

const neg = (over: Partial<Negative>): Negative => ({
  id: Math.random().toString(36),
  datasetId: 'd',
  itemId: 'i',
  family: 'compositional',
  type: 'color',
  modality: 'text',
  generator: 'rules',
  seed: 1,
  positiveText: 'a red cup',
  positiveImageHash: 'img',
  text: 'a blue cup',
  status: 'pending',
  createdAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('negative quality', () => {
  it('scores text negatives on the positive image and image negatives with the positive text; hardness = neg − pos', async () => {
    const table: Record<string, Record<string, number>> = {
      'img|a red cup': { a: 0.8, b: 0.6, ensemble: 0.7 },
      'img|a blue cup': { a: 0.7, b: 0.7, ensemble: 0.7 },
      'shuf|a red cup': { a: 0.2, b: 0.4, ensemble: 0.3 },
      'edit|a blue cup': { a: 0.9, b: 0.9, ensemble: 0.9 },
      'edit|a red cup': { a: 0.5, b: 0.5, ensemble: 0.5 },
    };
    const asked: string[] = [];
    const scored = await scoreNegatives(
      [
        neg({}),
        neg({ type: 'patch-shuffle', family: 'structure', modality: 'image', imageHash: 'shuf', text: undefined }),
        neg({ family: 'image-edit', modality: 'image', imageHash: 'edit' }),
      ],
      async (pairs) => pairs.map((p) => (asked.push(`${p.imageHash}|${p.text}`), table[`${p.imageHash}|${p.text}`] ?? null)),
    );
    expect(new Set(asked).size).toBe(asked.length); // each pair asked once
    expect(scored[0].hardness).toBeCloseTo(0);
    expect(scored[0].scores!.perModel).toEqual({ a: [0.8, 0.7], b: [0.6, 0.7] });
    expect(scored[1].hardness).toBeCloseTo(-0.4);
    expect(scored[2].scores).toMatchObject({ negative: 0.5, editMatch: 0.9 });
    expect(applyFilters(scored)[2].filtered).toBeUndefined(); // the edit reads as the negative caption
  });

  it('sets aside identical negatives, edits read as the original, and far easier outliers — never deleting', () => {
    const many = Array.from({ length: 10 }, (_, i) => neg({ hardness: -0.1 + i * 0.005 }));
    const easy = neg({ hardness: -0.9 });
    const same = neg({ text: 'A red cup!' });
    const badEdit = neg({ family: 'image-edit', modality: 'image', imageHash: 'e', scores: { positive: 0.7, negative: 0.6, editMatch: 0.5, perModel: {} } });
    const out = applyFilters([...many, easy, same, badEdit]);
    expect(out).toHaveLength(13);
    expect(out[10].filtered).toBe(FILTER_REASONS.easy);
    expect(out[11].filtered).toBe(FILTER_REASONS.identical);
    expect(out[12].filtered).toBe(FILTER_REASONS.edit);
    expect(out.slice(0, 10).every((n) => !n.filtered)).toBe(true);
  });

  it('reports counts per type and generator and the share the model gets wrong', () => {
    const rows = negativeReport([
      neg({ hardness: 0.1, status: 'accepted' }),
      neg({ hardness: -0.2 }),
      neg({ hardness: -0.1, status: 'rejected' }),
      neg({ hardness: 0.3, filtered: FILTER_REASONS.identical }),
      neg({ type: 'count', hardness: 0.05 }),
    ]);
    const color = rows.find((r) => r.type === 'color')!;
    expect(color).toMatchObject({ total: 4, kept: 3, accepted: 1, rejected: 1, scored: 3, filtered: { [FILTER_REASONS.identical]: 1 } });
    expect(color.modelWrong).toBeCloseTo(1 / 3);
    expect(rows.find((r) => r.type === 'count')!.modelWrong).toBe(1);
  });
});
