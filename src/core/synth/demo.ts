// The demo dataset: synthetic scenes as correct pairs, mismatched pairs, lone images and lone texts, with ground truth.

import { captionText, isTrueOf, sampleCaption, sceneFor, type Caption, type Scene } from './scene.ts';
import { rng } from '../random.ts';

export interface DemoItem {
  kind: 'pair' | 'image' | 'text';
  /** The caption shown with the item (absent for lone images). */
  caption?: string;
  /** The scene drawn in the image (absent for lone texts) and the seed that renders it. */
  scene?: Scene;
  imageSeed?: number;
  /** Ground truth for pairs: does the caption describe the image? */
  match?: boolean;
  /** A caption that is true of the image (for lone images and mismatched pairs: what a repair should find). */
  trueCaption?: string;
}

export const DEMO_IMAGE_SIZE = 128;

/** Seeds of the training data (training/make_data.ts). Demo seeds used anywhere else are never trained on. */
export const TRAIN_SEED = 1;
export const VAL_SEED = 2;
/** The held-out demo seed behind the metrics in each model's manifest. */
export const HELD_OUT_DEMO_SEED = 777;

/** Training and validation scenes: for a seed, the same endless sequence of (caption, scene, render seed). */
export function* sceneStream(seed: number): Generator<{ caption: Caption; scene: Scene; imageSeed: number }> {
  const r = rng(seed);
  for (;;) {
    const caption = sampleCaption(r);
    const imageSeed = Math.floor(r() * 2 ** 31);
    yield { caption, scene: sceneFor(caption, imageSeed), imageSeed };
  }
}

/** Shares of each kind in the demo: mostly correct pairs, some wrong pairs, some items missing their other half. */
const MIX = { match: 0.6, mismatch: 0.2, image: 0.1 };

export function demoItems(seed: number, count: number): DemoItem[] {
  const r = rng(seed);
  const items: DemoItem[] = [];
  for (let i = 0; i < count; i++) {
    const caption = sampleCaption(r);
    const imageSeed = Math.floor(r() * 2 ** 31);
    const roll = r();
    if (roll >= MIX.match + MIX.mismatch + MIX.image) {
      items.push({ kind: 'text', caption: captionText(caption) });
      continue;
    }
    const scene = sceneFor(caption, imageSeed);
    const trueCaption = captionText(caption);
    if (roll < MIX.match) items.push({ kind: 'pair', caption: trueCaption, scene, imageSeed, match: true, trueCaption });
    else if (roll < MIX.match + MIX.mismatch) {
      let wrong = sampleCaption(r);
      while (isTrueOf(wrong, scene)) wrong = sampleCaption(r);
      items.push({ kind: 'pair', caption: captionText(wrong), scene, imageSeed, match: false, trueCaption });
    } else items.push({ kind: 'image', scene, imageSeed, trueCaption });
  }
  return items;
}
