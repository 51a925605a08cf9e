import { describe, expect, it } from 'vitest';
import { recordChange } from '../listChange.ts';
import type { Item, ReviewStatus } from '../model.ts';
import { rng } from '../random.ts';
import { applyFilters, applyFiltersAfter, type CurationView, type Filtered, type Filters } from './filters.ts';

const STATUSES: ReviewStatus[] = ['pending', 'accepted', 'rejected'];

function makeItems(n: number, r: () => number): Item[] {
  return Array.from({ length: n }, (_, k) => {
    const kind = r() < 0.8 ? 'pair' : 'image';
    // Few distinct scores: long runs of equal keys, ordered by import order.
    const scores = r() < 0.85 ? { m: Math.round(r() * 20) / 20, n: r() } : undefined;
    // Import order with gaps, as after deletions.
    return {
      id: `i${k}`,
      datasetId: 'd',
      seq: 3 * k + Math.floor(r() * 3),
      kind,
      captions: [],
      status: STATUSES[Math.floor(r() * 3)],
      source: { file: 'f' },
      scores,
    } as Item;
  });
}

function decide(items: Item[], r: () => number, howMany: number): Item[] {
  const at = Array.from({ length: howMany }, () => Math.floor(r() * items.length));
  const out = items.slice();
  for (const k of at) {
    const status = STATUSES[Math.floor(r() * 3)];
    out[k] = { ...out[k], status, decision: status === 'pending' ? undefined : { status, by: 'x', at: 't', via: r() < 0.2 ? 'bulk' : undefined } };
  }
  return recordChange(out, items, at);
}

const view = (v: Partial<CurationView>): CurationView => ({ model: 'm', value: 0.5, scoreRange: null, sort: 'import', view: 'all', models: ['m', 'n'], ...v });

describe('the grid’s items after a decision, patched where it changed the list', () => {
  const cases: [string, Filters, CurationView][] = [
    ['everything in import order', { kind: 'all', status: 'all' }, view({})],
    ['the pending, worst first', { kind: 'all', status: 'pending' }, view({ sort: 'score-asc' })],
    ['the accepted pairs, best first', { kind: 'pair', status: 'accepted' }, view({ sort: 'score-desc' })],
    ['a histogram bin', { kind: 'all', status: 'all' }, view({ scoreRange: [0.3, 0.6], sort: 'score-asc' })],
    ['the reviewer against the cut', { kind: 'all', status: 'all' }, view({ view: 'disagree-reviewer' })],
    ['the models’ disagreement (derived again)', { kind: 'all', status: 'all' }, view({ sort: 'disagreement' })],
    ['the basic filters (derived again)', { kind: 'all', status: 'all', basics: { minWords: 1 } }, view({ sort: 'score-desc' })],
  ];
  for (const [name, f, c] of cases)
    it(`equals filtering again: ${name}`, () => {
      const r = rng(11);
      let items = makeItems(400, r);
      let last: Filtered = { items, f, c, out: applyFilters(items, f, c) };
      for (let step = 0; step < 80; step++) {
        items = decide(items, r, step % 7 === 6 ? 5 : 1);
        if (step % 9 === 8) items = decide(items, r, 2);
        const out = applyFiltersAfter(items, f, c, last);
        expect(out).toEqual(applyFilters(items, f, c));
        last = { items, f, c, out };
      }
    });

  it('filters again under other filters, for a changed score, or for a list not made by recorded changes', () => {
    const r = rng(5);
    const items = makeItems(300, r);
    const f: Filters = { kind: 'all', status: 'pending' };
    const c = view({ sort: 'score-asc' });
    const last: Filtered = { items, f, c, out: applyFilters(items, f, c) };
    const other: Filters = { kind: 'all', status: 'accepted' };
    expect(applyFiltersAfter(items, other, c, last)).toEqual(applyFilters(items, other, c));
    expect(applyFiltersAfter(items, f, view({ sort: 'score-desc' }), last)).toEqual(applyFilters(items, f, view({ sort: 'score-desc' })));
    const k = items.findIndex((i) => i.status === 'pending' && i.scores);
    const rescored = recordChange(items.slice(), items, [k]);
    rescored[k] = { ...items[k], scores: { m: 2, n: 0 } };
    expect(applyFiltersAfter(rescored, f, c, last)).toEqual(applyFilters(rescored, f, c));
    const copied = items.map((i) => ({ ...i, status: 'pending' as const }));
    expect(applyFiltersAfter(copied, f, c, last)).toEqual(applyFilters(copied, f, c));
  });
});
