// Writes what the PyTorch side trains on, all from the TypeScript renderer: the tokenizer, training and validation
// scenes (raw RGB at the demo's size), and a held-out demo set for the matched-vs-mismatched AUC. Every training row
// also gets the app's own hard negatives (the paper's way; the loss is in train.py): one rule rewrite of its caption
// (colour, count, position, negation, swap, and a shape replaced — relations and swaps most often; a rewrite true of
// the scene is never used) with the image edit that matches it (train_neg.u8: the offline provider's editor, a scene drawn for the
// rewrite, checked false for the original caption), and its image with tiles, rows or columns shuffled
// (train_shuf.u8); and a second twin with one object's shape replaced in place (train_shape.u8).
// Usage: npx tsx training/make_data.ts OUT_DIR [TRAIN_COUNT]

import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoItems, DEMO_IMAGE_SIZE, HELD_OUT_DEMO_SEED, sceneStream, TRAIN_SEED, VAL_SEED } from '../src/core/synth/demo.ts';
import { renderScene } from '../src/core/synth/render.ts';
import { rewriteCaption } from '../src/core/negatives/rules.ts';
import { shuffleImage, type PatchVariant } from '../src/core/negatives/structure.ts';
import { rng } from '../src/core/random.ts';
import { type Caption, captionText, type Clause, isTrueOf, parseCaption, type Scene, sceneFor, type Shape, SHAPES } from '../src/core/synth/scene.ts';
import { buildTokenizer } from './tokenizer.ts';

const CONTEXT_LENGTH = 32;

const out = process.argv[2] ?? 'training/out/data';
const trainCount = Number(process.argv[3] ?? 30000);
mkdirSync(out, { recursive: true });

const tok = buildTokenizer(CONTEXT_LENGTH);
writeFileSync(path.join(out, 'tokenizer.json'), JSON.stringify(tok.tokenizer));
writeFileSync(path.join(out, 'tokenizer_config.json'), JSON.stringify(tok.tokenizerConfig, null, 2));

const rgb = (scene: Scene, seed: number) => toRgb(renderScene(scene, DEMO_IMAGE_SIZE, seed));

function toRgb(rgba: Uint8ClampedArray): Uint8Array {
  const px = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    px[j] = rgba[i];
    px[j + 1] = rgba[i + 1];
    px[j + 2] = rgba[i + 2];
  }
  return px;
}

const REWRITES = ['color', 'count', 'position', 'negation', 'swap', 'shape'] as const;
const SHUFFLES: [PatchVariant, number][] = [
  ['patches', 2],
  ['patches', 3],
  ['rows', 2],
  ['rows', 3],
  ['columns', 2],
  ['columns', 3],
];

// How often each rewrite is a row's negative, where it applies: relations and swaps are what contrastive training
// on random batches never teaches (a batch rarely holds "above" and "below" of one scene).
// Shape: the app's rules do not replace nouns (the paper's five types), and without it the towers confused circles
// with squares and diamonds (shape 70-78% on the near-miss benchmark); here an object's shape is replaced, as
// SugarCrepe's replace-obj does for real captions.
const WEIGHTS: Record<(typeof REWRITES)[number], number> = { position: 3, swap: 2, shape: 1.5, color: 1, count: 1, negation: 1 };

/** The caption with one clause's shape replaced by another (both picked by the seed), and that clause and shape. */
function replaceShape(c: Caption, seed: number): { text: string; clause: Clause; shape: Shape } {
  const r = rng(seed ^ 0x5a9e);
  const pickClause = (): Clause => {
    switch (c.form) {
      case 'objects':
        return c.clauses[Math.floor(r() * c.clauses.length)];
      case 'relation':
        return r() < 0.5 ? c.a : c.b;
      case 'negation':
        return c.present;
    }
  };
  const clause = pickClause();
  const others = SHAPES.filter((s) => s !== clause.shape);
  const shape = others[Math.floor(r() * others.length)];
  const put = (x: Clause): Clause => (x === clause ? { ...x, shape } : x);
  const next: Caption =
    c.form === 'objects'
      ? { ...c, clauses: c.clauses.map(put) }
      : c.form === 'relation'
        ? { ...c, a: put(c.a), b: put(c.b) }
        : { ...c, present: put(c.present) };
  return { text: captionText(next), clause, shape };
}

