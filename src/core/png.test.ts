import { describe, expect, it } from 'vitest';
import { zlibSync } from 'fflate';
import { decodePng, decodePngWith, encodePng, inflateNative } from './png.ts';

/** A PNG chunk (the decoder does not check CRCs: left zero). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  return out;
}

function join(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of parts) out.set(c, o), (o += c.length);
  return out;
}

/** An 8-bit PNG of colour type `colorType` built by hand around the zlib stream `zlib`, in IDAT chunks of `split` bytes. */
function pngOf(w: number, h: number, colorType: number, zlib: Uint8Array, split = zlib.length): Uint8Array {
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, w);
  new DataView(ihdr.buffer).setUint32(4, h);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const idat = [];
  for (let i = 0; i < zlib.length; i += split) idat.push(chunk('IDAT', zlib.subarray(i, i + split)));
  return join([encodePng(1, 1, new Uint8Array(4)).subarray(0, 8), chunk('IHDR', ihdr), ...idat, chunk('IEND', new Uint8Array(0))]);
}

describe('PNG', () => {
  it('decodes what it encodes, pixel for pixel', () => {
    const w = 7;
    const h = 5;
    const px = new Uint8Array(w * h * 4).map((_, i) => (i * 37 + (i >> 2)) & 255);
    const back = decodePng(encodePng(w, h, px));
    expect(back.width).toBe(w);
    expect(back.height).toBe(h);
    expect(Array.from(back.data)).toEqual(Array.from(px));
  });

  it('undoes every row filter (sub, up, average, Paeth) as other encoders write them', () => {
    const w = 6;
    const h = 5;
    const bpp = 3;
    const raw = new Uint8Array(w * h * bpp).map((_, i) => (i * 53 + (i % 7) * 11) & 255);
    const stride = w * bpp;
    const filtered = new Uint8Array((stride + 1) * h);
    for (let y = 0; y < h; y++) {
      const f = y % 5; // rows use filters 0, 1, 2, 3, 4
      filtered[y * (stride + 1)] = f;
      for (let i = 0; i < stride; i++) {
        const x = raw[y * stride + i];
        const a = i >= bpp ? raw[y * stride + i - bpp] : 0;
        const b = y > 0 ? raw[(y - 1) * stride + i] : 0;
        const c = y > 0 && i >= bpp ? raw[(y - 1) * stride + i - bpp] : 0;
        const p = a + b - c;
        const pred = [
          0,
          a,
          b,
          (a + b) >> 1,
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c,
        ][f];
        filtered[y * (stride + 1) + 1 + i] = (x - pred) & 255;
      }
    }
    // An RGB PNG around the filtered rows.
    const png = pngOf(w, h, 2, zlibSync(filtered));
    const back = decodePng(png);
    const rgb = [];
    for (let i = 0; i < back.data.length; i += 4) rgb.push(back.data[i], back.data[i + 1], back.data[i + 2]);
    expect(rgb).toEqual(Array.from(raw));
  });

  it('refuses interlaced images with a clear reason', () => {
    const png = encodePng(2, 2, new Uint8Array(16));
    png[28] = 1; // IHDR interlace byte (CRC is not checked by the decoder)
    expect(() => decodePng(png)).toThrow(/interlaced/);
  });
});

describe('decodePng: damaged image data', () => {
  it('names a PNG whose pixel data ends before its last row', () => {
    const good = encodePng(4, 4, new Uint8Array(4 * 4 * 4).fill(200));
    // Claim 8 rows where the data holds 4 (the decoder does not check chunk CRCs).
    const lying = good.slice();
    new DataView(lying.buffer).setUint32(8 + 8 + 4, 8);
    expect(() => decodePng(lying)).toThrow(/PNG image data ends early \(68 of 136 bytes\)/);
  });
});

describe('decodePngWith: the native inflater', () => {
  const w = 9;
  const h = 6;
  const px = new Uint8Array(w * h * 4).map((_, i) => (i * 29 + (i >> 3)) & 255);
  const rows = new Uint8Array((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) rows.set(px.subarray(y * w * 4, (y + 1) * w * 4), y * (w * 4 + 1) + 1);

  it('gives the pixels fflate gives, from one IDAT chunk or several', async () => {
    for (const png of [encodePng(w, h, px), pngOf(w, h, 6, zlibSync(rows), 7)]) {
      const native = await decodePngWith(png, inflateNative);
      expect(Array.from(native.data)).toEqual(Array.from(px));
      expect(Array.from(native.data)).toEqual(Array.from(decodePng(png).data));
    }
  });

  it('falls back to fflate where the inflater fails (Chromium refuses bytes after the stream end; fflate reads them)', async () => {
    const png = pngOf(w, h, 6, join([zlibSync(rows), new Uint8Array([1, 2, 3, 4])]));
    const failing = () => Promise.reject(new Error('Junk found after end of compressed data.'));
    expect(Array.from((await decodePngWith(png, failing)).data)).toEqual(Array.from(px));
    expect(Array.from((await decodePngWith(png, inflateNative)).data)).toEqual(Array.from(px));
  });

  it('names pixel data that ends early, as decodePng does', async () => {
    const good = encodePng(4, 4, new Uint8Array(4 * 4 * 4).fill(200));
    const lying = good.slice();
    new DataView(lying.buffer).setUint32(8 + 8 + 4, 8);
    await expect(decodePngWith(lying, inflateNative)).rejects.toThrow(/PNG image data ends early \(68 of 136 bytes\)/);
  });
});
