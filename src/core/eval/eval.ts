// Compositional evaluation on curated data: SugarCrepe-style accuracy per negative type (does the model score the
// image with its positive caption above the negative caption — or, for an image negative, the positive image above
// the negative image?) and Winoground-style text, image and group scores where a case has both a text and an image
// negative (an image edit paired with its caption). Several models side by side.

import { pairList } from '../clip/pairList.ts';

export interface EvalCase {
  /** The negative type (color, swap, replace_att, …). */
  type: string;
  image: string;
  caption: string;
  negativeCaption?: string;
  negativeImage?: string;
  /** Which test decides the per-type accuracy when both negatives exist; an image edit is judged on its image. */
  judge?: 'text' | 'image';
}

/** Scores per model for image–text pairs; null where an image cannot be read. */
export type MultiScorer = (pairs: { image: string; text: string }[]) => Promise<(Record<string, number> | null)[]>;

export interface TypeResult {
  n: number;
  correct: number;
  accuracy: number;
}

export interface WinogroundResult {
  n: number;
  text: number;
  image: number;
  group: number;
}

export interface ModelEval {
  model: string;
  perType: Record<string, TypeResult>;
  /** Micro-average over every case. */
  overall: TypeResult;
  winoground: WinogroundResult | null;
}

/** Winoground's three scores for one case: s[c][i] is the score of caption c with image i. */
export function winogroundCorrect(s: [[number, number], [number, number]]): { text: boolean; image: boolean; group: boolean } {
  const text = s[0][0] > s[1][0] && s[1][1] > s[0][1];
  const image = s[0][0] > s[0][1] && s[1][1] > s[1][0];
  return { text, image, group: text && image };
}

export async function evaluate(cases: EvalCase[], score: MultiScorer): Promise<ModelEval[]> {
  const { pairs, indexOf: ask } = pairList();
  const plans = cases.map((c) => ({
    c00: ask(c.image, c.caption),
    c10: c.negativeCaption !== undefined ? ask(c.image, c.negativeCaption) : undefined,
    c01: c.negativeImage !== undefined ? ask(c.negativeImage, c.caption) : undefined,
    c11: c.negativeImage !== undefined && c.negativeCaption !== undefined ? ask(c.negativeImage, c.negativeCaption) : undefined,
  }));
  const scores = await score(pairs);
  const models = [...new Set(scores.flatMap((s) => (s ? Object.keys(s) : [])))];
  return models.map((model) => {
    const perType: Record<string, TypeResult> = {};
    const overall: TypeResult = { n: 0, correct: 0, accuracy: 0 };
    const wino: WinogroundResult = { n: 0, text: 0, image: 0, group: 0 };
    const get = (i: number | undefined) => (i === undefined ? undefined : scores[i]?.[model]);
    cases.forEach((c, k) => {
      const p = plans[k];
      const pos = get(p.c00);
      if (pos === undefined) return;
      // Text negative: the caption must beat the negative caption on the image. Image negative (no caption of
      // its own): the image must beat the negative image for the caption. With both, the text test decides the
      // per-type accuracy and Winoground's scores are computed too.
      const textTest = p.c10 !== undefined && get(p.c10) !== undefined ? pos > get(p.c10)! : undefined;
      const imageTest = p.c01 !== undefined && get(p.c01) !== undefined ? pos > get(p.c01)! : undefined;
      const correct = c.judge === 'image' ? (imageTest ?? textTest) : (textTest ?? imageTest);
      if (correct === undefined) return;
      const t = (perType[c.type] ??= { n: 0, correct: 0, accuracy: 0 });
      t.n++;
      overall.n++;
      if (correct) {
        t.correct++;
        overall.correct++;
      }
      if (p.c11 !== undefined && [p.c10, p.c01, p.c11].every((i) => get(i) !== undefined)) {
        const w = winogroundCorrect([
          [pos, get(p.c01)!],
          [get(p.c10)!, get(p.c11)!],
        ]);
        wino.n++;
        wino.text += Number(w.text);
        wino.image += Number(w.image);
        wino.group += Number(w.group);
      }
    });
    for (const t of [...Object.values(perType), overall]) t.accuracy = t.n ? t.correct / t.n : 0;
    return {
      model,
      perType,
      overall,
      winoground: wino.n ? { n: wino.n, text: wino.text / wino.n, image: wino.image / wino.n, group: wino.group / wino.n } : null,
    };
  });
}

