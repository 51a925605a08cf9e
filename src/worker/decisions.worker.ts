// The decisions worker: bulk commands and undo, off the page, in a worker of their own. A bulk command reads, changes
// and writes back every page of items it touches, and each page arrives as a deep copy: 700 MB of garbage for 500,000
// items at a million. On the page, next to a million cached items (a 466 MB heap), V8 let that garbage pile up until
// the transaction ended; in a small heap it is collected as it goes. Not in the data worker, so that an undo never
// waits behind an import's or an export's steps there (the browser's peak during a bulk command measured the same in
// either: 2,677 and 2,726 MiB for 749,179 pairs in bench/million.bench.ts). What comes back is the decisions only,
// packed (the page puts them on its items).

import type { Item } from '../core/model.ts';
import type { Negative } from '../core/negatives/types.ts';
import * as Comlink from 'comlink';
import { CuratorDB } from '../persist/db.ts';
import { bulkDecidePacked, undoLastPacked } from '../persist/repo.ts';
import type { PackedDecisions } from '../core/packed.ts';
import type { BulkDecideMessage, DecisionsWorkerApi, UndoRequest } from './decisionsProtocol.ts';

const db = new CuratorDB();

function bulkDecideJob(r: BulkDecideMessage): Promise<{ changed: PackedDecisions; skipped: number }> {
  return bulkDecidePacked(db, r.datasetId, r.refs, r.status, r.by, r.label, r.tab);
}

async function undoJob(r: UndoRequest): Promise<{ items: Item[]; decisions: PackedDecisions; negatives: Negative[] }> {
  let negatives: Negative[] = [];
  const { items, decisions } = await undoLastPacked(db, r.datasetId, r.by, (n) => (negatives = n), r.tab);
  return { items, decisions, negatives };
}

Comlink.expose({ bulkDecide: bulkDecideJob, undo: undoJob } satisfies DecisionsWorkerApi);
