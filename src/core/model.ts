// The vocabulary of the app: datasets, items, captions with provenance, decisions, errors.

/** A pair has an image and a caption; a lone image has no caption yet; a lone text has no image yet. */
export type ItemKind = 'pair' | 'image' | 'text';
export const ITEM_KINDS: readonly ItemKind[] = ['pair', 'image', 'text'];

export type ReviewStatus = 'pending' | 'accepted' | 'rejected';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['pending', 'accepted', 'rejected'];

/** Where a caption (or image) came from. */
export interface Provenance {
  origin: 'imported' | 'edited' | 'generated' | 'reverted';
  /** ISO time the version was created. */
  at: string;
  /** Reviewer name for edits; absent for imports. */
  by?: string;
  /** For generated versions: the model id, provider, prompt template and its version. */
  model?: string;
  provider?: string;
  prompt?: string;
  promptVersion?: string;
  /** For generated versions: the queue job that made it (so a resumed job never adds it twice). */
  jobId?: string;
  /** For imported versions: the file and row it came from. */
  file?: string;
  row?: number;
}

export interface CaptionVersion {
  text: string;
  provenance: Provenance;
}

export interface Decision {
  status: ReviewStatus;
  by: string;
  at: string;
  /** Set when a bulk command (accept all above, reject all below) made the decision; bulk never overwrites a reviewer. */
  via?: 'bulk';
}

/** Where an item came from, for error messages and audits. */
export interface SourceRef {
  file: string;
  row?: number;
}

export interface Item {
  id: string;
  datasetId: string;
  /** Import order inside the dataset; the grid's default order. */
  seq: number;
  kind: ItemKind;
  /** Content hash (sha-256 hex) of the image, which is stored once in the image table. */
  imageHash?: string;
  /** The image's file name as it was imported. */
  imageName?: string;
  /** The image's width and height as its header declares them (the size filters read them). */
  imageSize?: [number, number];
  /** Caption history, oldest first; the current caption is the last one. */
  captions: CaptionVersion[];
  status: ReviewStatus;
  decision?: Decision;
  source: SourceRef;
  /** The import (its report's id) that stored the item: discarding an interrupted import removes its items. */
  importId?: number;
  /** Similarity per model id (filled by the scoring engine). */
  scores?: Record<string, number>;
  /** Fields from the import that the app does not interpret, kept so that nothing is lost. */
  extra?: Record<string, unknown>;
}

export interface Dataset {
  id: string;
  name: string;
  createdAt: string;
  /** The generated demo: which one, and whether its import finished (a reload mid-import finishes it). */
  demo?: { seed: number; count: number; complete: boolean };
}

/** A per-row problem found while importing. The row is skipped; all other rows still import. */
export interface RowError {
  source: string;
  row?: number;
  reason: string;
}

/** The part of an item that a reviewer's command changes, as recorded before and after it. */
export type ItemState = Pick<Item, 'status' | 'decision' | 'captions' | 'kind' | 'imageHash' | 'imageName' | 'scores' | 'extra'>;

export function itemState(item: Item): ItemState {
  return {
    status: item.status,
    decision: item.decision,
    captions: item.captions,
    kind: item.kind,
    imageHash: item.imageHash,
    imageName: item.imageName,
    scores: item.scores,
    extra: item.extra,
  };
}

/** One entry in a dataset's audit log; also what undo walks back. */
export interface HistoryEvent {
  id?: number;
  datasetId: string;
  itemId: string;
  /** The item's seq, which finds its page (none on a negative's entries, nor on entries written before it was kept). */
  seq?: number;
  at: string;
  by: string;
  /** 'negative': a decision on a hard negative; itemId is then the negative's id and the states hold its status. */
  change: 'decision' | 'caption' | 'negative';
  before: ItemState;
  after: ItemState;
  /** Set on an entry once it has been undone. */
  undone?: boolean;
  /** Set on the entry that records an undo: the id of the entry it walked back. */
  undoOf?: number;
  /** Entries made by one bulk command share an id, and undo walks them back together. */
  batchId?: string;
  /** The browser tab that made the change: undo walks back only the tab's own (none: the CLI, or before tabs were told apart). */
  tab?: string;
  /** What the bulk command was, in the user's words ("accept all ≥ 0.300 (ensemble)"). */
  label?: string;
}

/** What a decision changes of an item: all that a bulk command's log keeps of each item. */
export type DecisionState = Pick<ItemState, 'status' | 'decision'>;

/**
 * An item's saved decision without the rest of the item: what a bulk command and its undo hand back. The cached item
 * takes it (withDecisionState); the item read back from IndexedDB, a deep copy sharing no string with the cached
 * list, cost ~800 bytes more per item in the page (41 MiB for 50,000 items).
 */
export interface DecisionChange extends DecisionState {
  id: string;
  datasetId: string;
  seq: number;
}

