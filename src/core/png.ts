// Minimal PNG encoder (RGBA, 8-bit): used for fixtures, demo images and the synthetic world, in the page and in Node.

import { unzlibSync, zlibSync } from 'fflate';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.byteLength);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.byteLength, crc32(out.subarray(4, 8 + data.byteLength)));
  return out;
}

/** Encode RGBA pixels (row-major, 4 bytes per pixel) as a PNG file. */
export function encodePng(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  if (rgba.byteLength !== width * height * 4) throw new Error(`encodePng: expected ${width * height * 4} bytes, got ${rgba.byteLength}`);
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/** A solid-colour PNG: handy for fixtures whose content must differ by a seed. */
export function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Uint8Array {
  const px = new Uint8Array(width * height * 4);
  for (let i = 0; i < px.length; i += 4) px.set([r, g, b, 255], i);
  return encodePng(width, height, px);
}

interface PngLayout {
  width: number;
  height: number;
  depth: number;
  colorType: number;
  channels: number;
  palette?: Uint8Array;
  alphaTable?: Uint8Array;
  /** The zlib stream: the IDAT chunks joined. */
  zlib: Uint8Array;
  /** Bytes the stream inflates to: (stride + 1) × height. */
  expected: number;
}

/** The header, palette and image data of a PNG, checked for what the decoder supports. */
function readPng(bytes: Uint8Array): PngLayout {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let o = 8;
  let width = 0;
  let height = 0;
  let depth = 8;
  let colorType = 6;
  let interlace = 0;
  let palette: Uint8Array | undefined;
  let alphaTable: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (o + 8 <= bytes.byteLength) {
    const len = dv.getUint32(o);
    const type = String.fromCharCode(bytes[o + 4], bytes[o + 5], bytes[o + 6], bytes[o + 7]);
    const data = bytes.subarray(o + 8, o + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(o + 8);
      height = dv.getUint32(o + 12);
      depth = bytes[o + 16];
      colorType = bytes[o + 17];
      interlace = bytes[o + 20];
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') alphaTable = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    o += 12 + len;
  }
  if (interlace) throw new Error('interlaced PNGs are not supported here — re-save the image without interlacing');
  if (depth !== 8 && depth !== 16) throw new Error(`PNG bit depth ${depth} is not supported — re-save the image as 8-bit`);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels) throw new Error(`PNG colour type ${colorType} is not valid`);
  let zlib: Uint8Array;
  if (idat.length === 1) zlib = idat[0];
  else {
    zlib = new Uint8Array(idat.reduce((n, d) => n + d.byteLength, 0));
    let at = 0;
    for (const d of idat) zlib.set(d, at), (at += d.byteLength);
  }
  const stride = (width * channels * depth) / 8;
  return { width, height, depth, colorType, channels, palette, alphaTable, zlib, expected: (stride + 1) * height };
}

/** Decode a PNG (8- or 16-bit; grey, RGB, palette, with or without alpha; not interlaced) to RGBA. */
export function decodePng(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const png = readPng(bytes);
  return unfilter(png, inflateFflate(png));
}

/**
 * fflate's inflater, straight into a buffer of the size the header implies: letting it grow its own by doubling made
 * decoding 4-7x slower in Chromium (allocation, not inflation: 1.4-2.4 vs 0.32 ms for a 128x128 RGBA PNG).
 */
function inflateFflate(png: PngLayout): Uint8Array {
  return unzlibSync(png.zlib, { out: new Uint8Array(png.expected) });
}

/**
 * The same, with the image data inflated by `inflate` (the browser's native DecompressionStream: fflate's inflater
 * runs at half its Node speed in Chromium). Where it fails (a stream with bytes after its end, which fflate reads),
 * fflate inflates it, so that both give the same pixels and the same errors.
 */
export async function decodePngWith(
  bytes: Uint8Array,
  inflate: (zlib: Uint8Array, size: number) => Promise<Uint8Array>,
): Promise<{ width: number; height: number; data: Uint8Array }> {
  const png = readPng(bytes);
  let raw: Uint8Array;
  try {
    raw = await inflate(png.zlib, png.expected);
  } catch {
    raw = inflateFflate(png);
  }
  return unfilter(png, raw);
}

/**
 * Inflate a zlib stream with the platform's DecompressionStream (native zlib, in browsers and in Node) into at most
 * `size` bytes; a stream that ends early gives what it holds, as fflate does.
 */
export async function inflateNative(zlib: Uint8Array, size: number): Promise<Uint8Array> {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // Errors surface on the reading side; these promises would otherwise go unhandled.
  writer.write(zlib as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const out = new Uint8Array(size);
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const n = Math.min(value.byteLength, size - at);
    out.set(n === value.byteLength ? value : value.subarray(0, n), at);
    at += n;
  }
  return at === size ? out : out.subarray(0, at);
}

/** The scanlines unfiltered and expanded to RGBA. */
function unfilter(png: PngLayout, raw: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const { width, height, depth, colorType, channels, palette, alphaTable, expected } = png;
  const bpp = (channels * depth) / 8;
  const stride = width * bpp;
  if (raw.byteLength < expected) throw new Error(`PNG image data ends early (${raw.byteLength} of ${expected} bytes) — the file is damaged`);
  // Rows are unfiltered in place and packed down over their filter bytes: row y ends up at y * stride, where row y + 1
  // (still filtered, further on) finds it as the row above. An 8-bit RGBA image is then its own output.
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const at = y * (stride + 1) + 1;
    const up = (y - 1) * stride;
    if (filter === 1) for (let i = bpp; i < stride; i++) raw[at + i] = (raw[at + i] + raw[at + i - bpp]) & 255;
    else if (filter === 2) {
      if (y > 0) for (let i = 0; i < stride; i++) raw[at + i] = (raw[at + i] + raw[up + i]) & 255;
    } else if (filter === 3) {
      for (let i = 0; i < stride; i++) raw[at + i] = (raw[at + i] + (((i >= bpp ? raw[at + i - bpp] : 0) + (y > 0 ? raw[up + i] : 0)) >> 1)) & 255;
    } else if (filter === 4) {
      for (let i = 0; i < stride; i++) {
        const a = i >= bpp ? raw[at + i - bpp] : 0;
        const b = y > 0 ? raw[up + i] : 0;
        const c = i >= bpp && y > 0 ? raw[up + i - bpp] : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        raw[at + i] = (raw[at + i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
      }
    } else if (filter !== 0) throw new Error(`PNG row ${y} has an unknown filter type ${filter} — the file is damaged`);
    raw.copyWithin(y * stride, at, at + stride);
  }
  if (colorType === 6 && depth === 8) return { width, height, data: raw.subarray(0, height * stride) };
  const out = new Uint8Array(width * height * 4);
  const step = depth / 8;
  if (colorType === 2 && depth === 8) {
    for (let p = 0, i = 0, d = 0; p < width * height; p++, i += 3, d += 4) {
      out[d] = raw[i];
      out[d + 1] = raw[i + 1];
      out[d + 2] = raw[i + 2];
      out[d + 3] = 255;
    }
    return { width, height, data: out };
  }
  // Other layouts: one sample at a time (16-bit samples keep their high byte).
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * stride + x * channels * step;
      const d = (y * width + x) * 4;
      if (colorType === 3) {
        const idx = raw[at];
        out[d] = palette ? palette[idx * 3] : 0;
        out[d + 1] = palette ? palette[idx * 3 + 1] : 0;
        out[d + 2] = palette ? palette[idx * 3 + 2] : 0;
        out[d + 3] = alphaTable && idx < alphaTable.length ? alphaTable[idx] : 255;
      } else if (channels <= 2) {
        const g = raw[at];
        out[d] = out[d + 1] = out[d + 2] = g;
        out[d + 3] = channels === 2 ? raw[at + step] : 255;
      } else {
        out[d] = raw[at];
        out[d + 1] = raw[at + step];
        out[d + 2] = raw[at + 2 * step];
        out[d + 3] = channels === 4 ? raw[at + 3 * step] : 255;
      }
    }
  }
  return { width, height, data: out };
}
