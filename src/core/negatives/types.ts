// The vocabulary of hard negatives: families, types (the names used on the command line and in files), records.

import { COMPOSITIONAL_TYPES, type CompositionalType } from './rules.ts';

export const STRUCTURE_TYPES = ['trigram-shuffle', 'within-trigram-shuffle', 'patch-shuffle', 'row-shuffle', 'column-shuffle'] as const;
export type StructureType = (typeof STRUCTURE_TYPES)[number];
export const IMAGE_EDIT = 'image-edit' as const;
export type NegativeType = CompositionalType | StructureType;
export const NEGATIVE_TYPES: readonly NegativeType[] = [...COMPOSITIONAL_TYPES, ...STRUCTURE_TYPES];

/** structure: non-fluent shuffles (I'_S, T'_S); compositional: one controlled caption change (T'_C); image-edit: I'_C. */
export type NegativeFamily = 'structure' | 'compositional' | 'image-edit';

export interface NegativeScores {
  /** Ensemble (or single-model) score of the positive pair. */
  positive: number;
  /** Text negatives: s(image, negative text). Image negatives: s(negative image, positive text). */
  negative: number;
  /** Image edits: s(edited image, negative text), which must beat s(edited image, positive text) = `negative`. */
  editMatch?: number;
  /** Per model: [positive, negative]. */
  perModel: Record<string, [number, number]>;
}

export interface Negative {
  /** Deterministic: the same item, type, generator and seed give the same id, so regenerating keeps decisions. */
  id: string;
  datasetId: string;
  itemId: string;
  family: NegativeFamily;
  type: NegativeType;
  modality: 'text' | 'image';
  /** rules, structure, llm:<model>, edit:<model> */
  generator: string;
  seed: number;
  /** Prompt template id and version, for LLM rewrites. */
  prompt?: string;
  positiveText: string;
  positiveImageHash: string;
  /** The negative caption (text negatives and image edits, which pair the edit with it). */
  text?: string;
  /** The negative image (patch shuffles and edits). */
  imageHash?: string;
  /** What changed, in words ("red" → "blue"). */
  change?: { from: string; to: string };
  /** Tile grid of a patch shuffle. */
  grid?: number;
  scores?: NegativeScores;
  /** s(negative) − s(positive): above 0 the model already prefers the negative. Higher is harder. */
  hardness?: number;
  /** Why a quality filter set it aside (it stays visible in the report). */
  filtered?: string;
  status: 'pending' | 'accepted' | 'rejected';
  decidedBy?: string;
  decidedAt?: string;
  createdAt: string;
}

export function familyOf(type: NegativeType): NegativeFamily {
  return (STRUCTURE_TYPES as readonly string[]).includes(type) ? 'structure' : 'compositional';
}

export function parseTypes(list: string): NegativeType[] {
  const out: NegativeType[] = [];
  for (const raw of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (!(NEGATIVE_TYPES as readonly string[]).includes(raw)) throw new Error(`unknown negative type "${raw}" — use ${NEGATIVE_TYPES.join(', ')}`);
    out.push(raw as NegativeType);
  }
  return out;
}
