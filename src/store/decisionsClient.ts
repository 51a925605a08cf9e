// The page's side of the decisions worker (through Comlink): bulk commands and undo.

import * as Comlink from 'comlink';
import type { DecisionChange, SavedChange } from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import { packRefs, unpackDecisions } from '../core/packed.ts';
import type { BulkDecideRequest, DecisionsWorkerApi, UndoRequest } from '../worker/decisionsProtocol.ts';

let current: { worker: Worker; api: Comlink.Remote<DecisionsWorkerApi> } | undefined;
/** Calls not yet answered: the worker is renewed only when none is. */
let inFlight = 0;

function decisionsWorker(): Comlink.Remote<DecisionsWorkerApi> {
  if (!current) {
    const worker = new Worker(new URL('../worker/decisions.worker.ts', import.meta.url), { type: 'module' });
    current = { worker, api: Comlink.wrap<DecisionsWorkerApi>(worker) };
  }
  return current.api;
}

/** Past this many changed items, the worker that made them is replaced by a fresh one once it is idle. */
const RENEW_AFTER = 10_000;

/**
 * A call to the worker; after one that changed many items, the worker is let go and a fresh one started. A bulk
 * command over 749,179 of a million items left the renderer ~500 MB larger after it was done (1,695 against 1,166 MiB
 * PSS with the worker renewed; after its undo 1,359 against 963): what the worker's heap grew to, kept while it idles.
 */
async function call<R>(run: (api: Comlink.Remote<DecisionsWorkerApi>) => Promise<R>, changed: (r: R) => number): Promise<R> {
  inFlight++;
  let result: R;
  try {
    result = await run(decisionsWorker());
  } finally {
    inFlight--;
  }
  if (changed(result) > RENEW_AFTER && !inFlight && current) {
    current.worker.terminate();
    current = undefined;
    decisionsWorker();
  }
  return result;
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
  // An item handed in whole would be cloned whole: only its id and seq go, packed.
  const { items, ...rest } = request;
  const refs = packRefs(request.datasetId, items);
  const { changed, skipped } = await call(
    (api) => api.bulkDecide(Comlink.transfer({ ...rest, refs }, [refs.seqs.buffer])),
    (r) => r.changed.ids.length,
  );
  return { changed: unpackDecisions(changed), skipped };
}

/** Undo the tab's last change, in the worker: the items it restored, and the decisions (put on the cached items). */
export async function undoInWorker(request: UndoRequest): Promise<{ items: SavedChange[]; negatives: Negative[] }> {
  const { items, decisions, negatives } = await call(
    (api) => api.undo(request),
    (r) => r.items.length + r.decisions.ids.length,
  );
  return { items: [...items, ...unpackDecisions(decisions)], negatives };
}