/**
 * SugarCrepe's data files: {"0": {"filename": "000000331352.jpg", "caption": "...", "negative_caption": "..."}, ...}.
 * `type` names the file's category (replace_att, swap_obj, …). Rows that lack a field are reported, not dropped silently.
 */
export function parseSugarCrepe(json: string, type: string): { cases: EvalCase[]; errors: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    return { cases: [], errors: [`${type}: not valid JSON (${(e as Error).message})`] };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    return { cases: [], errors: [`${type}: expected an object keyed by id, like {"0": {"filename": ..., "caption": ..., "negative_caption": ...}}`] };
  const cases: EvalCase[] = [];
  const errors: string[] = [];
  for (const [id, row] of Object.entries(data as Record<string, Record<string, unknown>>)) {
    const { filename, caption, negative_caption } = row ?? {};
    if (typeof filename !== 'string' || typeof caption !== 'string' || typeof negative_caption !== 'string') {
      errors.push(`${type} #${id}: needs "filename", "caption" and "negative_caption" as strings`);
      continue;
    }
    cases.push({ type, image: filename, caption, negativeCaption: negative_caption });
  }
  return { cases, errors };
}

/** Cases from curated negatives (images by hash): accepted ones, or every kept one that is not rejected. */
export function casesFromNegatives(
  negs: {
    type: string;
    family: string;
    modality: 'text' | 'image';
    positiveImageHash: string;
    positiveText: string;
    text?: string;
    imageHash?: string;
    status: string;
    filtered?: string;
  }[],
  acceptedOnly: boolean,
): EvalCase[] {
  return negs
    .filter((n) => (acceptedOnly ? n.status === 'accepted' : n.status !== 'rejected' && !n.filtered))
    .map((n) => ({
      type: n.family === 'image-edit' ? `${n.type} (image edit)` : n.type,
      image: n.positiveImageHash,
      caption: n.positiveText,
      ...(n.modality === 'text' || n.family === 'image-edit' ? { negativeCaption: n.text } : {}),
      ...(n.imageHash ? { negativeImage: n.imageHash } : {}),
      ...(n.family === 'image-edit' ? { judge: 'image' as const } : {}),
    }));
}

/** A table for people: one row per type, one accuracy column per model. */
export function formatEval(results: ModelEval[]): string {
  const types = [...new Set(results.flatMap((r) => Object.keys(r.perType)))].sort();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [`type${' '.repeat(24)}${results.map((r) => r.model.padStart(16)).join('')}      n`];
  for (const t of types)
    lines.push(
      `${t.padEnd(28)}${results.map((r) => (r.perType[t] ? pct(r.perType[t].accuracy) : '–').padStart(16)).join('')}${String(results[0].perType[t]?.n ?? 0).padStart(7)}`,
    );
  lines.push(
    `${'all (micro-average)'.padEnd(28)}${results.map((r) => pct(r.overall.accuracy).padStart(16)).join('')}${String(results[0].overall.n).padStart(7)}`,
  );
  if (results.some((r) => r.winoground))
    for (const k of ['text', 'image', 'group'] as const)
      lines.push(
        `${`winoground ${k}`.padEnd(28)}${results.map((r) => (r.winoground ? pct(r.winoground[k]) : '–').padStart(16)).join('')}${String(results[0].winoground?.n ?? 0).padStart(7)}`,
      );
  return lines.join('\n');
}