/**
 * The image edit of a shape replacement: the same scene with the clause's objects given the new shape, each where it
 * was, at its size and angle — so that the twin differs from the row in that shape alone (a scene drawn afresh for
 * the rewrite moves and resizes everything, and the towers learned shape from it only for large objects).
 */
function reshaped(scene: Scene, clause: Clause, shape: Shape): Scene {
  return {
    objects: scene.objects.map((o) => (o.color === clause.color && o.shape === clause.shape && (!clause.size || o.size === clause.size) ? { ...o, shape } : o)),
  };
}

/**
 * One rule rewrite of the caption, false of the scene, and its image edit (a scene drawn for the rewrite, of which
 * the caption is false): a twin pair. Null when no rewrite gives one.
 */
function twin(original: Caption, scene: Scene, seed: number, r: () => number): { type: string; text: string; scene: Scene } | null {
  const options: { type: string; text: string; scene: Scene; weight: number }[] = [];
  const text = captionText(original);
  for (const type of REWRITES) {
    const shaped = type === 'shape' ? replaceShape(original, seed) : undefined;
    const rw = shaped ?? rewriteCaption(text, type, seed);
    const parsed = rw && parseCaption(rw.text);
    if (!rw || !parsed || isTrueOf(parsed, scene)) continue;
    let edit: Scene | undefined;
    if (shaped) {
      const minimal = reshaped(scene, shaped.clause, shaped.shape);
      if (isTrueOf(parsed, minimal) && !isTrueOf(original, minimal)) edit = minimal;
    }
    try {
      edit ??= sceneFor(parsed, seed);
    } catch {
      continue;
    }
    if (isTrueOf(original, edit)) continue;
    options.push({ type, text: rw.text, scene: edit, weight: WEIGHTS[type] });
  }
  if (!options.length) return null;
  let x = r() * options.reduce((s, o) => s + o.weight, 0);
  for (const o of options) if ((x -= o.weight) < 0) return o;
  return options[options.length - 1];
}

/** The shape twin alone: the caption with one object's shape replaced, drawn in place; null when it cannot be. */
function shapeTwin(original: Caption, scene: Scene, seed: number): { text: string; scene: Scene } | null {
  const shaped = replaceShape(original, seed);
  const parsed = parseCaption(shaped.text);
  if (!parsed || isTrueOf(parsed, scene)) return null;
  const edit = reshaped(scene, shaped.clause, shaped.shape);
  return isTrueOf(parsed, edit) && !isTrueOf(original, edit) ? { text: shaped.text, scene: edit } : null;
}

