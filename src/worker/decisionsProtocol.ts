// The decisions worker's interface, as the page sees it through Comlink: bulk commands and undo.

import type { Item } from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import type { PackedDecisions, PackedRefs } from '../core/packed.ts';
import type { ItemRef } from '../persist/items.ts';

export interface DecisionsWorkerApi {
  /** A bulk decision (see persist/repo.ts bulkDecide); hands back the decisions. */
  bulkDecide(request: BulkDecideMessage): Promise<{ changed: PackedDecisions; skipped: number }>;
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

/** The request as the worker gets it: the items' refs packed (see core/packed.ts). */
export type BulkDecideMessage = Omit<BulkDecideRequest, 'items'> & { refs: PackedRefs };

export interface UndoRequest {
  datasetId: string;
  by: string;
  /** The page's tab: only its changes (and those no tab made) are undone. */
  tab?: string;
}