/** An item's decision alone (no decision field when it has none). */
export const decisionState = (i: DecisionState): DecisionState => (i.decision ? { status: i.status, decision: i.decision } : { status: i.status });

/** What a save hands back to be shown: the whole item, or only its decision. */
export type SavedChange = Item | DecisionChange;

export const isDecisionChange = (c: SavedChange): c is DecisionChange => !('captions' in c);

/**
 * The item with the given decision (its other fields the same objects). Without a decision the field is left out,
 * not deleted: V8 turns an object a property was deleted from into a hash table, and a million-item list undone
 * that way kept ~290 MB more.
 */
export function withDecisionState(item: Item, state: DecisionState): Item {
  // One copy where the item keeps a decision field (set or written anew): the rest left out and then spread again made
  // two, the first garbage at once (749,179 of them for a bulk command at a million items).
  if (state.decision) return { ...item, status: state.status, decision: state.decision };
  if (!('decision' in item)) return { ...item, status: state.status };
  const { decision: _, ...rest } = item;
  return { ...rest, status: state.status };
}

/**
 * The part of one bulk command (accept all at or above the cut, keep one per near-duplicate cluster) that fell on one
 * page of items, as one record in the log. A record per item cost more than the decisions themselves: accepting
 * 50,000 items spent 3.5 s of 5.8 s writing their log, and undoing it 12 s of 14 s.
 */
export interface HistoryBatch {
  id?: number;
  datasetId: string;
  /** The page of items (seq ÷ 1,000) the entries are on: an item's log reads only its page's batches. */
  page: number;
  at: string;
  by: string;
  change: 'decision';
  batchId: string;
  label: string;
  tab?: string;
  /** As on HistoryEvent: set once undone; on the record of an undo, the id of the record it walked back. */
  undone?: boolean;
  undoOf?: number;
  entries: { itemId: string; seq: number; before: DecisionState; after: DecisionState }[];
}

/** What the log holds: an entry per change, or a bulk command's page of them. */
export type HistoryRecord = HistoryEvent | HistoryBatch;

export const isHistoryBatch = (r: HistoryRecord): r is HistoryBatch => 'entries' in r;

/** One item's change as its log shows it (a bulk command's entries keep only the decision). */
export type ItemChange = Omit<HistoryEvent, 'before' | 'after'> & { before: DecisionState | ItemState; after: DecisionState | ItemState };

/** Where a dataset is cut: a model's score and the value (or the top fraction kept), with its approval history. */
export interface Cut {
  datasetId: string;
  model: string;
  mode: 'absolute' | 'top';
  /** The cosine threshold: pairs with score ≥ value are kept. */
  value: number;
  /** For mode 'top': the fraction of pairs kept. */
  topFraction?: number;
  approval?: Approval;
  history: CutEvent[];
}

export interface CutEvidence {
  kept: number;
  dropped: number;
  decisions: number;
  accepted: number;
  precision?: number;
  recall?: number;
  precisionInterval?: [number, number];
}

export interface Approval {
  by: string;
  at: string;
  model: string;
  value: number;
  evidence: CutEvidence;
}

export interface CutEvent {
  at: string;
  by: string;
  action: 'moved' | 'approved';
  model: string;
  from?: number;
  to: number;
  /** The approval lost by this move, if any. */
  unapproved?: boolean;
  evidence?: CutEvidence;
}

export function currentCaption(item: Pick<Item, 'captions'>): string | undefined {
  return item.captions.length ? item.captions[item.captions.length - 1].text : undefined;
}

/** Decide an item: returns the new item, never mutates. */
export function withDecision(item: Item, status: ReviewStatus, by: string, at: string, via?: 'bulk'): Item {
  const decision = status === 'pending' ? undefined : { status, by, at, ...(via ? { via } : {}) };
  return { ...item, status, decision };
}

/** Append a caption version edited by a reviewer. An empty caption is refused. */
export function withEditedCaption(item: Item, text: string, by: string, at: string): Item {
  const trimmed = text.trim();
  if (!trimmed) throw new Error(`item ${item.id}: a caption cannot be empty — type a caption or reject the item`);
  if (trimmed === currentCaption(item)) return item;
  const captions = [...item.captions, { text: trimmed, provenance: { origin: 'edited' as const, at, by } }];
  // A lone image that receives a caption becomes a pair.
  const kind: ItemKind = item.kind === 'image' ? 'pair' : item.kind;
  return { ...item, captions, kind };
}

/** Whether the cut holds an approval of exactly where it stands now (moving it withdraws the approval). */
export function isCutApproved(cut: Pick<Cut, 'approval' | 'model' | 'value'> | undefined, at: { model: string; value: number } | undefined = cut): boolean {
  return !!cut?.approval && !!at && cut.approval.value === at.value && cut.approval.model === at.model;
}
