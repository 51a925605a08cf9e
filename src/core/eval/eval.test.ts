import { describe, expect, it } from 'vitest';
import { evaluate, parseSugarCrepe, winogroundCorrect, type EvalCase } from './eval.ts';

describe('evaluation', () => {
  it('computes per-type accuracy for text and image negatives, per model, on hand-checked scores', async () => {
    const table: Record<string, Record<string, number>> = {
      'i1|a red cup': { A: 0.9, B: 0.5 },
      'i1|a blue cup': { A: 0.4, B: 0.6 }, // A right, B wrong
      'i2|two dogs': { A: 0.7, B: 0.7 },
      'i2|three dogs': { A: 0.7, B: 0.2 }, // A ties: wrong (must be strictly greater); B right
      'i3|a cat on a mat': { A: 0.8, B: 0.8 },
      'i3s|a cat on a mat': { A: 0.3, B: 0.9 }, // image negative: A right, B wrong
    };
    const cases: EvalCase[] = [
      { type: 'color', image: 'i1', caption: 'a red cup', negativeCaption: 'a blue cup' },
      { type: 'count', image: 'i2', caption: 'two dogs', negativeCaption: 'three dogs' },
      { type: 'patch-shuffle', image: 'i3', caption: 'a cat on a mat', negativeImage: 'i3s' },
    ];
    const out = await evaluate(cases, async (pairs) => pairs.map((p) => table[`${p.image}|${p.text}`] ?? null));
    const a = out.find((m) => m.model === 'A')!;
    const b = out.find((m) => m.model === 'B')!;
    expect(a.perType).toEqual({
      color: { n: 1, correct: 1, accuracy: 1 },
      count: { n: 1, correct: 0, accuracy: 0 },
      'patch-shuffle': { n: 1, correct: 1, accuracy: 1 },
    });
    expect(b.overall).toEqual({ n: 3, correct: 1, accuracy: 1 / 3 });
    expect(a.winoground).toBeNull();
  });

  it('scores Winoground text, image and group as the reference does', () => {
    // s[caption][image]
    expect(
      winogroundCorrect([
        [0.9, 0.2],
        [0.1, 0.8],
      ]),
    ).toEqual({ text: true, image: true, group: true });
    // Text right (each image prefers its caption), image wrong (caption 1 prefers image 0).
    expect(
      winogroundCorrect([
        [0.9, 0.2],
        [0.6, 0.5],
      ]),
    ).toEqual({ text: true, image: false, group: false });
    expect(
      winogroundCorrect([
        [0.9, 0.8],
        [0.1, 0.85],
      ]),
    ).toEqual({ text: true, image: true, group: true });
    expect(
      winogroundCorrect([
        [0.5, 0.6],
        [0.4, 0.7],
      ]),
    ).toEqual({ text: true, image: false, group: false });
  });

  it('computes Winoground scores where a case has both a text and an image negative', async () => {
    const s: Record<string, Record<string, number>> = { 'i|c0': { M: 0.5 }, 'i|c1': { M: 0.4 }, 'j|c0': { M: 0.6 }, 'j|c1': { M: 0.7 } };
    const [m] = await evaluate([{ type: 'color', image: 'i', caption: 'c0', negativeCaption: 'c1', negativeImage: 'j' }], async (pairs) =>
      pairs.map((p) => s[`${p.image}|${p.text}`]),
    );
    expect(m.perType.color.accuracy).toBe(1);
    expect(m.winoground).toEqual({ n: 1, text: 1, image: 0, group: 0 });
    // Judged on the image: the caption prefers the negative image (0.6 > 0.5), so wrong.
    const [j] = await evaluate([{ type: 'color', image: 'i', caption: 'c0', negativeCaption: 'c1', negativeImage: 'j', judge: 'image' }], async (pairs) =>
      pairs.map((p) => s[`${p.image}|${p.text}`]),
    );
    expect(j.perType.color.accuracy).toBe(0);
  });

  it('reads SugarCrepe JSON and reports malformed rows', () => {
    const { cases, errors } = parseSugarCrepe(
      JSON.stringify({ 0: { filename: 'a.jpg', caption: 'x', negative_caption: 'y' }, 1: { filename: 'b.jpg', caption: 'x' } }),
      'replace_att',
    );
    expect(cases).toEqual([{ type: 'replace_att', image: 'a.jpg', caption: 'x', negativeCaption: 'y' }]);
    expect(errors[0]).toMatch(/replace_att #1: needs/);
    expect(parseSugarCrepe('[1]', 'swap_obj').errors[0]).toMatch(/expected an object/);
  });
});
