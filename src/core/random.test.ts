import { describe, expect, it } from 'vitest';
import { contentId, random, seedFor } from './random.ts';

/** contentId as it was first written: four seedFor hashes of the joined text. Stored ids depend on its output. */
function referenceContentId(...parts: string[]): string {
  const text = parts.join('\u0000');
  const hex = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f].map((salt) => seedFor(salt, text).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('contentId', () => {
  it('gives the ids it always gave (imports find the rows an earlier import stored by them)', () => {
    const r = random(7);
    const cases: string[][] = [[], [''], ['', ''], ['a'], ['ab', 'c'], ['a', 'bc'], ['犬が二匹 🐕', '\u0000'], ['import', 'ds-1', 'captions.jsonl', '12', '']];
    for (let i = 0; i < 2000; i++)
      cases.push(
        Array.from({ length: 1 + Math.floor(r() * 5) }, () =>
          String.fromCharCode(...Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 65536))),
        ),
      );
    for (const parts of cases) expect(contentId(...parts)).toBe(referenceContentId(...parts));
    // Values the first implementation printed (2026-11-30).
    expect(contentId('item', 'a.jsonl', '0', '', 'red')).toBe('a5319b17-e77a-9295-3adc-88db53b67431');
    expect(contentId('import', 'ds-1', 'captions.jsonl', '12', '')).toBe('39f4bd76-4c9e-6764-f73f-d0cac15d4bb0');
  });

  it('separates parts: ("ab", "c") and ("a", "bc") differ', () => {
    expect(contentId('ab', 'c')).not.toBe(contentId('a', 'bc'));
  });
});
