// Decodes image bytes to RGBA in Node the way PIL and Chromium do: PNG with the core decoder (exact), everything else
// with sharp, whose JPEG decoder is libjpeg-turbo's (as in PIL and Chromium), so the same JPEG scores the same in the
// CLI, in the browser and in the reference. Colour profiles and EXIF orientation are not applied, as in PIL.

import sharp from 'sharp';
import { sniffImage } from '../core/import/image.ts';
import { DEFAULT_LIMITS, pixelLimitError } from '../core/import/limits.ts';
import type { RgbaImage } from '../core/image/types.ts';
import { decodePng } from '../core/png.ts';

export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
  const info = sniffImage(bytes);
  if ('error' in info) throw new Error(info.error);
  const tooLarge = pixelLimitError('the image', info);
  if (tooLarge) throw new Error(tooLarge);
  if (info.mime === 'image/png') return decodePng(bytes);
  const { data, info: out } = await sharp(bytes, { limitInputPixels: DEFAULT_LIMITS.maxPixels, failOn: 'error' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: out.width, height: out.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
