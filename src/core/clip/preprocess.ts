// Image preprocessing driven by preprocessor_config.json, matching CLIPImageProcessor: resize the shortest edge with
// PIL's resampling (bicubic with antialias, 8-bit fixed point, horizontal then vertical), centre-crop, rescale, normalize.

import type { RgbaImage } from '../image/types.ts';
import { type Axis, resizeCropWasm } from './kernels/resize.ts';

export interface PreprocessorConfig {
  do_resize?: boolean;
  size?: number | { shortest_edge?: number; height?: number; width?: number };
  resample?: number;
  do_center_crop?: boolean;
  crop_size?: number | { height: number; width: number };
  do_rescale?: boolean;
  rescale_factor?: number;
  do_normalize?: boolean;
  image_mean?: number[];
  image_std?: number[];
}

/**
 * What a config does to an image, as a string: two models whose configs give the same key get the same pixel_values
 * from the same image (the fields above, in this order; anything else in the file does not change the pixels).
 */
export function preprocessKey(cfg: PreprocessorConfig): string {
  const { do_resize, size, resample, do_center_crop, crop_size, do_rescale, rescale_factor, do_normalize, image_mean, image_std } = cfg;
  return JSON.stringify([do_resize, size, resample, do_center_crop, crop_size, do_rescale, rescale_factor, do_normalize, image_mean, image_std]);
}

/** Preprocess images into one pixel_values batch (N × 3 × height × width). */
export function pixelBatch(images: RgbaImage[], cfg: PreprocessorConfig): Float32Array {
  const { height, width } = inputSize(cfg);
  const out = new Float32Array(images.length * 3 * height * width);
  images.forEach((img, i) => preprocessImage(img, cfg, out, i * 3 * height * width));
  return out;
}

/** The model's input height and width after preprocessing. */
export function inputSize(cfg: PreprocessorConfig): { height: number; width: number } {
  const crop = cfg.crop_size;
  if (cfg.do_center_crop !== false && crop !== undefined) return typeof crop === 'number' ? { height: crop, width: crop } : crop;
  const size = cfg.size;
  if (typeof size === 'number') return { height: size, width: size };
  if (size?.height && size?.width) return { height: size.height, width: size.width };
  throw new Error('preprocessor_config.json gives no crop_size or fixed size — the model input size is unknown');
}

// PIL's filters (src/libImaging/Resample.c).
const FILTERS: Record<number, { support: number; f: (x: number) => number }> = {
  // 2 = BILINEAR
  2: { support: 1, f: (x) => ((x < 0 ? -x : x) < 1 ? 1 - Math.abs(x) : 0) },
  // 3 = BICUBIC, a = -0.5
  3: {
    support: 2,
    f: (x) => {
      const a = -0.5;
      x = Math.abs(x);
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
      return 0;
    },
  },
};
const PRECISION_BITS = 32 - 8 - 2;

const coefficientCache = new Map<string, Axis>();
const identityCache = new Map<number, Axis>();

/** Coefficients that keep an axis as it is (each output reads its own pixel with weight one): (v·2^22 + 2^21) >> 22 = v. */
function identity(size: number): Axis {
  let c = identityCache.get(size);
  if (!c) {
    const bounds = new Int32Array(size * 2);
    for (let i = 0; i < size; i++) (bounds[2 * i] = i), (bounds[2 * i + 1] = 1);
    c = { bounds, kk: new Int32Array(size).fill(1 << PRECISION_BITS), ksize: 1 };
    if (identityCache.size > 256) identityCache.clear();
    identityCache.set(size, c);
  }
  return c;
}

let kernelEnabled = true;
/** Whether preprocessing runs the WASM kernel where it can (default) or the TypeScript loops (tests, benchmarks). */
export function setResizeKernel(on: boolean): void {
  kernelEnabled = on;
}

/** PIL's coefficients for one axis, made once per (size in, size out, filter): every image of a dataset reuses them. */
function coefficients(inSize: number, outSize: number, filter: { support: number; f: (x: number) => number }) {
  const key = `${inSize}:${outSize}:${filter.support}`;
  let c = coefficientCache.get(key);
  if (!c) {
    c = makeCoefficients(inSize, outSize, filter);
    if (coefficientCache.size > 256) coefficientCache.clear();
    coefficientCache.set(key, c);
  }
  return c;
}

