import { describe, expect, it } from 'vitest';
import { type Decision, type Item, withDecisionState } from './model.ts';

const item = (extra: Partial<Item> = {}): Item => ({
  id: 'a',
  datasetId: 'd',
  seq: 3,
  kind: 'pair',
  imageHash: 'h',
  captions: [{ text: 'a red circle', provenance: { origin: 'imported', at: 't0' } }],
  status: 'pending',
  source: { file: 'captions.jsonl', row: 4 },
  ...extra,
});

describe('withDecisionState', () => {
  const accepted: Decision = { status: 'accepted', by: 'ana', at: 't1', via: 'bulk' };

  it('puts a decision on an item with none, sharing every other field', () => {
    const was = item();
    const is = withDecisionState(was, { status: 'accepted', decision: accepted });
    expect(is).toEqual({ ...was, status: 'accepted', decision: accepted });
    expect(is.captions).toBe(was.captions);
    expect(was.status).toBe('pending');
    expect('decision' in was).toBe(false);
  });

  it('replaces a decision in place, and takes one away without leaving the field', () => {
    const was = item({ status: 'rejected', decision: { status: 'rejected', by: 'bo', at: 't0' } });
    const is = withDecisionState(was, { status: 'accepted', decision: accepted });
    expect(is.decision).toBe(accepted);
    expect(Object.keys(is)).toEqual(Object.keys(was));
    const back = withDecisionState(is, { status: 'pending' });
    expect(back.status).toBe('pending');
    expect('decision' in back).toBe(false);
    expect(is.decision).toBe(accepted);
    expect(withDecisionState(item(), { status: 'pending' })).toEqual(item());
  });
});
