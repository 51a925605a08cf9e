import { describe, expect, it } from 'vitest';
import { random } from '../random.ts';
import { resizeKernelAvailable, setStripBytes } from './kernels/resize.ts';
import { inputSize, type PreprocessorConfig, preprocessImage, resizeTarget, setResizeKernel } from './preprocess.ts';

/**
 * The plain route: the whole image resized (a crop the size of the resized image keeps all of it), then the centre
 * crop taken from that. reference.test.ts holds the resize itself to PIL's.
 */
function plain(img: { width: number; height: number; data: Uint8Array | Uint8ClampedArray }, cfg: PreprocessorConfig): Float32Array {
  const t = cfg.do_resize !== false ? resizeTarget(img.width, img.height, cfg) : img;
  const whole = preprocessImage(img, { ...cfg, crop_size: { height: t.height, width: t.width } });
  const { height: H, width: W } = inputSize(cfg);
  const top = cfg.do_center_crop !== false ? Math.trunc((t.height - H) / 2) : 0;
  const left = cfg.do_center_crop !== false ? Math.trunc((t.width - W) / 2) : 0;
  const out = new Float32Array(3 * H * W);
  for (let c = 0; c < 3; c++)
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[c * H * W + y * W + x] = whole[c * t.height * t.width + (y + top) * t.width + x + left];
  return out;
}

describe('preprocessImage', () => {
  it('computes only the cropped pixels, with the same numbers as resizing the whole image and cropping', () => {
    const r = random(11);
    const base: PreprocessorConfig = {
      size: { shortest_edge: 24 },
      crop_size: { height: 24, width: 24 },
      image_mean: [0.48, 0.45, 0.4],
      image_std: [0.26, 0.26, 0.27],
    };
    const sizes = [
      [24, 24],
      [48, 48],
      [128, 128],
      [100, 37],
      [37, 100],
      [25, 24],
      [24, 90],
      [12, 12],
      [13, 31],
      [300, 41],
    ];
    let cases = 0;
    for (const [width, height] of sizes)
      for (const resample of [3, 2]) {
        const data = new Uint8ClampedArray(width * height * 4);
        for (let i = 0; i < data.length; i++) data[i] = Math.floor(r() * 256);
        const img = { width, height, data };
        const cfg = { ...base, resample };
        expect(preprocessImage(img, cfg)).toEqual(plain(img, cfg));
        // Written into a batch at an offset, the rest untouched.
        const batch = new Float32Array(3 * 24 * 24 * 2).fill(7);
        preprocessImage(img, cfg, batch, 3 * 24 * 24);
        expect(batch.subarray(0, 3 * 24 * 24).every((v) => v === 7)).toBe(true);
        expect(batch.subarray(3 * 24 * 24)).toEqual(plain(img, cfg));
        cases++;
      }
    expect(cases).toBe(20);
  });

  it('gives the same numbers from the WASM kernel as from the TypeScript loops', () => {
    expect(resizeKernelAvailable()).toBe(true);
    const r = random(23);
    const configs: PreprocessorConfig[] = [
      { size: { shortest_edge: 24 }, crop_size: { height: 24, width: 24 }, image_mean: [0.48, 0.45, 0.4], image_std: [0.26, 0.26, 0.27] },
      { size: { shortest_edge: 30 }, crop_size: { height: 30, width: 30 }, resample: 2, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] },
      { size: { shortest_edge: 64 }, crop_size: { height: 57, width: 61 } },
      { do_resize: false, crop_size: { height: 13, width: 22 } },
      { size: { height: 40, width: 27 }, do_center_crop: false },
    ];
    const sizes = [
      [64, 64],
      [128, 128],
      [101, 37],
      [37, 101],
      [65, 64],
      [640, 480],
      [22, 13],
      [1200, 90],
    ];
    let cases = 0;
    for (const cfg of configs)
      for (const [width, height] of sizes) {
        const { height: H, width: W } = inputSize(cfg);
        const t = cfg.do_resize !== false ? resizeTarget(width, height, cfg) : { width, height };
        if (t.width < W || t.height < H) continue;
        const data = new Uint8ClampedArray(width * height * 4);
        for (let i = 0; i < data.length; i++) data[i] = Math.floor(r() * 256);
        const img = { width, height, data };
        const plane = 3 * H * W;
        const withKernel = new Float32Array(plane * 2 + 5).fill(7);
        const withLoops = new Float32Array(plane * 2 + 5).fill(7);
        try {
          setResizeKernel(false);
          preprocessImage(img, cfg, withLoops, plane);
        } finally {
          setResizeKernel(true);
        }
        preprocessImage(img, cfg, withKernel, plane);
        // Value for value, and nothing written outside the image's place in the batch; also with the source copied to
        // the kernel a few rows at a time (as a large photo is).
        expect(withKernel).toEqual(withLoops);
        const inStrips = new Float32Array(plane * 2 + 5).fill(7);
        try {
          setStripBytes(width * 4 * 3);
          preprocessImage(img, cfg, inStrips, plane);
        } finally {
          setStripBytes(4 << 20);
        }
        expect(inStrips).toEqual(withLoops);
        expect(withKernel.subarray(0, plane).every((v) => v === 7) && withKernel.subarray(2 * plane).every((v) => v === 7)).toBe(true);
        cases++;
      }
    expect(cases).toBe(40);
  });

  it('says which image is smaller than the crop', () => {
    const cfg: PreprocessorConfig = { do_resize: false, crop_size: { height: 24, width: 24 } };
    expect(() => preprocessImage({ width: 10, height: 30, data: new Uint8ClampedArray(10 * 30 * 4) }, cfg)).toThrow(
      "image of 10×30 is smaller than the model's 24×24 crop",
    );
  });
});