function makeCoefficients(inSize: number, outSize: number, filter: { support: number; f: (x: number) => number }) {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = filter.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const kk = new Float64Array(outSize * ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterscale;
    // C's (int) truncates toward zero.
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xmax = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = filter.f((x + xmin - center + 0.5) * ss);
      kk[xx * ksize + x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) if (ww !== 0) kk[xx * ksize + x] /= ww;
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  // 8-bit images resample with fixed-point coefficients, rounded half away from zero. They fit in 32 bits (|k| < 2^23),
  // and so do the sums (below): the passes run on integers, as PIL's do.
  const fixed = new Int32Array(kk.length);
  for (let i = 0; i < kk.length; i++) fixed[i] = Math.trunc(kk[i] * (1 << PRECISION_BITS) + (kk[i] < 0 ? -0.5 : 0.5));
  return { bounds, kk: fixed, ksize };
}

// The sums are integers below 2^31 (255 × the coefficients' absolute sum, ~1.3 × 2^22 for bicubic): an arithmetic
// shift is C's `ss >> PRECISION_BITS`.
const clip8 = (ss: number) => {
  const v = ss >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

/** The size CLIPImageProcessor resizes to: shortest edge to `shortest`, the other scaled and truncated. */
export function resizeTarget(width: number, height: number, cfg: PreprocessorConfig): { width: number; height: number } {
  const size = cfg.size;
  if (typeof size === 'object' && size.height && size.width && !size.shortest_edge) return { width: size.width, height: size.height };
  const shortest = typeof size === 'number' ? size : size?.shortest_edge;
  if (!shortest) throw new Error('preprocessor_config.json: size has no shortest_edge');
  if (width <= height) return { width: shortest, height: Math.trunc((shortest * height) / width) };
  return { width: Math.trunc((shortest * width) / height), height: shortest };
}

/** One image to a float32 CHW tensor for pixel_values, written into `out` at `offset` (for batching without copies). */
export function preprocessImage(img: RgbaImage, cfg: PreprocessorConfig, out?: Float32Array, offset = 0): Float32Array {
  const target = cfg.do_resize !== false ? resizeTarget(img.width, img.height, cfg) : { width: img.width, height: img.height };
  const { height: H, width: W } = inputSize(cfg);
  let top = 0;
  let left = 0;
  if (cfg.do_center_crop !== false) {
    top = Math.trunc((target.height - H) / 2);
    left = Math.trunc((target.width - W) / 2);
  }
  if (top < 0 || left < 0) throw new Error(`image of ${target.width}×${target.height} is smaller than the model's ${W}×${H} crop`);
  const scale = cfg.do_rescale === false ? 1 : (cfg.rescale_factor ?? 1 / 255);
  const mean = cfg.do_normalize === false ? [0, 0, 0] : (cfg.image_mean ?? [0, 0, 0]);
  const std = cfg.do_normalize === false ? [1, 1, 1] : (cfg.image_std ?? [1, 1, 1]);
  const dst = out ?? new Float32Array(3 * H * W);
  // Each channel's 256 possible values, computed once (the same arithmetic as per pixel).
  const lut = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) for (let v = 0; v < 256; v++) lut[c * 256 + v] = (Math.fround(v * scale) - mean[c]) / std[c];
  const filter = FILTERS[cfg.resample ?? 3] ?? FILTERS[3];
  resizeCropInto(img, target.width, target.height, filter, top, left, W, H, lut, dst, offset);
  return dst;
}

/**
 * PIL's resize (Image.resize for 8-bit RGB: horizontal pass, then vertical, each rounded to 8 bits; BICUBIC = 3,
 * BILINEAR = 2) of only the pixels the centre crop keeps, the crop's rows and columns, normalized through `lut` into
 * `dst` (CHW at `offset`). The same numbers as resizing the whole image and cropping (PIL itself computes the
 * horizontal pass only for the rows the vertical one reads). A 640×480 photo to 64×64 in Node: 6.6–7.2 ms against
 * 8.4–10.2 by the whole image (the crop drops a quarter of the columns); a square image costs the same either way
 * (1.1 ms at 128×128 on this machine, three runs each). Where WebAssembly runs (everywhere this app does), the passes
 * run in kernels/resize.wat instead, with the same integers: a 640×480 photo to 224×224 in 2.2 ms against 14.4, to
 * 64×64 in 1.4 against 4.6–9.9, a 128×128 demo image to 64×64 in 0.17 against 0.50 (Node, best of 20); in Chromium's
 * scoring worker 0.23–0.26 ms a demo image against 1.0–1.2.
 */
function resizeCropInto(
  img: RgbaImage,
  width: number,
  height: number,
  filter: { support: number; f: (x: number) => number },
  top: number,
  left: number,
  W: number,
  H: number,
  lut: Float32Array,
  dst: Float32Array,
  offset: number,
) {
  const half = 1 << (PRECISION_BITS - 1);
  const src = img.data;
  const sw = img.width;
  const plane = H * W;
  const vertical = height !== img.height ? coefficients(img.height, height, filter) : undefined;
  // The source rows the kept output rows read.
  const y0 = vertical ? vertical.bounds[top * 2] : top;
  const y1 = vertical ? vertical.bounds[(top + H - 1) * 2] + vertical.bounds[(top + H - 1) * 2 + 1] : top + H;
  // The horizontal pass over those rows, kept columns only: three 8-bit planes of (y1 - y0) × W.
  const rows = y1 - y0;
  if (
    kernelEnabled &&
    resizeCropWasm(
      src,
      sw,
      y0,
      rows,
      width !== sw ? coefficients(sw, width, filter) : identity(sw),
      vertical ?? identity(img.height),
      top,
      left,
      W,
      H,
      lut,
      dst,
      offset,
    )
  )
    return;
  const mid = new Uint8Array(3 * rows * W);
  const midPlane = rows * W;
  if (width !== sw) {
    const { bounds, kk, ksize } = coefficients(sw, width, filter);
    for (let y = 0; y < rows; y++) {
      const row = (y + y0) * sw;
      for (let x = 0; x < W; x++) {
        const xx = x + left;
        const xmin = bounds[xx * 2];
        const xmax = bounds[xx * 2 + 1];
        const k0 = xx * ksize;
        let r = half;
        let g = half;
        let b = half;
        for (let i = 0, o = (row + xmin) * 4; i < xmax; i++, o += 4) {
          const k = kk[k0 + i];
          r += src[o] * k;
          g += src[o + 1] * k;
          b += src[o + 2] * k;
        }
        const m = y * W + x;
        mid[m] = clip8(r);
        mid[m + midPlane] = clip8(g);
        mid[m + 2 * midPlane] = clip8(b);
      }
    }
  } else {
    for (let y = 0; y < rows; y++)
      for (let x = 0, o = ((y + y0) * sw + left) * 4; x < W; x++, o += 4) {
        const m = y * W + x;
        mid[m] = src[o];
        mid[m + midPlane] = src[o + 1];
        mid[m + 2 * midPlane] = src[o + 2];
      }
  }
  if (!vertical) {
    for (let c = 0; c < 3; c++) {
      const base = c * 256;
      for (let i = 0; i < plane; i++) dst[offset + c * plane + i] = lut[base + mid[c * midPlane + i]];
    }
    return;
  }
  const { bounds, kk, ksize } = vertical;
  for (let c = 0; c < 3; c++) {
    const base = c * 256;
    const from = c * midPlane;
    for (let y = 0; y < H; y++) {
      const yy = y + top;
      const ymin = bounds[yy * 2] - y0;
      const ymax = bounds[yy * 2 + 1];
      const k0 = yy * ksize;
      const d = offset + c * plane + y * W;
      for (let x = 0; x < W; x++) {
        let v = half;
        for (let i = 0, o = from + ymin * W + x; i < ymax; i++, o += W) v += mid[o] * kk[k0 + i];
        dst[d + x] = lut[base + clip8(v)];
      }
    }
  }
}
