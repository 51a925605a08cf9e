// Draws the map's points into an RGBA pixel buffer (one putImageData per frame, not one canvas call per point), so
// that 100,000 points redraw in a few milliseconds as the map is panned, zoomed or recoloured (bench/map.bench.ts).

export interface MapView {
  /** The visible part of the unit square: [x0, y0] at the top left, `scale` pixels per unit. */
  x0: number;
  y0: number;
  scale: number;
}

/**
 * Paint each point as a `size`×`size` square in its colour (0xAABBGGRR, as a little-endian Uint32 view of RGBA
 * bytes); points outside the view are skipped. Later points paint over earlier ones; `highlight` points are painted
 * last, larger, so that a selection stays visible.
 */
export function rasterizePoints(
  pixels: Uint32Array,
  width: number,
  height: number,
  xy: Float32Array,
  colors: Uint32Array,
  view: MapView,
  size = 2,
  highlight?: Uint8Array,
): void {
  pixels.fill(0xffffffff);
  const n = colors.length;
  const paint = (i: number, s: number) => {
    const px = Math.floor((xy[i * 2] - view.x0) * view.scale);
    const py = Math.floor((xy[i * 2 + 1] - view.y0) * view.scale);
    if (px < 0 || py < 0 || px >= width || py >= height) return;
    const c = colors[i];
    const x1 = Math.min(width, px + s);
    const y1 = Math.min(height, py + s);
    for (let y = py; y < y1; y++) for (let x = px, o = y * width + px; x < x1; x++, o++) pixels[o] = c;
  };
  for (let i = 0; i < n; i++) if (!highlight?.[i]) paint(i, size);
  if (highlight) for (let i = 0; i < n; i++) if (highlight[i]) paint(i, size + 1);
}

/** RGBA bytes → the Uint32 value rasterizePoints paints (little-endian, as every browser and Node run). */
export const rgba = (r: number, g: number, b: number, a = 255) => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;

/** A colour ramp from blue (0) through grey to red (1), for scores and similarities. */
export function ramp(t: number): number {
  const u = Math.max(0, Math.min(1, t));
  return u < 0.5
    ? rgba(Math.round(40 + 300 * u), Math.round(90 + 200 * u), 200 - Math.round(60 * u))
    : rgba(200 + Math.round(40 * (u - 0.5)), Math.round(190 - 300 * (u - 0.5)), Math.round(170 - 280 * (u - 0.5)));
}

/** The indices of the points inside a box of the unit square. */
export function pointsInBox(xy: Float32Array, box: { x0: number; y0: number; x1: number; y1: number }): number[] {
  const [ax, bx] = box.x0 < box.x1 ? [box.x0, box.x1] : [box.x1, box.x0];
  const [ay, by] = box.y0 < box.y1 ? [box.y0, box.y1] : [box.y1, box.y0];
  const out: number[] = [];
  for (let i = 0; i < xy.length / 2; i++) {
    const x = xy[i * 2];
    const y = xy[i * 2 + 1];
    if (x >= ax && x <= bx && y >= ay && y <= by) out.push(i);
  }
  return out;
}
