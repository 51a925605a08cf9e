import { describe, expect, it } from 'vitest';
import type { Item } from '../core/model.ts';
import { changedSince } from '../core/listChange.ts';
import { findItem, positionOf, rememberPosition, withReplaced } from './itemLists.ts';

const item = (seq: number, status: Item['status'] = 'pending'): Item =>
  ({ id: `id-${seq}`, datasetId: 'd', seq, kind: 'pair', captions: [], status, source: { file: 'm.jsonl', row: seq } }) as unknown as Item;

describe('withReplaced', () => {
  // Import order with gaps (deleted items), as a dataset's list is.
  const list = [0, 1, 2, 5, 6, 9, 10, 11].map((s) => item(s));

  it('puts each changed item in its place and keeps the other objects', () => {
    const changed = [item(9, 'accepted'), item(0, 'rejected')];
    const out = withReplaced(list, changed)!;
    expect(out).not.toBe(list);
    expect(out.map((i) => i.status)).toEqual(['rejected', 'pending', 'pending', 'pending', 'pending', 'accepted', 'pending', 'pending']);
    expect(out[5]).toBe(changed[0]);
    for (const k of [1, 2, 3, 4, 6, 7]) expect(out[k]).toBe(list[k]);
    expect(list[5].status).toBe('pending');
    // The positions go with the new list, for what is derived from it to be patched there.
    expect(changedSince(out, list)).toEqual([5, 0]);
    expect(changedSince(withReplaced(out, [item(1, 'accepted')])!, list)).toEqual([1, 5, 0]);
  });

  it('gives the same list from the pass with a map: many changes, an item not in the list, a list in another order', () => {
    const many = list.map((i) => ({ ...i, status: 'accepted' as const }));
    expect(withReplaced(list, many)).toEqual(many);
    const absent = [item(3, 'accepted'), item(6, 'accepted')];
    // The pass records nothing: what is derived from its list is derived again.
    expect(changedSince(withReplaced(list, absent)!, list)).toBeUndefined();
    expect(withReplaced(list, absent)!.map((i) => i.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'accepted', 'pending', 'pending', 'pending']);
    const shuffled = [list[4], list[0], list[7], list[2]];
    expect(withReplaced(shuffled, [item(11, 'rejected')])!.map((i) => `${i.seq}:${i.status}`)).toEqual(['6:pending', '0:pending', '11:rejected', '2:pending']);
    // Same seq, another id (a list of another dataset's items): not replaced.
    const other = { ...item(2, 'accepted'), id: 'elsewhere' };
    expect(withReplaced(list, [other])!.map((i) => i.status)).toEqual(list.map((i) => i.status));
  });

  it('puts many changes in import order in by one walk, the same as the pass with a map', () => {
    const long = Array.from({ length: 300 }, (_, k) => item(k * 2 + (k % 7 === 0 ? 1 : 0)));
    // Decisions only (a bulk command's), some for items not in the list, one of another dataset at a listed seq.
    const decisions = long
      .filter((_, k) => k % 3 !== 1)
      .map((i) => ({ id: i.id, datasetId: 'd', seq: i.seq, status: 'accepted' as const }))
      .concat([{ id: 'absent', datasetId: 'd', seq: 1001, status: 'accepted' as const }]);
    decisions.push({ id: 'other', datasetId: 'e', seq: long[10].seq, status: 'accepted' as const });
    decisions.sort((a, b) => a.seq - b.seq);
    const walked = withReplaced(long, decisions)!;
    const mapped = withReplaced(long, [...decisions].reverse())!;
    expect(walked).toEqual(mapped);
    expect(walked.filter((i) => i.status === 'accepted')).toHaveLength(200);
    expect(walked[10]).toBe(long[10]);
    // What a decision leaves is the same object; the list handed in is not changed.
    expect(walked[0].captions).toBe(long[0].captions);
    expect(walked[1]).toBe(long[1]);
    expect(long.every((i) => i.status === 'pending')).toBe(true);
  });

  it('leaves a missing list and an empty change alone', () => {
    expect(withReplaced(undefined, [item(1)])).toBeUndefined();
    expect(withReplaced(list, [])).toBe(list);
  });

  it('finds an item by its seq and id, in import order or not', () => {
    expect(findItem(list, { seq: 9, id: 'id-9' })).toBe(list[5]);
    expect(findItem([list[4], list[0], list[7]], { seq: 11, id: 'id-11' })).toBe(list[7]);
    expect(findItem(list, { seq: 2, id: 'elsewhere' })).toBeUndefined();
    expect(findItem(list, { seq: 3, id: 'id-3' })).toBeUndefined();
  });
});

describe('positionOf', () => {
  it('finds an id where it was last found, and by a pass where it moved or is new; -1 where it is gone', () => {
    const list = Array.from({ length: 1000 }, (_, s) => item(s));
    const reads: number[] = [];
    // A list that counts how many of its elements are read.
    const counted = (l: Item[]) =>
      new Proxy(l, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads.push(Number(key));
          return Reflect.get(target, key, receiver);
        },
      });
    expect(positionOf(counted(list), 'id-700')).toBe(700);
    expect(reads.length).toBeGreaterThan(700);
    // A decision's new list, every element where it was: one read.
    reads.length = 0;
    const decided = withReplaced(list, [item(700, 'accepted')])!;
    expect(positionOf(counted(decided), 'id-700')).toBe(700);
    expect(reads).toEqual([700]);
    // A filtered list where it stands elsewhere: found by the pass. Gone: -1.
    expect(positionOf(list.slice(100), 'id-700')).toBe(600);
    expect(positionOf(list.slice(0, 500), 'id-700')).toBe(-1);
    // The focus moved there: remembered without a pass.
    rememberPosition('id-3', 3);
    reads.length = 0;
    expect(positionOf(counted(list), 'id-3')).toBe(3);
    expect(reads).toEqual([3]);
  });
});
