// Decodes an image and draws a small thumbnail, in a worker (OffscreenCanvas). A decode failure is a reason, not a throw.

import { sceneLikeness } from '../core/synth/perceive.ts';

const THUMB_EDGE = 256;

const likenessOf = (data: Uint8ClampedArray, width: number, height: number) => sceneLikeness({ width, height, data });

export async function makeThumbnail(blob: Blob): Promise<{ thumb: Blob; sceneLikeness: number } | { error: string }> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch (e) {
    return { error: `the browser could not decode it (${(e as Error).message || 'invalid image data'})` };
  }
  const scale = Math.min(1, THUMB_EDGE / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  // Measured on the thumbnail: enough to tell a synthetic scene from a photograph, at a fraction of the cost.
  const sceneLikeness = likenessOf(ctx.getImageData(0, 0, w, h).data, w, h);
  return { thumb: await canvas.convertToBlob({ type: 'image/webp', quality: 0.85 }), sceneLikeness };
}
