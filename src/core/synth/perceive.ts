// Reads a synthetic scene back from pixels: the offline provider's "VLM". Segments objects by colour against the
// background, then fits each to the shape, size and rotation whose ideal silhouette overlaps it best.

import type { RgbaImage } from '../image/types.ts';
import { inside, PALETTE } from './render.ts';
import { COLORS, SHAPES, SIZES, type Color, type Scene, type SceneObject } from './scene.ts';

const ANGLES = Array.from({ length: 11 }, (_, i) => -0.25 + i * 0.05);

export function perceiveScene(img: RgbaImage): Scene {
  const { width: W, height: H, data } = img;
  // Background: the median of the border pixels.
  const bg = backgroundOf(img);
  // Label each clearly coloured pixel with its nearest palette colour (-1: background or an edge blend).
  const label = new Int8Array(W * H).fill(-1);
  for (let i = 0; i < W * H; i++) {
    const p = [data[i * 4], data[i * 4 + 1], data[i * 4 + 2]];
    if (dist(p, bg) < 60) continue;
    let best = -1;
    let bestD = Infinity;
    COLORS.forEach((c, k) => {
      const d = dist(p, PALETTE[c]);
      if (d < bestD) [best, bestD] = [k, d];
    });
    if (bestD < 70) label[i] = best;
  }
  // Connected components of one colour each (objects never touch in sampled scenes).
  const seen = new Uint8Array(W * H);
  const objects: SceneObject[] = [];
  for (let start = 0; start < W * H; start++) {
    if (label[start] < 0 || seen[start]) continue;
    const color = label[start];
    const stack = [start];
    const pixels: number[] = [];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      pixels.push(i);
      const x = i % W;
      const y = (i / W) | 0;
      for (const [dx, dy] of [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ]) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= W || ny >= H) continue;
        const j = ny * W + nx;
        if (!seen[j] && label[j] === color) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    // Specks (noise, blended edges) are not objects: the smallest object covers about 1.3% of the image.
    if (pixels.length < W * H * 0.004) continue;
    objects.push(fitObject(pixels, W, H, COLORS[color]));
  }
  return { objects };
}

function px(d: ArrayLike<number>, W: number, x: number, y: number): number[] {
  const o = (y * W + x) * 4;
  return [d[o], d[o + 1], d[o + 2]];
}

function dist(a: number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** The shape, size and angle whose silhouette at the component's centre has the best overlap with it. */
function fitObject(pixels: number[], W: number, H: number, color: Color): SceneObject {
  let sx = 0;
  let sy = 0;
  let minX = W;
  let minY = H;
  let maxX = 0;
  let maxY = 0;
  const mask = new Set(pixels);
  for (const i of pixels) {
    const x = i % W;
    const y = (i / W) | 0;
    sx += x + 0.5;
    sy += y + 0.5;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const cx = sx / pixels.length / W;
  const cy = sy / pixels.length / H;
  let best: SceneObject = { shape: 'circle', color, size: 'small', x: cx, y: cy, angle: 0 };
  let bestIou = -1;
  const pad = 3;
  for (const shape of SHAPES) {
    for (const size of SIZES) {
      for (const angle of shape === 'circle' ? [0] : ANGLES) {
        // A triangle's centroid and centre coincide (equilateral), so every shape is placed at the centroid.
        const cand: SceneObject = { shape, color, size, x: cx, y: cy, angle };
        let inter = 0;
        let union = 0;
        for (let y = Math.max(0, minY - pad * 4); y <= Math.min(H - 1, maxY + pad * 4); y++) {
          for (let x = Math.max(0, minX - pad * 4); x <= Math.min(W - 1, maxX + pad * 4); x++) {
            const a = mask.has(y * W + x);
            const b = inside(cand, (x + 0.5) / W, (y + 0.5) / H);
            if (a && b) inter++;
            if (a || b) union++;
          }
        }
        const iou = inter / union;
        if (iou > bestIou) [best, bestIou] = [cand, iou];
      }
    }
  }
  return best;
}

/** Below this share of explained pixels an image is not a synthetic scene (measured: demo scenes ≥ 0.98, photos ≤ 0.69). */
export const SYNTHETIC_SCENE_MIN = 0.9;

/**
 * How much an image looks like a synthetic scene: the share of its pixels that are the background (the border's
 * median colour) or one of the palette's colours. Synthetic scenes score about 0.98–1; photographs far less.
 */
export function sceneLikeness(img: RgbaImage): number {
  const { width: W, height: H, data } = img;
  const [br, bgG, bb] = backgroundOf(img);
  // Squared distances, and the palette unpacked once: this runs on every imported image.
  const palette = COLORS.map((c) => PALETTE[c]);
  let explained = 0;
  for (let i = 0; i < W * H; i++) {
    const r = data[i * 4];
    const g = data[i * 4 + 1];
    const b = data[i * 4 + 2];
    if ((r - br) ** 2 + (g - bgG) ** 2 + (b - bb) ** 2 < 60 * 60) {
      explained++;
      continue;
    }
    for (const p of palette)
      if ((r - p[0]) ** 2 + (g - p[1]) ** 2 + (b - p[2]) ** 2 < 70 * 70) {
        explained++;
        break;
      }
  }
  return W * H ? explained / (W * H) : 0;
}

function backgroundOf({ width: W, height: H, data }: RgbaImage): number[] {
  const border: number[][] = [];
  for (let x = 0; x < W; x++) border.push(px(data, W, x, 0), px(data, W, x, H - 1));
  for (let y = 0; y < H; y++) border.push(px(data, W, 0, y), px(data, W, W - 1, y));
  return [0, 1, 2].map((c) => border.map((p) => p[c]).sort((a, b) => a - b)[border.length >> 1]);
}
