// Seeded randomness shared by the synthetic world, the negatives and the statistics: the same seed always gives the
// same numbers, in every JavaScript engine.

/** mulberry32: small, fast, and the same in every JavaScript engine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
