import { describe, expect, it } from 'vitest';
import type { DecisionChange } from '../core/model.ts';
import { packDecisions, unpackDecisions } from './decisionsProtocol.ts';

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
});
