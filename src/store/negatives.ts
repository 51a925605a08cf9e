// The hard-negatives screen's state: generation options (remembered), what is shown, and the running generation.

import { create } from 'zustand';
import { DEFAULT_NEGATIVE_OPTIONS, type NegativeOptions } from '../core/negatives/generate.ts';

export type NegativeSort = 'hardness' | 'type' | 'item';

interface NegativesState {
  options: NegativeOptions;
  showFiltered: boolean;
  sort: NegativeSort;
  typeFilter: string;
  progress: string | null;
  /** A generation is running (one at a time). */
  running: boolean;
  /** Negatives are being scored (the Cancel button stops it). */
  scoring: boolean;
  setOptions: (o: Partial<NegativeOptions>) => void;
  set: (s: Partial<Pick<NegativesState, 'showFiltered' | 'sort' | 'typeFilter' | 'progress' | 'running' | 'scoring'>>) => void;
}

function savedOptions(): NegativeOptions {
  try {
    const v = typeof localStorage === 'undefined' ? null : localStorage.getItem('cc.negativeOptions');
    return v ? { ...DEFAULT_NEGATIVE_OPTIONS, ...JSON.parse(v) } : DEFAULT_NEGATIVE_OPTIONS;
  } catch {
    return DEFAULT_NEGATIVE_OPTIONS;
  }
}

export const useNegatives = create<NegativesState>((set, get) => ({
  options: savedOptions(),
  showFiltered: false,
  sort: 'hardness',
  typeFilter: 'all',
  progress: null,
  running: false,
  scoring: false,
  setOptions: (o) => {
    const options = { ...get().options, ...o };
    localStorage.setItem('cc.negativeOptions', JSON.stringify(options));
    set({ options });
  },
  set: (s) => set(s),
}));

import type { Negative } from '../core/negatives/types.ts';

/** What the list shows, in order: hardest first (unscored last), by type, or by item. */
export function visibleNegatives(list: Negative[], s: { showFiltered: boolean; sort: NegativeSort; typeFilter: string }): Negative[] {
  const out = list.filter(
    (n) =>
      (s.showFiltered || !n.filtered) && (s.typeFilter === 'all' || n.type === s.typeFilter || (s.typeFilter === 'image-edit' && n.family === 'image-edit')),
  );
  const h = (n: Negative) => n.hardness ?? -Infinity;
  if (s.sort === 'hardness') return out.sort((a, b) => h(b) - h(a) || a.id.localeCompare(b.id));
  if (s.sort === 'type') return out.sort((a, b) => a.type.localeCompare(b.type) || h(b) - h(a));
  return out.sort((a, b) => a.itemId.localeCompare(b.itemId) || a.type.localeCompare(b.type));
}
