// Decodes image bytes to RGBA without a browser (CLI, tests): PNG with the core decoder, JPEG with jpeg-js.

import jpeg from 'jpeg-js';
import { sniffImage } from '../import/image.ts';
import { decodePng } from '../png.ts';
import type { RgbaImage } from './types.ts';

export function decodeImageBytes(bytes: Uint8Array): RgbaImage {
  const info = sniffImage(bytes);
  if ('error' in info) throw new Error(info.error);
  if (info.mime === 'image/png') return decodePng(bytes);
  if (info.mime === 'image/jpeg') {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
    return { width: img.width, height: img.height, data: img.data };
  }
  throw new Error(`${info.mime} images can be scored in the browser; in Node only PNG and JPEG are decoded — convert the image`);
}
