// The page's side of the decisions worker (through Comlink): bulk commands and undo.

import * as Comlink from 'comlink';
import type { DecisionChange, SavedChange } from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import { type BulkDecideRequest, type DecisionsWorkerApi, type UndoRequest, unpackDecisions } from '../worker/decisionsProtocol.ts';

let api: Comlink.Remote<DecisionsWorkerApi> | undefined;

function decisionsWorker(): Comlink.Remote<DecisionsWorkerApi> {
  api ??= Comlink.wrap<DecisionsWorkerApi>(new Worker(new URL('../worker/decisions.worker.ts', import.meta.url), { type: 'module' }));
  return api;
}

/**
 * Start the worker ahead of need: every undo runs there, and the first undo after a load waited ~100 ms more for it
 * to start (141-176 ms against 24-26 for the next ones).
 */
export function warmDecisionsWorker(): void {
  decisionsWorker();
}

/** A bulk decision, made in the worker (the items are sent as refs). */
export async function bulkDecideInWorker(request: BulkDecideRequest): Promise<{ changed: DecisionChange[]; skipped: number }> {
  // An item handed in whole would be cloned whole: only its ref goes.
  const items = request.items.map(({ id, datasetId, seq }) => (seq === undefined ? { id, datasetId } : { id, datasetId, seq }));
  const { changed, skipped } = await decisionsWorker().bulkDecide({ ...request, items });
  return { changed: unpackDecisions(changed), skipped };
}

/** Undo the tab's last change, in the worker: the items it restored, and the decisions (put on the cached items). */
export async function undoInWorker(request: UndoRequest): Promise<{ items: SavedChange[]; negatives: Negative[] }> {
  const { items, decisions, negatives } = await decisionsWorker().undo(request);
  return { items: [...items, ...unpackDecisions(decisions)], negatives };
}
