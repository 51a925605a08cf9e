// Near-misses: a true caption of a synthetic scene changed in one word or one relation, so that it is false of the
// scene (checked). Real mismatches are often like this — one attribute or relation off — and a verification model
// that cannot tell them from the truth passes them. This generator works on the caption's structure; it is separate
// from the rule rewrites the app makes hard negatives with (core/negatives/rules.ts, which the bundled models are
// trained with), so the benchmark does not test the training generator on itself.

import { captionText, type Caption, type Clause, COLORS, isTrueOf, type Relation, type Scene, SHAPES, SIZES } from './scene.ts';

export const NEAR_MISS_TYPES = ['color', 'shape', 'size', 'count', 'relation', 'negation', 'swap'] as const;
export type NearMissType = (typeof NEAR_MISS_TYPES)[number];

const OPPOSITE: Record<Relation, Relation> = { 'left of': 'right of', 'right of': 'left of', above: 'below', below: 'above' };

/** The clauses of a caption that describe objects in the scene, with a way to put a changed one back. */
function clauses(c: Caption): { clause: Clause; put: (next: Clause) => Caption }[] {
  switch (c.form) {
    case 'objects':
      return c.clauses.map((clause, i) => ({ clause, put: (next) => ({ ...c, clauses: c.clauses.map((x, j) => (j === i ? next : x)) }) }));
    case 'relation':
      return [
        { clause: c.a, put: (next) => ({ ...c, a: next }) },
        { clause: c.b, put: (next) => ({ ...c, b: next }) },
      ];
    case 'negation':
      return [{ clause: c.present, put: (next) => ({ ...c, present: next }) }];
  }
}

/** Every candidate of one type (before the truth check), in a fixed order. */
function candidates(c: Caption, type: NearMissType): Caption[] {
  const out: Caption[] = [];
  switch (type) {
    case 'color':
      for (const { clause, put } of clauses(c)) for (const color of COLORS) if (color !== clause.color) out.push(put({ ...clause, color }));
      break;
    case 'shape':
      for (const { clause, put } of clauses(c)) for (const shape of SHAPES) if (shape !== clause.shape) out.push(put({ ...clause, shape }));
      break;
    case 'size':
      for (const { clause, put } of clauses(c)) for (const size of SIZES) if (size !== clause.size) out.push(put({ ...clause, size }));
      break;
    case 'count':
      if (c.form === 'relation') break;
      for (const { clause, put } of clauses(c))
        for (const count of [clause.count - 1, clause.count + 1]) if (count >= 1 && count <= 4) out.push(put({ ...clause, count }));
      break;
    case 'relation':
      if (c.form === 'relation') out.push({ ...c, relation: OPPOSITE[c.relation] });
      break;
    case 'negation':
      // Says that something shown is absent, or that something absent is there.
      if (c.form === 'objects' && c.clauses.length === 2)
        out.push({ form: 'negation', present: c.clauses[0], absent: { color: c.clauses[1].color, shape: c.clauses[1].shape } });
      if (c.form === 'negation') out.push({ form: 'objects', clauses: [c.present, { count: 1, color: c.absent.color, shape: c.absent.shape }] });
      break;
    case 'swap':
      // The same words in another order: the two objects of a relation trade places, or two clauses trade colours.
      if (c.form === 'relation') out.push({ ...c, a: c.b, b: c.a });
      if (c.form === 'objects' && c.clauses.length === 2 && c.clauses[0].color !== c.clauses[1].color) {
        const [x, y] = c.clauses;
        out.push({
          form: 'objects',
          clauses: [
            { ...x, color: y.color },
            { ...y, color: x.color },
          ],
        });
      }
      break;
  }
  return out;
}

/** Every near-miss of the given type that is false of the scene (none when the type does not apply). */
export function nearMissOptions(caption: Caption, scene: Scene, type: NearMissType): string[] {
  const truth = captionText(caption);
  return candidates(caption, type)
    .filter((c) => !isTrueOf(c, scene))
    .map(captionText)
    .filter((t) => t !== truth);
}

/** One near-miss of the given type that is false of the scene, picked by `r`; null when the caption has none. */
export function nearMiss(caption: Caption, scene: Scene, type: NearMissType, r: () => number): string | null {
  const options = nearMissOptions(caption, scene, type);
  return options.length ? options[Math.floor(r() * options.length)] : null;
}

export interface NearMissCase {
  /** Index of the pair in the list given. */
  pair: number;
  type: NearMissType;
  truth: string;
  text: string;
}

/** For each true pair, one near-miss of every type that applies to it. */
export function nearMissCases(pairs: { caption: Caption; scene: Scene }[], r: () => number): NearMissCase[] {
  const cases: NearMissCase[] = [];
  pairs.forEach(({ caption, scene }, pair) => {
    for (const type of NEAR_MISS_TYPES) {
      const text = nearMiss(caption, scene, type, r);
      if (text) cases.push({ pair, type, truth: captionText(caption), text });
    }
  });
  return cases;
}
