// Property tests for the structure shuffles: permutations, never the identity, deterministic per seed, tiny inputs.

import { describe, expect, it } from 'vitest';
import { shuffleCaption, shuffleImage, type PatchVariant } from './structure.ts';
import { tokenize, withTokens } from './text.ts';

/** An image whose every pixel is distinct, so a tile's content tells where it came from. */
function distinct(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([i & 255, (i >> 8) & 255, (i >> 16) & 255, 255], i * 4);
  return { width, height, data };
}
const pixel = (img: { width: number; data: Uint8Array | Uint8ClampedArray }, x: number, y: number) =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)).join(',');

describe('image tile shuffle', () => {
  const sizes: [number, number][] = [
    [32, 32],
    [37, 23],
    [10, 64],
    [5, 5],
    [4, 3],
  ];
  const variants: PatchVariant[] = ['patches', 'rows', 'columns'];
  it('is a permutation of the tiles, never the identity, the same for the same seed, for any aspect ratio', () => {
    for (const [w, h] of sizes)
      for (const variant of variants)
        for (const n of [2, 3, 4].filter((n) => (variant !== 'rows' || h >= n) && (variant !== 'columns' || w >= n) && w >= n && h >= n))
          for (let seed = 0; seed < 15; seed++) {
            const img = distinct(w, h);
            const out = shuffleImage(img, n, seed, variant)!;
            const tiles = variant === 'patches' ? n * n : n;
            expect([...out.permutation].sort((a, b) => a - b)).toEqual(Array.from({ length: tiles }, (_, i) => i));
            expect(out.permutation.some((v, i) => v !== i)).toBe(true);
            // Same multiset of pixels: nothing made up, nothing lost.
            const before = new Map<string, number>();
            const after = new Map<string, number>();
            for (let y = 0; y < h; y++)
              for (let x = 0; x < w; x++) {
                before.set(pixel(img, x, y), (before.get(pixel(img, x, y)) ?? 0) + 1);
                after.set(pixel(out.image, x, y), (after.get(pixel(out.image, x, y)) ?? 0) + 1);
              }
            expect(after).toEqual(before);
            expect(Array.from(out.image.data)).not.toEqual(Array.from(img.data));
            expect(shuffleImage(img, n, seed, variant)!.permutation).toEqual(out.permutation);
            // The output tile at position 0 is the input tile the permutation names.
            const nx = variant === 'rows' ? 1 : n;
            const tw = Math.floor(w / nx);
            const th = Math.floor(h / (variant === 'columns' ? 1 : n));
            const src = out.permutation[0];
            expect(pixel(out.image, 0, 0)).toBe(pixel(img, (src % nx) * tw, Math.floor(src / nx) * th));
          }
  });

  it('returns null for a uniform image (every shuffle equals the original) and refuses bad grids', () => {
    const flat = { width: 8, height: 8, data: new Uint8ClampedArray(8 * 8 * 4).fill(7) };
    expect(shuffleImage(flat, 2, 1)).toBeNull();
    expect(() => shuffleImage(distinct(8, 8), 1, 1)).toThrow(/2 to 8/);
    expect(() => shuffleImage(distinct(1, 8), 2, 1)).toThrow(/too small/);
  });
});

describe('caption trigram shuffle', () => {
  const captions = [
    'a dog',
    'two red circles',
    'a cat on a mat',
    'A man riding a brown horse on the beach.',
    'A small green square above a purple diamond.',
    'one two three four five six seven eight nine ten',
  ];
  it('keeps every word, never returns the original order, and is deterministic', () => {
    for (const kind of ['trigram-shuffle', 'within-trigram-shuffle'] as const)
      for (const text of captions)
        for (let seed = 0; seed < 25; seed++) {
          const out = shuffleCaption(text, seed, kind)!;
          expect(out, `${kind} ${text}`).not.toBeNull();
          expect(out.toLowerCase()).not.toBe(text.toLowerCase());
          expect(tokenize(out).sort()).toEqual(tokenize(text).sort());
          expect(shuffleCaption(text, seed, kind)).toBe(out);
        }
  });

  it('moves whole trigrams (trigram-shuffle) or words within their trigram (within-trigram-shuffle)', () => {
    const text = 'one two three four five six seven';
    const grams = ['one two three', 'four five six', 'seven'];
    for (let seed = 0; seed < 20; seed++) {
      const out = shuffleCaption(text, seed)!;
      expect(grams.every((g) => out.includes(g))).toBe(true);
      const within = shuffleCaption(text, seed, 'within-trigram-shuffle')!.split(' ');
      expect(within.slice(0, 3).sort()).toEqual(['one', 'three', 'two']);
      expect(within.slice(3, 6).sort()).toEqual(['five', 'four', 'six']);
      expect(within[6]).toBe('seven');
    }
  });

  it('keeps the final full stop at the end and gives null when nothing can change', () => {
    expect(shuffleCaption('A dog on a sofa.', 3)!.endsWith('.')).toBe(true);
    expect(shuffleCaption('dog', 1)).toBeNull();
    expect(shuffleCaption('', 1)).toBeNull();
    expect(shuffleCaption('ha ha ha', 1)).toBeNull();
  });
});

describe('withTokens keeps what a change did not touch', () => {
  it('substitutions, an insertion and a deletion, with the caption’s own quotes, dashes and spaces', () => {
    const caption = 'a "black" car  parked — next to a house';
    const swapped = tokenize(caption).map((t) => (t === 'black' ? 'white' : t));
    expect(withTokens(caption, swapped)).toBe('a "white" car  parked — next to a house');
    const inserted = [...tokenize(caption).slice(0, 10), 'small', ...tokenize(caption).slice(10)];
    expect(withTokens(caption, inserted)).toBe('a "black" car  parked — next to a small house');
    const deleted = tokenize(caption).filter((t) => t !== 'next' && t !== 'to');
    expect(withTokens(caption, deleted)).toBe('a "black" car  parked — a house');
  });
});
