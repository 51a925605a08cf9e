// The synthetic world: a small caption language (objects, counts, spatial relations, negation), the scenes that
// make a caption true, and the truth of any caption for any scene. Seeded: same seed, same scene, everywhere.

import { rng } from '../random.ts';

export const COLORS = ['red', 'green', 'blue', 'yellow', 'purple', 'orange'] as const;
export const SHAPES = ['circle', 'square', 'triangle', 'diamond'] as const;
export const SIZES = ['small', 'large'] as const;
export const RELATIONS = ['left of', 'right of', 'above', 'below'] as const;
export const NUMBER_WORDS = ['no', 'a', 'two', 'three', 'four'] as const;

export type Color = (typeof COLORS)[number];
export type Shape = (typeof SHAPES)[number];
export type Size = (typeof SIZES)[number];
export type Relation = (typeof RELATIONS)[number];

/** "two small red circles": a count of objects that share color and shape (and size, when said). */
export interface Clause {
  count: number;
  size?: Size;
  color: Color;
  shape: Shape;
}

export type Caption =
  | { form: 'objects'; clauses: Clause[] }
  | { form: 'relation'; a: Clause; relation: Relation; b: Clause }
  | { form: 'negation'; present: Clause; absent: { color: Color; shape: Shape } };

export interface SceneObject {
  shape: Shape;
  color: Color;
  size: Size;
  /** Centre, as a fraction of the image width and height. */
  x: number;
  y: number;
  /** Rotation in radians (squares, triangles and diamonds only look different turned a little). */
  angle: number;
}

export interface Scene {
  objects: SceneObject[];
}

export const RADIUS: Record<Size, number> = { small: 0.085, large: 0.15 };
/** How far apart two objects' centres must be, beyond their radii, to count as clearly left/right/above/below. */
const RELATION_MARGIN = 0.05;
/** The other axis may differ by at most this much for "left of" or "above" to hold. */
const RELATION_BAND = 0.3;

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

// ---------- caption text <-> structure ----------

function clauseText(c: Clause): string {
  const noun = c.count === 1 ? c.shape : `${c.shape}s`;
  const rest = [c.size, c.color, noun].filter(Boolean).join(' ');
  const article = c.count === 1 && /^[aeiou]/.test(rest) ? 'an' : NUMBER_WORDS[c.count];
  return `${article} ${rest}`;
}

export function captionText(c: Caption): string {
  switch (c.form) {
    case 'objects':
      return c.clauses.map(clauseText).join(' and ');
    case 'relation':
      return `${clauseText(c.a)} ${c.relation} ${clauseText(c.b)}`;
    case 'negation':
      return `${clauseText(c.present)} and no ${c.absent.color} ${c.absent.shape}`;
  }
}

const WORD_COUNT: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4 };

function parseClause(words: string[]): Clause | undefined {
  const [n, ...rest] = words;
  const count = WORD_COUNT[n];
  if (!count) return undefined;
  let i = 0;
  let size: Size | undefined;
  if ((SIZES as readonly string[]).includes(rest[i])) size = rest[i++] as Size;
  const color = rest[i++];
  const noun = rest[i++];
  if (i !== rest.length || !(COLORS as readonly string[]).includes(color) || !noun) return undefined;
  const shape = count === 1 ? noun : noun.replace(/s$/, '');
  if (!(SHAPES as readonly string[]).includes(shape) || count > 1 !== noun.endsWith('s')) return undefined;
  return { count, size, color: color as Color, shape: shape as Shape };
}

/** Read a caption of the synthetic language; undefined when the text is not one (an ordinary caption, say). */
export function parseCaption(text: string): Caption | undefined {
  const words = text.toLowerCase().replace(/[.,!]/g, ' ').trim().split(/\s+/);
  const joined = words.join(' ');
  for (const relation of RELATIONS) {
    const at = ` ${joined} `.indexOf(` ${relation} `);
    if (at > 0) {
      const a = parseClause(joined.slice(0, at - 1).split(' '));
      const b = parseClause(
        joined
          .slice(at + relation.length)
          .trim()
          .split(' '),
      );
      if (a && b && a.count === 1 && b.count === 1) return { form: 'relation', a, relation, b };
      return undefined;
    }
  }
  const parts = joined.split(' and ');
  if (parts.length === 2 && parts[1].startsWith('no ')) {
    const present = parseClause(parts[0].split(' '));
    const [, color, noun] = parts[1].split(' ');
    const shape = noun?.replace(/s$/, '');
    if (present && (COLORS as readonly string[]).includes(color) && (SHAPES as readonly string[]).includes(shape) && parts[1].split(' ').length === 3) {
      return { form: 'negation', present, absent: { color: color as Color, shape: shape as Shape } };
    }
    return undefined;
  }
  const clauses = parts.map((p) => parseClause(p.split(' ')));
  if (clauses.length > 2 || clauses.some((c) => !c)) return undefined;
  return { form: 'objects', clauses: clauses as Clause[] };
}

// ---------- truth ----------

const matches = (o: SceneObject, c: { color: Color; shape: Shape; size?: Size }) =>
  o.color === c.color && o.shape === c.shape && (!c.size || o.size === c.size);

function holds(a: SceneObject, relation: Relation, b: SceneObject): boolean {
  const gap = RELATION_MARGIN + (RADIUS[a.size] + RADIUS[b.size]) / 2;
  switch (relation) {
    case 'left of':
      return b.x - a.x > gap && Math.abs(a.y - b.y) < RELATION_BAND;
    case 'right of':
      return a.x - b.x > gap && Math.abs(a.y - b.y) < RELATION_BAND;
    case 'above':
      return b.y - a.y > gap && Math.abs(a.x - b.x) < RELATION_BAND;
    case 'below':
      return a.y - b.y > gap && Math.abs(a.x - b.x) < RELATION_BAND;
  }
}

