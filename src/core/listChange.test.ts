import { describe, expect, it } from 'vitest';
import { changedSince, recordChange } from './listChange.ts';

describe('changedSince', () => {
  const base = ['a', 'b', 'c', 'd'];

  it('gives the positions a recorded change replaced, over a few changes in a row', () => {
    const one = recordChange(['a', 'B', 'c', 'd'], base, [1]);
    const two = recordChange(['a', 'B', 'c', 'D'], one, [3]);
    expect(changedSince(one, base)).toEqual([1]);
    expect(changedSince(two, one)).toEqual([3]);
    expect(changedSince(two, base)).toEqual([3, 1]);
    expect(changedSince(two, two)).toEqual([]);
  });

  it('says nothing for lists it cannot tell about: unrecorded, from another list, another length, none', () => {
    const one = recordChange(['a', 'B', 'c', 'd'], base, [1]);
    expect(changedSince(['a', 'B', 'c', 'd'], base)).toBeUndefined();
    expect(changedSince(one, ['a', 'b', 'c', 'd'])).toBeUndefined();
    expect(changedSince(base, one)).toBeUndefined();
    expect(changedSince(recordChange(['a', 'b'], base, [1]), base)).toBeUndefined();
    expect(changedSince(one, undefined)).toBeUndefined();
  });

  it('stops following a long chain back', () => {
    let list = base;
    for (let i = 0; i < 40; i++) list = recordChange(list.slice(), list, [i % 4]);
    expect(changedSince(list, base)).toBeUndefined();
  });
});
