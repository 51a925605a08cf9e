// What the screen needs right now: the open dataset, filters, selection, open overlays. Data lives in IndexedDB.

import { durableReady, setDurable } from './durable.ts';
import { create } from 'zustand';
import type { Filters } from '../core/curation/filters.ts';

export type { Filters };

export type Overlay = 'help' | 'import' | 'settings' | 'prompts' | 'export' | 'evaluate' | 'dataset' | null;

interface UiState {
  datasetId: string | null;
  filters: Filters;
  selectedId: string | null;
  /** The multi-selection for batch commands (x, Ctrl-click, Shift-click); the focused item is selectedId. */
  marked: ReadonlySet<string>;
  overlay: Overlay;
  /** The review grid of items, or the hard negatives. */
  screen: 'pairs' | 'negatives';
  selectedNegativeId: string | null;
  setScreen: (s: 'pairs' | 'negatives') => void;
  selectNegative: (id: string | null) => void;
  editing: boolean;
  reviewer: string;
  /** A message for the status line: what just happened, or what went wrong and what to do. */
  notice: { text: string; tone: 'info' | 'error' } | null;
  openDataset: (id: string | null) => void;
  setFilters: (f: Partial<Filters>) => void;
  select: (id: string | null) => void;
  toggleMark: (id: string) => void;
  mark: (ids: string[]) => void;
  clearMarks: () => void;
  setOverlay: (o: Overlay) => void;
  setEditing: (e: boolean) => void;
  setReviewer: (name: string) => void;
  notify: (text: string, tone?: 'info' | 'error') => void;
}

const saved = (key: string) => (typeof localStorage === 'undefined' ? null : localStorage.getItem(key));

// After a crash, IndexedDB may hold a newer open dataset or reviewer than localStorage had at load.
void durableReady.then(() => {
  const datasetId = saved('cc.datasetId');
  const reviewer = saved('cc.reviewer') || 'reviewer';
  const now = useUi.getState();
  if (datasetId !== now.datasetId || reviewer !== now.reviewer) useUi.setState({ datasetId, reviewer });
});

export const useUi = create<UiState>((set) => ({
  datasetId: saved('cc.datasetId'),
  filters: { kind: 'all', status: 'all', basics: savedBasics() },
  selectedId: null,
  marked: new Set(),
  overlay: null,
  screen: saved('cc.screen') === 'negatives' ? 'negatives' : 'pairs',
  selectedNegativeId: null,
  setScreen: (screen) => {
    localStorage.setItem('cc.screen', screen);
    set({ screen, editing: false });
  },
  selectNegative: (selectedNegativeId) => set({ selectedNegativeId }),
  editing: false,
  reviewer: saved('cc.reviewer') || 'reviewer',
  notice: null,
  openDataset: (id) => {
    setDurable('cc.datasetId', id);
    // A notice is about the dataset it was given on ("Scored 6 of 6 pairs"): another dataset does not show it.
    set((s) => ({ datasetId: id, selectedId: null, marked: new Set(), editing: false, ...(s.datasetId === id ? {} : { notice: null }) }));
  },
  setFilters: (f) => {
    // The data basics are a curation choice that outlives the page (the kind and status tabs are not).
    if ('basics' in f && typeof localStorage !== 'undefined') {
      if (f.basics) localStorage.setItem('cc.basics', JSON.stringify(f.basics));
      else localStorage.removeItem('cc.basics');
    }
    set((s) => ({ filters: { ...s.filters, ...f } }));
  },
  select: (id) => set({ selectedId: id, editing: false }),
  toggleMark: (id) =>
    set((s) => {
      const marked = new Set(s.marked);
      if (!marked.delete(id)) marked.add(id);
      return { marked };
    }),
  mark: (ids) => set((s) => ({ marked: new Set([...s.marked, ...ids]) })),
  clearMarks: () => set({ marked: new Set() }),
  setOverlay: (overlay) => set({ overlay }),
  setEditing: (editing) => set({ editing }),
  setReviewer: (name) => {
    setDurable('cc.reviewer', name);
    set({ reviewer: name });
  },
  notify: (text, tone = 'info') => set({ notice: { text, tone } }),
}));

function savedBasics(): Filters['basics'] {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem('cc.basics') : null;
    return raw ? (JSON.parse(raw) as Filters['basics']) : undefined;
  } catch {
    return undefined;
  }
}
