import { describe, expect, it, vi } from 'vitest';
import { allCommands, commandById, commandForKey, type CommandContext } from './commands.ts';

function ctx(): CommandContext {
  return { item: undefined, decide: vi.fn(async () => {}), startEdit: vi.fn(), move: vi.fn(), undo: vi.fn(async () => {}), toggleHelp: vi.fn(), openImport: vi.fn(), exportAccepted: vi.fn(), openExport: vi.fn(), openEvaluate: vi.fn(), score: vi.fn(), loadDemo: vi.fn(), openSettings: vi.fn(), acceptAbove: vi.fn(async () => {}), rejectBelow: vi.fn(async () => {}), nextInformative: vi.fn(), approveCut: vi.fn(async () => {}), runRoutes: vi.fn(async () => {}), routeItem: vi.fn(async () => {}), revert: vi.fn(async () => {}), marked: 0, toggleMark: vi.fn(), clearMarks: vi.fn(), showNegatives: vi.fn(), hasScores: false };
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
    const order: string[] = [];
    c.decide = vi.fn(async () => void order.push('decide'));
    c.move = vi.fn(() => void order.push('move'));
    await commandById('accept').perform(c);
    expect(c.decide).toHaveBeenCalledWith('accepted');
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
