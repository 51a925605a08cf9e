// Writes what the PyTorch side trains on, all from the TypeScript renderer: the tokenizer, training and validation
// scenes (raw RGB at the demo's size), and a held-out demo set for the matched-vs-mismatched AUC.
// Usage: npx tsx training/make_data.ts OUT_DIR [TRAIN_COUNT]

import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoItems, DEMO_IMAGE_SIZE, HELD_OUT_DEMO_SEED, sceneStream, TRAIN_SEED, VAL_SEED } from '../src/core/synth/demo.ts';
import { renderScene } from '../src/core/synth/render.ts';
import { captionText, type Scene } from '../src/core/synth/scene.ts';
import { buildTokenizer } from './tokenizer.ts';

const CONTEXT_LENGTH = 32;

const out = process.argv[2] ?? 'training/out/data';
const trainCount = Number(process.argv[3] ?? 30000);
mkdirSync(out, { recursive: true });

const tok = buildTokenizer(CONTEXT_LENGTH);
writeFileSync(path.join(out, 'tokenizer.json'), JSON.stringify(tok.tokenizer));
writeFileSync(path.join(out, 'tokenizer_config.json'), JSON.stringify(tok.tokenizerConfig, null, 2));

function rgb(scene: Scene, seed: number): Uint8Array {
  const rgba = renderScene(scene, DEMO_IMAGE_SIZE, seed);
  const px = new Uint8Array(DEMO_IMAGE_SIZE * DEMO_IMAGE_SIZE * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) px.set(rgba.subarray(i, i + 3), j);
  return px;
}

async function writeSplit(name: string, seed: number, count: number) {
  const scenes = sceneStream(seed);
  const images = createWriteStream(path.join(out, `${name}.u8`));
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const { caption, scene, imageSeed } = scenes.next().value!;
    if (!images.write(rgb(scene, imageSeed))) await new Promise((res) => images.once('drain', res));
    rows.push(JSON.stringify({ text: captionText(caption), form: caption.form }));
    if (i % 5000 === 0) console.error(`${name}: ${i}/${count}`);
  }
  await new Promise((res) => images.end(res));
  writeFileSync(path.join(out, `${name}.jsonl`), `${rows.join('\n')}\n`);
}

await writeSplit('train', TRAIN_SEED, trainCount);
await writeSplit('val', VAL_SEED, 2000);
// Held-out demo pairs: the same generator as the app's demo, a seed never trained on.
const demo = demoItems(HELD_OUT_DEMO_SEED, 1500).filter((d) => d.kind === 'pair');
const images = createWriteStream(path.join(out, 'demo.u8'));
for (const d of demo) images.write(rgb(d.scene!, d.imageSeed!));
await new Promise((res) => images.end(res));
writeFileSync(path.join(out, 'demo.jsonl'), `${demo.map((d) => JSON.stringify({ text: d.caption, match: d.match })).join('\n')}\n`);
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
    },
    null,
    2,
  ),
);
console.error('done');
