// Decodes an image to RGBA pixels in a worker: no colour management, no premultiplication — the pixels the file
// holds, as PIL reads them. Shared by the scoring worker and the offline provider. PNGs go through the core decoder
// (the CLI's): a canvas stores premultiplied alpha, so a transparent pixel's colour would come back as black where PIL
// keeps it (the PNG's image data is inflated by the browser's DecompressionStream). Everything else (JPEG, WebP, GIF)
// is Chromium's decoder, libjpeg-turbo for JPEG as in PIL and the CLI.

import type { RgbaImage } from '../core/image/types.ts';
import { decodePngWith, inflateNative } from '../core/png.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

export async function decodeRgba(blob: Blob): Promise<RgbaImage> {
  return decodeRgbaBytes(new Uint8Array(await blob.arrayBuffer()), blob.type);
}

/** The same, from bytes already read. */
export async function decodeRgbaBytes(bytes: Uint8Array, type: string): Promise<RgbaImage> {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    try {
      // Inflated by the browser's own zlib: fflate's runs at half its Node speed here (0.67–0.75 ms for a demo image
      // against 0.37–0.46).
      return await decodePngWith(bytes, inflateNative);
    } catch {
      // Layouts the core decoder leaves out (interlaced, 1–4-bit): Chromium's decoder below.
    }
  }
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return { width: canvas.width, height: canvas.height, data: ctx.getImageData(0, 0, canvas.width, canvas.height, { colorSpace: 'srgb' }).data };
}

/**
 * A loader over a batch's stored bytes as persist/images.ts imageBytes read them (one read for the batch): each image
 * decoded when asked for; one that could not be read rejects with the reason.
 */
export function decodeFrom(hashes: string[], read: ({ bytes: Uint8Array; type: string } | Error)[]): (hash: string) => Promise<RgbaImage> {
  const byHash = new Map(hashes.map((h, i) => [h, read[i]]));
  return (hash) => {
    const r = byHash.get(hash);
    if (!r) return Promise.reject(new Error(`image ${hash} was not read with its batch`));
    return r instanceof Error ? Promise.reject(r) : decodeRgbaBytes(r.bytes, r.type);
  };
}
