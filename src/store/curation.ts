// The threshold being tuned (zustand: it changes on every pointer move) and the saved cut (IndexedDB, react-query).

import { useQuery, type QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import type { Cut } from '../core/model.ts';
import { db } from './database.ts';
import { loadCut } from '../persist/repo.ts';

export type SortOrder = 'import' | 'score-desc' | 'score-asc' | 'disagreement';
export type View = 'all' | 'disagree-reviewer' | 'model-disagreement';

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
  set: (s) => set(s),
}));

export const cutKey = (datasetId: string) => ['cut', datasetId] as const;

export function useCut(datasetId: string | null) {
  return useQuery({ queryKey: cutKey(datasetId ?? ''), queryFn: async () => (await loadCut(db, datasetId!)) ?? null, enabled: !!datasetId });
}

export function showSavedCut(client: QueryClient, cut: Cut) {
  client.setQueryData(cutKey(cut.datasetId), cut);
}
