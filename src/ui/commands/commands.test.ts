import { keptIndex, scoreOrder } from '../../core/curation/threshold.ts';
import { describe, expect, it, vi } from 'vitest';
import type { QueryClient } from '@tanstack/react-query';
import { allCommands, commandById, commandForKey, type CommandContext } from './index.ts';
import type { Mutations } from '../../store/mutations.ts';

const order: string[] = [];

/** A context with fake UI state and mutations that record what they were asked to do. */
function ctx(): CommandContext & { mutate: { [K in keyof Mutations]: ReturnType<typeof vi.fn> } } {
  const ui = {
    screen: 'pairs',
    selectedId: 'i1',
    selectedNegativeId: null,
    marked: new Set(),
    reviewer: 'ann',
    select: vi.fn(() => void order.push('move')),
    selectNegative: vi.fn(),
    notify: vi.fn(),
  };
  const mutate = Object.fromEntries(
    ['decide', 'decideNegative', 'bulkDecide', 'undo', 'editCaption', 'revert', 'moveCut', 'approveCut', 'createDataset'].map((k) => [
      k,
      vi.fn(async () => {}),
    ]),
  );
  return {
    datasetId: 'd',
    dataset: undefined,
    item: undefined,
    negative: undefined,
    visible: [{ id: 'i1' }, { id: 'i2' }] as CommandContext['visible'],
    visibleNegatives: [],
    marked: 0,
    threshold: { pairs: [], pending: keptIndex(scoreOrder([]), () => true), value: 0, labels: [], curve: [], sorted: new Float64Array() },
    ui: (() => ui) as unknown as CommandContext['ui'],
    mutate: mutate as never,
    client: {} as QueryClient,
  };
}

describe('command registry', () => {
  it('maps each shortcut to exactly one command', () => {
    const keys = allCommands().flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
    expect(commandForKey({ key: 'a', ctrlKey: false, metaKey: false, altKey: false })?.id).toBe('accept');
    expect(commandForKey({ key: 'Z', ctrlKey: true, metaKey: false, altKey: false })?.id).toBe('undo');
    expect(commandForKey({ key: 'z', ctrlKey: false, metaKey: true, altKey: false })?.id).toBe('undo');
    expect(commandForKey({ key: '?', ctrlKey: false, metaKey: false, altKey: false })?.id).toBe('help');
    expect(commandForKey({ key: 'a', ctrlKey: false, metaKey: false, altKey: true })).toBeUndefined();
  });

  it('accept writes the decision, then moves to the next item', async () => {
    const c = ctx();
    order.length = 0;
    c.mutate.decide = vi.fn(async () => void order.push('decide')) as never;
    await commandById('accept').perform(c);
    expect(c.mutate.decide).toHaveBeenCalledWith({ item: c.visible[0], status: 'accepted', by: 'ann' });
    expect(order).toEqual(['decide', 'move']);
  });

  it('needs an item to accept, reject or edit, and a captioned kind to edit', () => {
    const c = ctx();
    expect(commandById('accept').enabled!(c)).toBe(false);
    c.item = { kind: 'text', status: 'pending' } as CommandContext['item'];
    expect(commandById('reject').enabled!(c)).toBe(true);
    expect(commandById('edit').enabled!(c)).toBe(false);
  });

  it('preprocesses the selection when there is one, even with no focused item', () => {
    const c = ctx();
    expect(commandById('route-item').enabled!(c)).toBe(false);
    expect(commandById('clear-marks').enabled!(c)).toBe(false);
    c.marked = 3;
    expect(commandById('accept').enabled!({ ...ctx(), negative: { status: 'pending' } })).toBe(true);
    expect(commandById('reset').enabled!({ ...ctx(), negative: { status: 'accepted' } })).toBe(true);
    expect(commandById('route-item').enabled!(c)).toBe(true);
    expect(commandForKey({ key: 'Escape', ctrlKey: false, metaKey: false, altKey: false })?.id).toBe('clear-marks');
    expect(commandForKey({ key: 'x', ctrlKey: false, metaKey: false, altKey: false })?.id).toBe('mark');
  });
});
