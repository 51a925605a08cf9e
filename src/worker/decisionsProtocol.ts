// The decisions worker's interface, as the page sees it through Comlink: bulk commands and undo.

import { type DecisionChange, decisionState, type DecisionState, type Item } from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import type { ItemRef } from '../persist/items.ts';

export interface DecisionsWorkerApi {
  /** A bulk decision (see persist/repo.ts bulkDecide); hands back the decisions. */
  bulkDecide(request: BulkDecideRequest): Promise<{ changed: PackedDecisions; skipped: number }>;
  /** Undo the tab's last change (see persist/repo.ts undoLast): the items it restored whole, and the decisions. */
  undo(request: UndoRequest): Promise<{ items: Item[]; decisions: PackedDecisions; negatives: Negative[] }>;
}

export interface BulkDecideRequest {
  datasetId: string;
  items: ItemRef[];
  status: 'accepted' | 'rejected';
  by: string;
  label: string;
  /** The page's tab: its log records carry it (the worker has none of its own). */
  tab?: string;
}

/**
 * Decisions saved on many items, as one message carries them: the ids, the seqs in a typed array, and each item's
 * decision as an index into the few distinct ones. 500,000 DecisionChange objects took 2.6 s to go from the worker to
 * the page.
 */
export interface PackedDecisions {
  datasetId: string;
  ids: string[];
  seqs: Float64Array;
  states: DecisionState[];
  state: Uint32Array;
}

export function packDecisions(datasetId: string, changes: DecisionChange[]): PackedDecisions {
  const states: DecisionState[] = [];
  const index = new Map<string, number>();
  const state = new Uint32Array(changes.length);
  changes.forEach((c, k) => {
    const s = decisionState(c);
    const key = JSON.stringify(s);
    let at = index.get(key);
    if (at === undefined) index.set(key, (at = states.push(s) - 1));
    state[k] = at;
  });
  return { datasetId, ids: changes.map((c) => c.id), seqs: Float64Array.from(changes, (c) => c.seq), states, state };
}

/** The decisions again, one object each; items with the same decision share its object. */
export function unpackDecisions(p: PackedDecisions): DecisionChange[] {
  return p.ids.map((id, k) => ({ id, datasetId: p.datasetId, seq: p.seqs[k], ...p.states[p.state[k]] }));
}

export interface UndoRequest {
  datasetId: string;
  by: string;
  /** The page's tab: only its changes (and those no tab made) are undone. */
  tab?: string;
}