/** Is the caption true of the scene? Counts are exact ("two red circles" is false with three). */
export function isTrueOf(caption: Caption, scene: Scene): boolean {
  const count = (c: Clause) => scene.objects.filter((o) => matches(o, c)).length;
  switch (caption.form) {
    case 'objects':
      return caption.clauses.every((c) => count(c) === c.count);
    case 'negation':
      return count(caption.present) === caption.present.count && !scene.objects.some((o) => matches(o, caption.absent));
    case 'relation': {
      const as = scene.objects.filter((o) => matches(o, caption.a));
      const bs = scene.objects.filter((o) => matches(o, caption.b));
      return as.length === 1 && bs.length === 1 && holds(as[0], caption.relation, bs[0]);
    }
  }
}

// ---------- sampling ----------

function sampleClause(r: () => number, maxCount: number): Clause {
  const count = 1 + Math.floor(r() * maxCount);
  return { count, size: r() < 0.35 ? pick(r, SIZES) : undefined, color: pick(r, COLORS), shape: pick(r, SHAPES) };
}

const sameKind = (a: { color: Color; shape: Shape }, b: { color: Color; shape: Shape }) => a.color === b.color && a.shape === b.shape;

/** A random caption of the language: plain objects, a spatial relation, or a negation. */
export function sampleCaption(r: () => number): Caption {
  const form = r();
  if (form < 0.4) {
    const first = sampleClause(r, 4);
    if (first.count >= 3 || r() < 0.45) return { form: 'objects', clauses: [first] };
    let second = sampleClause(r, 4 - first.count);
    while (sameKind(first, second)) second = sampleClause(r, 4 - first.count);
    return { form: 'objects', clauses: [first, second] };
  }
  if (form < 0.8) {
    const a = { ...sampleClause(r, 1), count: 1 };
    let b = { ...sampleClause(r, 1), count: 1 };
    while (sameKind(a, b)) b = { ...sampleClause(r, 1), count: 1 };
    return { form: 'relation', a, relation: pick(r, RELATIONS), b };
  }
  const present = sampleClause(r, 2);
  let absent = { color: pick(r, COLORS), shape: pick(r, SHAPES) };
  while (sameKind(present, absent)) absent = { color: pick(r, COLORS), shape: pick(r, SHAPES) };
  return { form: 'negation', present, absent };
}

function makeObject(r: () => number, c: { color: Color; shape: Shape; size?: Size }): SceneObject {
  return { color: c.color, shape: c.shape, size: c.size ?? pick(r, SIZES), x: 0.5, y: 0.5, angle: (r() - 0.5) * 0.5 };
}

function fits(o: SceneObject, placed: SceneObject[]): boolean {
  const rad = RADIUS[o.size];
  if (o.x - rad < 0.02 || o.x + rad > 0.98 || o.y - rad < 0.02 || o.y + rad > 0.98) return false;
  return placed.every((p) => Math.hypot(p.x - o.x, p.y - o.y) > rad + RADIUS[p.size] + 0.02);
}

/** A scene that makes the caption true, drawn from the seed. Distractor objects may be added where truth allows. */
export function sceneFor(caption: Caption, seed: number): Scene {
  const r = rng(seed);
  for (let attempt = 0; attempt < 200; attempt++) {
    const objects: SceneObject[] = [];
    if (caption.form === 'relation') objects.push(makeObject(r, caption.a), makeObject(r, caption.b));
    else {
      const clauses = caption.form === 'objects' ? caption.clauses : [caption.present];
      for (const c of clauses) for (let i = 0; i < c.count; i++) objects.push(makeObject(r, c));
    }
    // Sometimes a distractor of another kind, so that captions must be read, not guessed from the object count.
    if (objects.length < 3 && r() < 0.5) objects.push(makeObject(r, { color: pick(r, COLORS), shape: pick(r, SHAPES) }));
    const placed: SceneObject[] = [];
    let ok = true;
    for (const o of objects) {
      let found = false;
      for (let t = 0; t < 60 && !found; t++) {
        o.x = 0.05 + r() * 0.9;
        o.y = 0.05 + r() * 0.9;
        found = fits(o, placed);
      }
      if (!found) {
        ok = false;
        break;
      }
      placed.push(o);
    }
    const scene = { objects: placed };
    if (ok && isTrueOf(caption, scene)) return scene;
  }
  throw new Error(`no scene found for "${captionText(caption)}" with seed ${seed}`);
}

/** A true caption for a scene, read from its objects: a relation for two objects, else the objects by kind. */
export function describeScene(scene: Scene, seed = 0): Caption {
  const r = rng(seed);
  const groups = new Map<string, Clause>();
  for (const o of scene.objects) {
    const key = `${o.color} ${o.shape}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { count: 1, color: o.color, shape: o.shape });
  }
  const clauses = [...groups.values()];
  if (scene.objects.length === 2 && clauses.length === 2) {
    const [a, b] = scene.objects;
    for (const relation of RELATIONS) {
      if (holds(a, relation, b) && r() < 0.8) {
        return { form: 'relation', a: { count: 1, color: a.color, shape: a.shape }, relation, b: { count: 1, color: b.color, shape: b.shape } };
      }
    }
  }
  // Exact counts of the kinds it names: true whatever else the scene holds.
  return { form: 'objects', clauses: clauses.slice(0, 2) };
}
