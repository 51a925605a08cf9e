// The WASM resize kernel (resize.wat): instantiated once per thread, synchronously (it is under a kilobyte), and
// absent where WebAssembly or its SIMD is not (preprocess.ts then runs its TypeScript loops, which compute the same).

import { WASM_BASE64 } from './resize.wasm.ts';

interface Exports {
  memory: WebAssembly.Memory;
  hpass(src: number, sw: number, rows: number, W: number, left: number, hb: number, hk: number, ksize: number, mid: number, W4: number, plane: number): void;
  vpass(
    mid: number,
    W4: number,
    rows: number,
    H: number,
    W: number,
    top: number,
    y0: number,
    vb: number,
    vk: number,
    ksize: number,
    lut: number,
    dst: number,
  ): void;
}

export interface Axis {
  bounds: Int32Array;
  kk: Int32Array;
  ksize: number;
}

let kernel: Exports | null | undefined;

/**
 * The source is copied into the kernel's memory a strip of rows at a time, at most this many bytes (at least one
 * row): the memory a WebAssembly instance grows to stays with it, and a 100-megapixel image would otherwise leave 400
 * MB behind in every worker that preprocessed one.
 */
let stripBytes = 4 << 20;
/** For tests: a smaller strip, to run several on small images. */
export function setStripBytes(bytes: number): void {
  stripBytes = bytes;
}

function load(): Exports | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Whether the kernel runs here (tests compare it with the TypeScript loops). */
export function resizeKernelAvailable(): boolean {
  return load() !== null;
}

const align = (n: number) => (n + 15) & ~15;

/**
 * Resize the source rows y0 … y0 + rows of `src` (RGBA, `sw` wide) through both passes and the lookup, into `dst` (3 ×
 * H × W at `offset`). `horizontal` and `vertical` are the axes' coefficients (identity ones where an axis keeps its
 * size). Returns false when the kernel is not available.
 */
export function resizeCropWasm(
  src: Uint8Array | Uint8ClampedArray,
  sw: number,
  y0: number,
  rows: number,
  horizontal: Axis,
  vertical: Axis,
  top: number,
  left: number,
  W: number,
  H: number,
  lut: Float32Array,
  dst: Float32Array,
  offset: number,
): boolean {
  const k = load();
  if (!k) return false;
  const W4 = align(W);
  let at = 0;
  const place = (bytes: number) => {
    const p = at;
    at = align(at + bytes);
    return p;
  };
  const hb = place(horizontal.bounds.byteLength);
  const hk = place(horizontal.kk.byteLength);
  const vb = place(vertical.bounds.byteLength);
  const vk = place(vertical.kk.byteLength);
  const lp = place(lut.byteLength);
  const strip = Math.max(1, Math.min(rows, Math.floor(stripBytes / (sw * 4))));
  const sp = place(strip * sw * 4);
  const mid = place(3 * rows * W4);
  const dp = place(3 * H * W * 4 + 16);
  const need = at - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  const buf = k.memory.buffer;
  new Int32Array(buf, hb, horizontal.bounds.length).set(horizontal.bounds);
  new Int32Array(buf, hk, horizontal.kk.length).set(horizontal.kk);
  new Int32Array(buf, vb, vertical.bounds.length).set(vertical.bounds);
  new Int32Array(buf, vk, vertical.kk.length).set(vertical.kk);
  new Float32Array(buf, lp, lut.length).set(lut);
  const into = new Uint8Array(buf, sp, strip * sw * 4);
  for (let s = 0; s < rows; s += strip) {
    const n = Math.min(strip, rows - s);
    into.set(src.subarray((y0 + s) * sw * 4, (y0 + s + n) * sw * 4));
    k.hpass(sp, sw, n, W, left, hb, hk, horizontal.ksize, mid + s * W4, W4, rows * W4);
  }
  k.vpass(mid, W4, rows, H, W, top, y0, vb, vk, vertical.ksize, lp, dp);
  dst.set(new Float32Array(buf, dp, 3 * H * W), offset);
  return true;
}
