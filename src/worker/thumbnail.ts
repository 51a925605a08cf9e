// Decodes an image and draws a small thumbnail, in a worker (OffscreenCanvas). A decode failure is a reason, not a throw.

const THUMB_EDGE = 256;

export async function makeThumbnail(blob: Blob): Promise<Blob | { error: string }> {
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
  return canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
}
