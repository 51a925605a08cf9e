// Many items' refs and decisions as one message between the page and the decisions worker carries them: strings in
// one array, numbers in typed arrays, each distinct decision once. A bulk command over 749,179 of a million items
// sent its refs as objects (each with its own copy of the dataset's id once cloned) and built an object and a JSON
// key per decision in the worker: Chromium's memory (PSS, all processes) rose 743 and 782 MiB above where it stood
// during the command, 475 and 473 with the refs and decisions packed (two runs each, alternating, one session).

import { type DecisionChange, decisionState, type DecisionState } from './model.ts';

/** Items of one dataset by id and seq (NaN where the seq is not known). */
export interface PackedRefs {
  ids: string[];
  seqs: Float64Array;
}

/** The refs of one dataset among `refs`: the others are left out. */
export function packRefs(datasetId: string, refs: { id: string; datasetId: string; seq?: number }[]): PackedRefs {
  const ids: string[] = [];
  const seqs: number[] = [];
  for (const r of refs) if (r.datasetId === datasetId) ids.push(r.id), seqs.push(r.seq ?? Number.NaN);
  return { ids, seqs: Float64Array.from(seqs) };
}

/** The refs again, one object each. */
export function unpackRefs(datasetId: string, p: PackedRefs): { id: string; datasetId: string; seq?: number }[] {
  return p.ids.map((id, k) => (Number.isNaN(p.seqs[k]) ? { id, datasetId } : { id, datasetId, seq: p.seqs[k] }));
}

/**
 * Decisions saved on many items: the ids, the seqs in a typed array, and each item's decision as an index into the
 * few distinct ones. 500,000 DecisionChange objects took 2.6 s to go from the worker to the page.
 */
export interface PackedDecisions {
  datasetId: string;
  ids: string[];
  seqs: Float64Array;
  states: DecisionState[];
  state: Uint32Array;
}

/** Decisions packed as they come: a run of changes sharing one decision object costs no key of its own. */
export class DecisionPacker {
  private readonly ids: string[] = [];
  private readonly seqs: number[] = [];
  private readonly state: number[] = [];
  private readonly states: DecisionState[] = [];
  private readonly index = new Map<string, number>();
  private last?: { status: string; decision: DecisionState['decision']; at: number };

  constructor(private readonly datasetId: string) {}

  add(id: string, seq: number, s: DecisionState): void {
    let at: number;
    if (this.last && this.last.status === s.status && this.last.decision === s.decision) at = this.last.at;
    else {
      const state = decisionState(s);
      const key = JSON.stringify(state);
      const known = this.index.get(key);
      at = known ?? this.states.push(state) - 1;
      if (known === undefined) this.index.set(key, at);
      this.last = { status: s.status, decision: s.decision, at };
    }
    this.ids.push(id);
    this.seqs.push(seq);
    this.state.push(at);
  }

  get size(): number {
    return this.ids.length;
  }

  done(): PackedDecisions {
    return { datasetId: this.datasetId, ids: this.ids, seqs: Float64Array.from(this.seqs), states: this.states, state: Uint32Array.from(this.state) };
  }
}

/** The decisions again, one object each; items with the same decision share its object. */
export function unpackDecisions(p: PackedDecisions): DecisionChange[] {
  return p.ids.map((id, k) => ({ id, datasetId: p.datasetId, seq: p.seqs[k], ...p.states[p.state[k]] }));
}
