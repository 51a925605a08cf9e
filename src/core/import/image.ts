// Recognizes image files from their bytes and reads their size from the header, without a decoder.
// A full decode happens in the browser when the thumbnail is made; this catches truncated and mislabelled files early.

export interface ImageInfo {
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/bmp';
  width: number;
  height: number;
}

export const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp']);

export const EXTENSION_FOR_MIME: Record<ImageInfo['mime'], string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
};

/** Returns the image's type and size, or a reason it cannot be an image. */
export function sniffImage(b: Uint8Array): ImageInfo | { error: string } {
  if (b.byteLength === 0) return { error: 'the image file is empty' };
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));
  // PNG: signature, then IHDR with width and height; IEND must close a complete file.
  if (b.byteLength >= 8 && b[0] === 0x89 && ascii(1, 3) === 'PNG') {
    if (b.byteLength < 33 || ascii(12, 4) !== 'IHDR') return { error: 'PNG header is truncated or damaged' };
    if (ascii(b.byteLength - 8, 4) !== 'IEND') return { error: 'PNG file is truncated (no IEND chunk)' };
    return sized('image/png', dv.getUint32(16), dv.getUint32(20));
  }
  if (b.byteLength >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    // JPEG: walk the markers to the first start-of-frame, which carries the size.
    let o = 2;
    while (o + 9 < b.byteLength) {
      if (b[o] !== 0xff) return { error: 'JPEG markers are damaged' };
      const marker = b[o + 1];
      if (marker === 0xff) {
        o++;
        continue;
      }
      const len = dv.getUint16(o + 2);
      const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) {
        let end = b.byteLength - 1;
        while (end > 0 && b[end] === 0x00) end--;
        if (!(b[end - 1] === 0xff && b[end] === 0xd9)) return { error: 'JPEG file is truncated (no end marker)' };
        return sized('image/jpeg', dv.getUint16(o + 7), dv.getUint16(o + 5));
      }
      o += 2 + len;
    }
    return { error: 'JPEG file is truncated before its frame header' };
  }
  if (b.byteLength >= 10 && ascii(0, 4) === 'GIF8') return sized('image/gif', dv.getUint16(6, true), dv.getUint16(8, true));
  if (b.byteLength >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4);
    if (chunk === 'VP8 ') return sized('image/webp', dv.getUint16(26, true) & 0x3fff, dv.getUint16(28, true) & 0x3fff);
    if (chunk === 'VP8L') {
      const bits = dv.getUint32(21, true);
      return sized('image/webp', (bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
    }
    if (chunk === 'VP8X') {
      const w = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
      const h = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
      return sized('image/webp', w, h);
    }
    return { error: 'WebP file has an unknown chunk layout' };
  }
  if (b.byteLength >= 26 && ascii(0, 2) === 'BM') return sized('image/bmp', dv.getInt32(18, true), Math.abs(dv.getInt32(22, true)));
  return { error: 'not a PNG, JPEG, GIF, WebP or BMP image' };
}

function sized(mime: ImageInfo['mime'], width: number, height: number): ImageInfo | { error: string } {
  if (!(width > 0 && height > 0)) return { error: `image header says ${width}×${height} pixels` };
  return { mime, width, height };
}

/** Hex SHA-256 of the bytes: the key an image is stored under, so each image is stored once. */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (x) => x.toString(16).padStart(2, '0')).join('');
}
