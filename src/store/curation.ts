// The threshold being tuned (zustand: it changes on every pointer move); the saved cut is read through queries.ts.

import { create } from 'zustand';

import type { SortOrder, View } from '../core/curation/filters.ts';

export type { SortOrder, View };

interface CurationState {
  /** The score the cut applies to: 'ensemble' or a model id. */
  model: string;
  mode: 'absolute' | 'top';
  /** The threshold on screen, possibly mid-drag (not yet saved). Null until a cut exists or is set. */
  value: number | null;
  topFraction: number;
  dragging: boolean;
  /** A histogram bin the grid is filtered to. */
  scoreRange: [number, number] | null;
  sort: SortOrder;
  view: View;
  rule: 'best-f1' | 'min-precision';
  targetPrecision: number;
  /** The threshold panel shows only its first row (more of the grid on small screens). */
  collapsed: boolean;
  set: (s: Partial<Omit<CurationState, 'set'>>) => void;
}

export const useCuration = create<CurationState>((set) => ({
  model: 'ensemble',
  mode: 'absolute',
  value: null,
  topFraction: 0.8,
  dragging: false,
  scoreRange: null,
  sort: 'import',
  view: 'all',
  rule: 'best-f1',
  targetPrecision: 0.9,
  collapsed: typeof localStorage !== 'undefined' && localStorage.getItem('cc.thresholdCollapsed') === '1',
  set: (s) => {
    if (s.collapsed !== undefined) localStorage.setItem('cc.thresholdCollapsed', s.collapsed ? '1' : '0');
    set(s);
  },
}));
