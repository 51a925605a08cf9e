// Decodes an image and draws a small thumbnail, in a worker (OffscreenCanvas). A decode failure is a reason, not a throw.

import { sniffImage } from '../core/import/image.ts';
import { sceneLikeness } from '../core/synth/perceive.ts';
import { decodeRgbaBytes } from './decodeImage.ts';

const THUMB_EDGE = 256;

const likenessOf = (data: Uint8ClampedArray, width: number, height: number) => sceneLikeness({ width, height, data });

/** The image's blob and its bytes (already read: in a browser, reading a Blob back is a round trip to another process). */
export async function makeThumbnail(blob: Blob, bytes: Uint8Array): Promise<{ thumb: Blob | null; sceneLikeness: number } | { error: string }> {
  // An image no larger than a thumbnail is its own thumbnail (null: none is stored): decoded once (to check it and
  // measure it), never re-encoded. Most of an import's time per image went to the WebP encoder.
  const info = sniffImage(bytes);
  if (!('error' in info) && info.width <= THUMB_EDGE && info.height <= THUMB_EDGE) {
    try {
      const rgba = await decodeRgbaBytes(bytes, blob.type);
      return { thumb: null, sceneLikeness: sceneLikeness(rgba) };
    } catch (e) {
      return { error: `the browser could not decode it (${(e as Error).message || 'invalid image data'})` };
    }
  }
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
  const likeness = likenessOf(ctx.getImageData(0, 0, w, h).data, w, h);
  return { thumb: await canvas.convertToBlob({ type: 'image/webp', quality: 0.85 }), sceneLikeness: likeness };
}
