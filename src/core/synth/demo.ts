// The demo dataset: synthetic scenes as correct pairs, mismatched pairs, lone images and lone texts, with ground truth.

import { NEAR_MISS_TYPES, nearMissOptions, type NearMissType } from './nearMiss.ts';
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
  /** How a mismatched pair is wrong: a random caption, or its true caption with one word or relation changed. */
  mismatch?: 'random' | `near-miss:${NearMissType}`;
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
/** Of the wrong pairs, this share are near-misses (one attribute or relation off), as real mismatches often are. */
export const NEAR_MISS_SHARE = 0.5;

export function demoItems(seed: number, count: number): DemoItem[] {
  const r = rng(seed);
  // Near-misses draw from their own stream: every other item is what it was before they existed.
  const near = rng(seed ^ 0x4e4d);
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
      let text = captionText(wrong);
      let mismatch: DemoItem['mismatch'] = 'random';
      if (near() < NEAR_MISS_SHARE) {
        const applicable = NEAR_MISS_TYPES.map((type) => ({ type, options: nearMissOptions(caption, scene, type) })).filter((a) => a.options.length);
        if (applicable.length) {
          const { type, options } = applicable[Math.floor(near() * applicable.length)];
          text = options[Math.floor(near() * options.length)];
          mismatch = `near-miss:${type}`;
        }
      }
      items.push({ kind: 'pair', caption: text, scene, imageSeed, match: false, trueCaption, mismatch });
    } else items.push({ kind: 'image', scene, imageSeed, trueCaption });
  }
  return items;
}
