// Seeded randomness for negatives: the same seed and input always give the same negative.

import { rng } from '../synth/scene.ts';

/** A 32-bit seed from a run seed and the text of what is being changed. */
export function seedFor(seed: number, ...parts: string[]): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (const p of parts) for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function random(seed: number): () => number {
  return rng(seed);
}

/** A uniformly random permutation of 0..n-1 that is never the identity (n ≥ 2). */
export function nonIdentityPermutation(n: number, r: () => number): number[] {
  if (n < 2) throw new Error(`a permutation of ${n} element(s) cannot differ from the identity`);
  for (;;) {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    if (p.some((v, i) => v !== i)) return p;
  }
}

export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}
