import { describe, expect, it } from 'vitest';
import type { DecisionChange } from './model.ts';
import { DecisionPacker, packRefs, unpackDecisions, unpackRefs } from './packed.ts';

const packDecisions = (datasetId: string, changes: DecisionChange[]) => {
  const packer = new DecisionPacker(datasetId);
  for (const c of changes) packer.add(c.id, c.seq, c);
  return packer.done();
};

describe('packed decisions', () => {
  it('come back from a message as the decisions handed in, each distinct decision once', () => {
    const bulk = { status: 'accepted' as const, by: 'ana', at: '2026-12-01T00:00:00Z', via: 'bulk' as const };
    const changes: DecisionChange[] = [
      { id: 'a', datasetId: 'd', seq: 0, status: 'accepted', decision: bulk },
      { id: 'b', datasetId: 'd', seq: 7, status: 'pending' },
      { id: 'c', datasetId: 'd', seq: 2 ** 40, status: 'accepted', decision: { ...bulk } },
      { id: 'e', datasetId: 'd', seq: 9, status: 'rejected', decision: { status: 'rejected', by: 'bo', at: 't' } },
    ];
    const packed = structuredClone(packDecisions('d', changes));
    expect(packed.states).toHaveLength(3);
    const back = unpackDecisions(packed);
    expect(back).toEqual(changes);
    expect(back[0].decision).toBe(back[2].decision);
    expect('decision' in back[1]).toBe(false);
    expect(unpackDecisions(packDecisions('d', []))).toEqual([]);
  });

  it('tell apart a run of one decision object from the next decision, even with the same status', () => {
    const one = { status: 'accepted' as const, by: 'ana', at: 't1', via: 'bulk' as const };
    const two = { status: 'accepted' as const, by: 'bo', at: 't2', via: 'bulk' as const };
    const packer = new DecisionPacker('d');
    packer.add('a', 0, { status: 'accepted', decision: one });
    packer.add('b', 1, { status: 'accepted', decision: one });
    packer.add('c', 2, { status: 'accepted', decision: two });
    packer.add('e', 3, { status: 'pending' });
    packer.add('f', 4, { status: 'accepted', decision: one });
    const back = unpackDecisions(packer.done());
    expect(back.map((c) => c.decision?.by ?? null)).toEqual(['ana', 'ana', 'bo', null, 'ana']);
    expect(packer.done().states).toHaveLength(3);
    expect(packer.size).toBe(5);
  });
});

describe('packed refs', () => {
  it('keep one dataset’s refs, with or without a seq', () => {
    const refs = [
      { id: 'a', datasetId: 'd', seq: 3 },
      { id: 'x', datasetId: 'other', seq: 1 },
      { id: 'b', datasetId: 'd' },
      { id: 'c', datasetId: 'd', seq: 0 },
    ];
    const packed = structuredClone(packRefs('d', refs));
    expect(packed.ids).toEqual(['a', 'b', 'c']);
    expect(unpackRefs('d', packed)).toEqual([refs[0], refs[2], refs[3]]);
  });
});
