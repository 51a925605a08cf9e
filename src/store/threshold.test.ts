import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Item } from '../core/model.ts';
import { sameModels, sameScores, scoredModels } from './threshold.ts';

const item = (seq: number, scores?: Record<string, number>): Item =>
  ({ id: `id-${seq}`, seq, kind: 'pair', status: 'pending', captions: [], scores }) as unknown as Item;

describe('the threshold model’s list of scored models', () => {
  it('names every model that scored an item, the ensemble first', () => {
    const items = [item(0, { 'tiny-clip-vit': 0.3, ensemble: 0.3 }), item(1), item(2, { 'a-model': 0.1, 'tiny-clip-vit': 0.2, ensemble: 0.2 })];
    expect(scoredModels(items)).toEqual(['ensemble', 'a-model', 'tiny-clip-vit']);
    expect(scoredModels([item(0)])).toEqual([]);
  });

  it('is read again only when some item’s scores are not the same object', () => {
    const items = [item(0, { m: 0.3, ensemble: 0.3 }), item(1, { m: 0.5, ensemble: 0.5 })];
    // A decision: a new item object, the same scores.
    const decided = [items[0], { ...items[1], status: 'accepted' as const }];
    expect(sameScores(items, decided)).toBe(true);
    // Scores written again (a new model), a list of another length: read again.
    expect(sameScores(items, [items[0], { ...items[1], scores: { m: 0.5, n: 0.1, ensemble: 0.3 } }])).toBe(false);
    expect(sameScores(items, items.slice(0, 1))).toBe(false);
  });

  it('tells whether a changed item names the same models (its saved version has a copy of its scores)', () => {
    expect(sameModels({ m: 0.3, ensemble: 0.3 }, { ensemble: 0.1, m: 0.2 })).toBe(true);
    expect(sameModels(undefined, undefined)).toBe(true);
    expect(sameModels({ m: 0.3 }, { m: 0.3, n: 0.1 })).toBe(false);
    expect(sameModels({ m: 0.3, n: 0.1 }, { m: 0.3 })).toBe(false);
    expect(sameModels({ m: 0.3 }, { n: 0.3 })).toBe(false);
    expect(sameModels({ m: 0.3 }, undefined)).toBe(false);
    expect(sameModels(undefined, {})).toBe(false);
  });
});
