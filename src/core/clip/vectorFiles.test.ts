import { describe, expect, it } from 'vitest';
import { npyHeader } from '../export/embeddings.ts';
import { decodeVectors, encodeVectors, isVectorFile, npyMatrix } from './vectorFiles.ts';

const v = (...xs: number[]) => new Float32Array(xs);

describe('stored embeddings (vectors/<model>/)', () => {
  it('round-trips, sorted by key whatever the order they came in', () => {
    const a = encodeVectors('tiny-clip-vit', [
      ['text:b', v(3, 4)],
      ['image:a', v(1, 2)],
    ])!;
    const b = encodeVectors('tiny-clip-vit', [
      ['image:a', v(1, 2)],
      ['text:b', v(3, 4)],
    ])!;
    expect(a.folder).toBe('vectors/tiny-clip-vit');
    expect(a.files['vectors.npy']).toEqual(b.files['vectors.npy']);
    expect(new TextDecoder().decode(a.files['keys.txt'])).toBe('image:a\ntext:b\n');
    const back = decodeVectors(a.files['model.json'], a.files['keys.txt'], a.files['vectors.npy']);
    expect(back.model).toBe('tiny-clip-vit');
    expect(back.entries).toEqual([
      ['image:a', v(1, 2)],
      ['text:b', v(3, 4)],
    ]);
    expect(encodeVectors('m', [])).toBeNull();
    // The bytes may be a view into a larger buffer (a Node Buffer from a pool): only the view is read.
    const pool = new Uint8Array(a.files['vectors.npy'].length + 64);
    pool.set(a.files['vectors.npy'], 32);
    const view = pool.subarray(32, 32 + a.files['vectors.npy'].length);
    expect(decodeVectors(a.files['model.json'], a.files['keys.txt'], view).entries).toEqual(back.entries);
  });

  it('refuses files that disagree or ask for too much, before allocating', () => {
    const good = encodeVectors('m', [['image:a', v(1, 2)]])!.files;
    const text = (s: string) => new TextEncoder().encode(s);
    expect(() => decodeVectors(good['model.json'], text('image:a\nimage:b\n'), good['vectors.npy'])).toThrow('keys.txt has 2 keys for 1 vectors');
    expect(() => decodeVectors(text('{"model":"m","dim":3,"count":1}'), good['keys.txt'], good['vectors.npy'])).toThrow('model.json says 1 × 3');
    expect(() => decodeVectors(text('not json'), good['keys.txt'], good['vectors.npy'])).toThrow('model.json is not JSON');
    // A header that claims a billion rows: refused from the header alone.
    const huge = npyHeader(1_000_000_000, 512);
    expect(() => npyMatrix(huge)).toThrow(/beyond the limits/);
    // A header that claims more data than the file holds.
    const short = new Uint8Array([...npyHeader(4, 2), ...new Uint8Array(8)]);
    expect(() => npyMatrix(short)).toThrow('should hold 4 × 2 numbers but has 2');
    const f64 = new TextEncoder().encode('\x93NUMPY\x01\x00');
    expect(() => npyMatrix(f64)).toThrow(/cut short|not a .npy/);
    expect(() => npyMatrix(text('hello world'))).toThrow('not a .npy file');
  });

  it('knows its files apart from captions and images', () => {
    expect(isVectorFile('merged/vectors/tiny-clip-vit/keys.txt')).toBe(true);
    expect(isVectorFile('vectors/m/vectors.npy')).toBe(true);
    expect(isVectorFile('vectors/keys.txt')).toBe(false);
    expect(isVectorFile('photos/keys.txt')).toBe(false);
  });
});
