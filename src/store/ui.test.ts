import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';

// The settings openDataset keeps (localStorage, as a browser has it).
const stored = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (k: string) => stored.get(k) ?? null,
  setItem: (k: string, v: string) => void stored.set(k, v),
  removeItem: (k: string) => void stored.delete(k),
});
const { useUi } = await import('./ui.ts');

describe('useUi', () => {
  it('a notice stays while its dataset is open and goes when another one is opened', () => {
    const ui = () => useUi.getState();
    ui().openDataset('a');
    ui().notify('Scored 6 of 6 pairs');
    ui().openDataset('a');
    expect(ui().notice?.text).toBe('Scored 6 of 6 pairs');
    ui().openDataset('b');
    expect(ui().notice).toBeNull();
    expect(stored.get('cc.datasetId')).toBe('b');
    // Given after the switch (the demo's "Demo loaded", a deletion's report), it stays.
    ui().notify('Deleted “a”');
    expect(ui().notice?.text).toBe('Deleted “a”');
  });
});