async function writeSplit(name: string, seed: number, count: number, negatives = false) {
  const scenes = sceneStream(seed);
  const images = createWriteStream(path.join(out, `${name}.u8`));
  const negImages = negatives ? createWriteStream(path.join(out, `${name}_neg.u8`)) : undefined;
  const shufImages = negatives ? createWriteStream(path.join(out, `${name}_shuf.u8`)) : undefined;
  const shapeImages = negatives ? createWriteStream(path.join(out, `${name}_shape.u8`)) : undefined;
  const pickTwin = rng(seed ^ 0x7717);
  const write = async (stream: ReturnType<typeof createWriteStream>, px: Uint8Array) => {
    if (!stream.write(px)) await new Promise((res) => stream.once('drain', res));
  };
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const { caption, scene, imageSeed } = scenes.next().value!;
    const rgba = renderScene(scene, DEMO_IMAGE_SIZE, imageSeed);
    if (!images.write(toRgb(rgba))) await new Promise((res) => images.once('drain', res));
    const text = captionText(caption);
    if (negImages && shufImages) {
      const [variant, n] = SHUFFLES[i % SHUFFLES.length];
      const shuffled = shuffleImage({ width: DEMO_IMAGE_SIZE, height: DEMO_IMAGE_SIZE, data: rgba }, n, imageSeed, variant);
      // A uniform image has no shuffle: its negative is itself turned upside down (rows reversed).
      const shuf = toRgb(shuffled ? shuffled.image.data : flipRows(rgba));
      await write(shufImages, shuf);
      const t = twin(caption, scene, imageSeed, pickTwin);
      // Without a twin the row's slot holds its shuffle, and no caption goes with it.
      await write(negImages, t ? rgb(t.scene, imageSeed) : shuf);
      // A second twin, a shape replaced in place, for the rows whose first twin is something else: shape was the
      // type the towers failed most (circle and square, small objects, relation captions: 64-80%), and giving it
      // a larger share of the one twin would take it from positions and swaps. train.py uses it on a third of a batch.
      const s = t?.type === 'shape' ? null : shapeTwin(caption, scene, imageSeed);
      await write(shapeImages!, s ? rgb(s.scene, imageSeed) : shuf);
      // The scene's objects (colour, shape, size, centre): train.py's auxiliary loss reads kinds and positions.
      const objects = scene.objects.map((o) => [o.color, o.shape, o.size, +o.x.toFixed(3), +o.y.toFixed(3)]);
      rows.push(JSON.stringify({ text, form: caption.form, neg: t ? { type: t.type, text: t.text } : null, shape: s ? { text: s.text } : null, objects }));
    } else rows.push(JSON.stringify({ text, form: caption.form }));
    if (i % 5000 === 0) console.error(`${name}: ${i}/${count}`);
  }
  await new Promise((res) => images.end(res));
  if (negImages) await new Promise((res) => negImages.end(res));
  if (shufImages) await new Promise((res) => shufImages.end(res));
  if (shapeImages) await new Promise((res) => shapeImages.end(res));
  writeFileSync(path.join(out, `${name}.jsonl`), `${rows.join('\n')}\n`);
}

function flipRows(rgba: Uint8ClampedArray): Uint8ClampedArray {
  const row = DEMO_IMAGE_SIZE * 4;
  const out = new Uint8ClampedArray(rgba.length);
  for (let y = 0; y < DEMO_IMAGE_SIZE; y++) out.set(rgba.subarray(y * row, (y + 1) * row), (DEMO_IMAGE_SIZE - 1 - y) * row);
  return out;
}

await writeSplit('train', TRAIN_SEED, trainCount, true);
await writeSplit('val', VAL_SEED, 2000);
// Held-out demo pairs: the same generator as the app's demo, a seed never trained on.
const demo = demoItems(HELD_OUT_DEMO_SEED, 1500).filter((d) => d.kind === 'pair');
const images = createWriteStream(path.join(out, 'demo.u8'));
for (const d of demo) images.write(rgb(d.scene!, d.imageSeed!));
await new Promise((res) => images.end(res));
writeFileSync(path.join(out, 'demo.jsonl'), `${demo.map((d) => JSON.stringify({ text: d.caption, match: d.match, mismatch: d.mismatch })).join('\n')}\n`);
writeFileSync(
  path.join(out, 'data.json'),
  JSON.stringify(
    {
      imageSize: DEMO_IMAGE_SIZE,
      contextLength: CONTEXT_LENGTH,
      train: trainCount,
      trainSeed: TRAIN_SEED,
      val: 2000,
      valSeed: VAL_SEED,
      demoPairs: demo.length,
      demoSeed: HELD_OUT_DEMO_SEED,
      vocabSize: tok.vocabSize,
      hardNegatives: {
        captions: 'core/negatives/rules.ts: color, count, position, negation, swap; and make_data.ts: shape (an object replaced)',
        weights: WEIGHTS,
        edits: "the offline provider's editor: a scene drawn for the rewrite",
        shuffles: 'core/negatives/structure.ts: patches, rows, columns (2 and 3)',
        shapeTwins: 'train_shape.u8: a second twin per row whose first is not a shape: one object replaced by another shape in place',
      },
    },
    null,
    2,
  ),
);
console.error('done');
