// Draws a scene into RGBA pixels with plain arithmetic, so the browser, Node and the training data get the same image.

import { encodePng } from '../png.ts';
import { RADIUS, type Color, type Scene, type SceneObject } from './scene.ts';
import { rng } from '../random.ts';

export const PALETTE: Record<Color, [number, number, number]> = {
  red: [220, 40, 40],
  green: [40, 170, 60],
  blue: [40, 80, 220],
  yellow: [235, 200, 30],
  purple: [140, 60, 190],
  orange: [245, 130, 30],
};

export function inside(o: SceneObject, px: number, py: number): boolean {
  const dx = px - o.x;
  const dy = py - o.y;
  const R = RADIUS[o.size];
  if (o.shape === 'circle') return dx * dx + dy * dy <= R * R;
  const c = Math.cos(o.angle);
  const s = Math.sin(o.angle);
  const u = c * dx + s * dy;
  const v = -s * dx + c * dy;
  if (o.shape === 'square') return Math.abs(u) <= R * 0.85 && Math.abs(v) <= R * 0.85;
  if (o.shape === 'diamond') return Math.abs(u) + Math.abs(v) <= R * 1.15;
  // Equilateral triangle, apex up (y grows downward), circumradius 1.2 R: it widens linearly from the apex.
  const r = R * 1.2;
  return v <= r * 0.5 && v >= -r && Math.abs(u) * Math.sqrt(3) <= v + r;
}

/** An object's test with its rotation and extent worked out once (the same arithmetic as `inside`). */
interface Prepared {
  o: SceneObject;
  c: number;
  s: number;
  /** Bounding box, in the image's unit square: no sample outside it can be inside the object. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function prepare(o: SceneObject): Prepared {
  // Every shape lies within 1.2 R of its centre (the triangle's circumradius is the largest); a little more for rounding.
  const reach = RADIUS[o.size] * 1.25;
  return { o, c: Math.cos(o.angle), s: Math.sin(o.angle), x0: o.x - reach, x1: o.x + reach, y0: o.y - reach, y1: o.y + reach };
}

function insidePrepared(p: Prepared, px: number, py: number): boolean {
  if (px < p.x0 || px > p.x1 || py < p.y0 || py > p.y1) return false;
  const o = p.o;
  const dx = px - o.x;
  const dy = py - o.y;
  const R = RADIUS[o.size];
  if (o.shape === 'circle') return dx * dx + dy * dy <= R * R;
  const u = p.c * dx + p.s * dy;
  const v = -p.s * dx + p.c * dy;
  if (o.shape === 'square') return Math.abs(u) <= R * 0.85 && Math.abs(v) <= R * 0.85;
  if (o.shape === 'diamond') return Math.abs(u) + Math.abs(v) <= R * 1.15;
  const r = R * 1.2;
  return v <= r * 0.5 && v >= -r && Math.abs(u) * Math.sqrt(3) <= v + r;
}

/** Render at size×size pixels; the seed varies background tint, noise and colour jitter. */
export function renderScene(scene: Scene, size: number, seed: number): Uint8ClampedArray {
  const r = rng(seed ^ 0x5eed);
  const bg = [228 + Math.floor(r() * 20), 228 + Math.floor(r() * 20), 228 + Math.floor(r() * 20)];
  const colors = scene.objects.map((o) => PALETTE[o.color].map((v) => Math.max(0, Math.min(255, v + Math.floor((r() - 0.5) * 24)))));
  const prepared = scene.objects.map(prepare);
  const px = new Uint8ClampedArray(size * size * 4);
  const SS = 2;
  for (let y = 0; y < size; y++) {
    // The objects whose box meets this row of pixels, last drawn first (later objects are drawn over earlier ones;
    // they never overlap in sampled scenes).
    const top = y / size;
    const bottom = (y + 1) / size;
    const row: number[] = [];
    for (let i = prepared.length - 1; i >= 0; i--) if (prepared[i].y1 >= top && prepared[i].y0 <= bottom) row.push(i);
    for (let x = 0; x < size; x++) {
      let R = 0;
      let G = 0;
      let B = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const fx = (x + (sx + 0.5) / SS) / size;
          const fy = (y + (sy + 0.5) / SS) / size;
          let c = bg;
          for (const i of row) {
            if (insidePrepared(prepared[i], fx, fy)) {
              c = colors[i];
              break;
            }
          }
          R += c[0];
          G += c[1];
          B += c[2];
        }
      }
      const noise = Math.floor((r() - 0.5) * 10);
      const o = (y * size + x) * 4;
      px[o] = R / (SS * SS) + noise;
      px[o + 1] = G / (SS * SS) + noise;
      px[o + 2] = B / (SS * SS) + noise;
      px[o + 3] = 255;
    }
  }
  return px;
}

export function renderScenePng(scene: Scene, size: number, seed: number): Uint8Array {
  return encodePng(size, size, renderScene(scene, size, seed));
}
