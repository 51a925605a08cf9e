import { describe, expect, it } from 'vitest';
import { count, kindCounts } from './words.ts';

describe('numbers in sentences', () => {
  it('agree with their nouns', () => {
    expect(count(1, 'pair')).toBe('1 pair');
    expect(count(0, 'lone image')).toBe('0 lone images');
    expect(count(149258, 'row')).toBe('149,258 rows');
    expect(kindCounts({ pair: 1, image: 0, text: 1 })).toBe('1 pair, 0 lone images, 1 lone text');
  });
});
