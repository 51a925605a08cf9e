// The image shapes every layer passes around: decoded pixels, and encoded bytes with their type.

export interface RgbaImage {
  width: number;
  height: number;
  /** 4 bytes per pixel, row-major. */
  data: Uint8Array | Uint8ClampedArray;
}

/** An encoded image (PNG, JPEG, …) as a provider or an exporter receives it. */
export interface ImageInput {
  bytes: Uint8Array;
  mime: string;
}
