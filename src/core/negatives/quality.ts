// Quality and hardness of negatives: scores from the verification models, hardness (how close the negative comes to
// the positive), the filters that set negatives aside, and the dataset-level report.

import { pairList } from '../clip/pairList.ts';
import type { Negative } from './types.ts';

export type PairScorer = (pairs: { imageHash: string; text: string }[]) => Promise<(Record<string, number> | null)[]>;

/** The score used for hardness: the ensemble when there is one, else the only model. */
export function mainScore(s: Record<string, number>): number {
  return s.ensemble ?? Object.values(s)[0];
}

/**
 * Score negatives: text negatives as (positive image, negative text), image negatives as (negative image, positive
 * text), both against the positive pair; image edits also as (edited image, negative text). Hardness is
 * s(negative) − s(positive). Negatives whose images cannot be scored keep no scores.
 */
export async function scoreNegatives(negs: Negative[], score: PairScorer): Promise<Negative[]> {
  const { pairs, indexOf: ask } = pairList();
  const plan = negs.map((n) => ({
    pos: ask(n.positiveImageHash, n.positiveText),
    neg: n.modality === 'text' ? ask(n.positiveImageHash, n.text!) : ask(n.imageHash!, n.positiveText),
    edit: n.family === 'image-edit' ? ask(n.imageHash!, n.text!) : undefined,
  }));
  const got = pairs.length ? await score(pairs.map((p) => ({ imageHash: p.image, text: p.text }))) : [];
  return negs.map((n, i) => {
    const pos = got[plan[i].pos];
    const neg = got[plan[i].neg];
    if (!pos || !neg) return n;
    const edit = plan[i].edit !== undefined ? got[plan[i].edit!] : undefined;
    const perModel: Record<string, [number, number]> = {};
    for (const m of Object.keys(pos)) if (m !== 'ensemble' && neg[m] !== undefined) perModel[m] = [pos[m], neg[m]];
    const scores = { positive: mainScore(pos), negative: mainScore(neg), perModel, ...(edit ? { editMatch: mainScore(edit) } : {}) };
    return { ...n, scores, hardness: scores.negative - scores.positive };
  });
}

export const FILTER_REASONS = {
  identical: 'identical to the positive',
  edit: 'the models prefer the original caption for the edited image',
  easy: 'far easier than the rest of its type',
} as const;

const normText = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

/**
 * Set aside (never delete) negatives that are identical to the positive, image edits the models do not read as the
 * negative caption, and negatives far easier than the rest of their type and family (hardness below Q1 − 1.5·IQR,
 * with at least 8 of the type). A reviewer's decision is kept; filters only add a reason.
 */
export function applyFilters(negs: Negative[]): Negative[] {
  const out = negs.map((n) => {
    let filtered: string | undefined;
    if ((n.modality === 'text' && normText(n.text ?? '') === normText(n.positiveText)) || (n.modality === 'image' && n.imageHash === n.positiveImageHash))
      filtered = FILTER_REASONS.identical;
    else if (n.family === 'image-edit' && n.scores?.editMatch !== undefined && !(n.scores.editMatch > n.scores.negative)) filtered = FILTER_REASONS.edit;
    return { ...n, filtered };
  });
  markEasy(out);
  return out;
}

/**
 * Set aside, as far easier than the rest, negatives whose hardness is below Q1 − 1.5·IQR of their family and type
 * (at least 8 of them). A whole-dataset rule: `merge` applies it again over all shards' negatives (as rows).
 */
export function markEasy<T extends { family: string; type: string; hardness?: number | null; filtered?: string | null }>(negs: T[]): void {
  const groups = new Map<string, T[]>();
  for (const n of negs) {
    if (n.filtered || n.hardness == null) continue;
    const key = `${n.family}|${n.type}`;
    const group = groups.get(key);
    if (group) group.push(n);
    else groups.set(key, [n]);
  }
  for (const group of groups.values()) {
    if (group.length < 8) continue;
    const h = group.map((n) => n.hardness!).sort((a, b) => a - b);
    const q1 = quantile(h, 0.25);
    const floor = q1 - 1.5 * (quantile(h, 0.75) - q1);
    for (const n of group) if (n.hardness! < floor) n.filtered = FILTER_REASONS.easy;
  }
}

export interface ReportRow {
  type: string;
  family: string;
  generator: string;
  total: number;
  kept: number;
  filtered: Record<string, number>;
  accepted: number;
  rejected: number;
  scored: number;
  /** Share of the kept, scored negatives that the model scores at or above the positive: the ones worth training on. */
  modelWrong: number | null;
  meanHardness: number | null;
}

/** Counts per type and generator, and the share the current model already gets wrong. */
export function negativeReport(negs: Negative[]): ReportRow[] {
  const rows = new Map<string, ReportRow & { hard: number[] }>();
  for (const n of negs) {
    const generator = n.generator;
    const k = `${n.type}|${n.family}|${generator}`;
    const r = rows.get(k) ?? {
      type: n.type,
      family: n.family,
      generator,
      total: 0,
      kept: 0,
      filtered: {},
      accepted: 0,
      rejected: 0,
      scored: 0,
      modelWrong: null,
      meanHardness: null,
      hard: [],
    };
    r.total++;
    if (n.filtered) r.filtered[n.filtered] = (r.filtered[n.filtered] ?? 0) + 1;
    else {
      r.kept++;
      if (n.hardness !== undefined) r.hard.push(n.hardness);
    }
    if (n.status === 'accepted') r.accepted++;
    if (n.status === 'rejected') r.rejected++;
    rows.set(k, r);
  }
  return [...rows.values()]
    .map(({ hard, ...r }) => ({
      ...r,
      scored: hard.length,
      modelWrong: hard.length ? hard.filter((h) => h >= 0).length / hard.length : null,
      meanHardness: hard.length ? hard.reduce((a, b) => a + b, 0) / hard.length : null,
    }))
    .sort((a, b) => a.family.localeCompare(b.family) || a.type.localeCompare(b.type) || a.generator.localeCompare(b.generator));
}

/** Per type (image edits apart): how many, and for each model and the ensemble the share scored at or above the positive. */
export function wrongByModel(negs: Negative[]): Record<string, { count: number; wrong: Record<string, number> }> {
  const out: Record<string, { count: number; hits: Record<string, number> }> = {};
  for (const n of negs) {
    if (!n.scores || n.filtered) continue;
    const key = n.family === 'image-edit' ? `${n.type} (image edit)` : n.type;
    const row = (out[key] ??= { count: 0, hits: {} });
    row.count++;
    const wrong = (m: string, pos: number, neg: number) => (row.hits[m] = (row.hits[m] ?? 0) + (neg >= pos ? 1 : 0));
    wrong('ensemble', n.scores.positive, n.scores.negative);
    for (const [m, [p, q]] of Object.entries(n.scores.perModel)) wrong(m, p, q);
  }
  return Object.fromEntries(
    Object.entries(out).map(([k, v]) => [k, { count: v.count, wrong: Object.fromEntries(Object.entries(v.hits).map(([m, h]) => [m, h / v.count])) }]),
  );
}
