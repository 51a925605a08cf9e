// Structure negatives (§5 of the paper): the image cut into N×N tiles and shuffled (I'_S), the caption's trigrams
// shuffled (T'_S), and the ARO variants (rows, columns; words within trigrams). Seeded and deterministic, never the
// identity, and non-fluent on purpose: they are their own family, kept apart from the fluent compositional types.

import type { RgbaImage } from '../image/types.ts';
import { nonIdentityPermutation, random } from '../random.ts';
import { detokenize, tokenize } from './text.ts';

export type PatchVariant = 'patches' | 'rows' | 'columns';

export interface ShuffledImage {
  image: RgbaImage;
  /** Tile i of the output shows tile permutation[i] of the input (tiles in reading order). */
  permutation: number[];
}

/** Tile edges along one axis: n tiles of equal size; the remainder (when the size is not a multiple of n) stays put. */
function edges(size: number, n: number): number[] {
  const t = Math.floor(size / n);
  return Array.from({ length: n + 1 }, (_, i) => i * t);
}

/**
 * Shuffle an image's tiles. `patches`: an n×n grid; `rows` / `columns`: n horizontal / vertical strips. Works for any
 * aspect ratio (tiles follow the image's shape); the pixels left over when a side is not a multiple of n stay where
 * they are. Throws when the image is too small to cut. Returns null when every permutation gives the same pixels
 * (a uniform image), since such a "negative" would equal the positive.
 */
export function shuffleImage(img: RgbaImage, n: number, seed: number, variant: PatchVariant = 'patches'): ShuffledImage | null {
  if (!Number.isInteger(n) || n < 2 || n > 8) throw new Error(`the grid size must be a whole number from 2 to 8, not ${n}`);
  const nx = variant === 'rows' ? 1 : n;
  const ny = variant === 'columns' ? 1 : n;
  if (img.width < nx || img.height < ny) throw new Error(`a ${img.width}×${img.height} image is too small to cut into ${nx}×${ny} tiles`);
  const xs = edges(img.width, nx);
  const ys = edges(img.height, ny);
  const tiles = nx * ny;
  const r = random(seed);
  for (let attempt = 0; attempt < 8; attempt++) {
    const permutation = nonIdentityPermutation(tiles, r);
    const out = new Uint8ClampedArray(img.data);
    const tw = xs[1];
    const th = ys[1];
    for (let dst = 0; dst < tiles; dst++) {
      const src = permutation[dst];
      const sx = xs[src % nx];
      const sy = ys[Math.floor(src / nx)];
      const dx = xs[dst % nx];
      const dy = ys[Math.floor(dst / nx)];
      for (let y = 0; y < th; y++) {
        const from = ((sy + y) * img.width + sx) * 4;
        out.set(img.data.subarray(from, from + tw * 4), ((dy + y) * img.width + dx) * 4);
      }
    }
    if (!sameBytes(out, img.data)) return { image: { width: img.width, height: img.height, data: out }, permutation };
  }
  return null;
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export type TextShuffle = 'trigram-shuffle' | 'within-trigram-shuffle';

/**
 * ARO's trigram shuffle: split the tokens into consecutive trigrams (the last may be shorter) and shuffle their
 * order. A caption of one trigram (three tokens or fewer) has no order to shuffle, so its words are shuffled instead.
 * `within-trigram-shuffle` shuffles the words inside each trigram. Returns null when no shuffle changes the text
 * (one word, or repeated words), with nothing to learn from.
 */
export function shuffleCaption(text: string, seed: number, kind: TextShuffle = 'trigram-shuffle'): string | null {
  // Final punctuation stays at the end: "a dog on a sofa ." would otherwise move the full stop into the middle.
  const tokens = tokenize(text);
  const tail = tokens.length && /^[.!?]$/.test(tokens.at(-1)!) ? [tokens.pop()!] : [];
  if (tokens.length < 2) return null;
  const grams: string[][] = [];
  for (let i = 0; i < tokens.length; i += 3) grams.push(tokens.slice(i, i + 3));
  const r = random(seed);
  const original = tokens.join(' ').toLowerCase();
  for (let attempt = 0; attempt < 12; attempt++) {
    let out: string[];
    if (kind === 'trigram-shuffle' && grams.length >= 2) out = nonIdentityPermutation(grams.length, r).flatMap((i) => grams[i]);
    else if (kind === 'trigram-shuffle' || grams.every((g) => g.length < 2)) out = nonIdentityPermutation(tokens.length, r).map((i) => tokens[i]);
    else {
      // Within trigrams: every trigram of two or more words is shuffled (at least one differs).
      out = grams.flatMap((g) => (g.length < 2 ? g : nonIdentityPermutation(g.length, r).map((i) => g[i])));
    }
    if (out.join(' ').toLowerCase() !== original) return detokenize([...out, ...tail]);
  }
  return null;
}
