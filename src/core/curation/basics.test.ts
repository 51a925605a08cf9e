import { describe, expect, it } from 'vitest';
import type { Item } from '../model.ts';
import { basicFilter, describeBasicFilters, parseBasicFilters } from './basics.ts';
import { applyFilters } from './filters.ts';

const item = (seq: number, caption: string | undefined, size?: [number, number]): Item => ({
  id: `i${seq}`,
  datasetId: 'd',
  seq,
  kind: caption === undefined ? 'image' : 'pair',
  imageHash: size ? `h${seq}` : undefined,
  imageSize: size,
  captions: caption === undefined ? [] : [{ text: caption, provenance: { origin: 'imported', at: '' } }],
  status: 'pending',
  source: { file: 'm.jsonl' },
});

const items = [
  item(0, 'a red car next to a house', [640, 480]),
  item(1, 'car', [640, 480]),
  item(2, 'A red car  next to a house ', [640, 480]), // the same caption as 0, by case and spaces
  item(3, 'a tiny thumbnail of a dog', [120, 90]),
  item(4, 'a panorama of the city skyline', [2000, 400]),
  item(5, 'an image whose size is unknown', undefined),
  item(6, undefined, [640, 480]),
];
const ids = (f: Parameters<typeof basicFilter>[0]) => items.filter(basicFilter(f, items)).map((i) => i.seq);

describe("DataComp's basic filters", () => {
  it('caption words, shorter side, aspect ratio and repeated captions, each and together', () => {
    expect(ids({ minWords: 3 })).toEqual([0, 2, 3, 4, 5]);
    expect(ids({ maxWords: 6 })).toEqual([1, 3, 4, 5]);
    expect(ids({ minSide: 200 })).toEqual([0, 1, 2, 4, 5, 6]); // unknown size passes
    expect(ids({ maxAspect: 3 })).toEqual([0, 1, 2, 3, 5, 6]);
    expect(ids({ uniqueCaptions: true })).toEqual([0, 1, 3, 4, 5, 6]);
    expect(ids({ minWords: 3, minSide: 200, maxAspect: 3, uniqueCaptions: true })).toEqual([0, 5]);
    expect(describeBasicFilters({ minWords: 3, minSide: 200, maxAspect: 3, uniqueCaptions: true })).toBe(
      '≥ 3 words, shorter side ≥ 200 px, aspect ratio ≤ 3, first of each repeated caption',
    );
  });

  it('the first of a repeated caption is the first in import order, whatever order the grid shows', () => {
    const reversed = [...items].reverse();
    expect(reversed.filter(basicFilter({ uniqueCaptions: true }, reversed)).map((i) => i.seq)).not.toContain(2);
  });

  it('combine with the kind and status filters in the grid', () => {
    const shown = applyFilters(
      items,
      { kind: 'pair', status: 'all', basics: { minWords: 3 } },
      { model: 'ensemble', value: 0, scoreRange: null, sort: 'import', view: 'all', models: [] },
    );
    expect(shown.map((i) => i.seq)).toEqual([0, 2, 3, 4, 5]);
  });

  it('read from CLI flags, with an error naming a bad one', () => {
    expect(parseBasicFilters({ 'min-words': '3', 'min-side': '200', 'unique-captions': true })).toEqual({ minWords: 3, minSide: 200, uniqueCaptions: true });
    expect(parseBasicFilters({ 'max-aspect': '0.5' })).toEqual({ error: '--max-aspect must be a number of at least 1' });
    expect(parseBasicFilters({ 'min-words': 'three' })).toEqual({ error: '--min-words must be a number of at least 0' });
  });
});
