// Decodes an image to RGBA pixels in a worker: no colour management, no premultiplication — the pixels the file
// holds, as PIL reads them. Shared by the scoring worker and the offline provider.

import type { RgbaImage } from '../core/image/types.ts';

export async function decodeRgba(blob: Blob): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width: canvas.width, height: canvas.height, data: ctx.getImageData(0, 0, canvas.width, canvas.height, { colorSpace: 'srgb' }).data };
}
