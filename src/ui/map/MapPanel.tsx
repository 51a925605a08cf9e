// The embedding map: every image of the dataset as a point (UMAP of the image embeddings), coloured by score,
// status, kind or search similarity. Drag a box to filter the grid to the images inside; the wheel zooms around the
// pointer, Shift-drag pans, a double click shows all again. Drawn into one pixel buffer per frame (core/search/raster).

import { useEffect, useMemo, useRef, useState } from 'react';
import type { Item } from '../../core/model.ts';
import { type MapView, pointsInBox, ramp, rasterizePoints, rgba } from '../../core/search/raster.ts';
import { useCuration } from '../../store/curation.ts';
import { type MapColor, openMap, useMap } from '../../store/map.ts';
import { useSearch } from '../../store/search.ts';

const STATUS_COLORS = { pending: rgba(148, 163, 184), accepted: rgba(22, 163, 74), rejected: rgba(220, 38, 38) };
const KIND_COLORS = { pair: rgba(37, 99, 235), image: rgba(234, 88, 12), text: rgba(100, 116, 139) };
const NONE = rgba(203, 213, 225);

/** Lowest and highest of some numbers (0 and 1 when there are none). */
function range(values: Iterable<number>): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

export function MapPanel({ datasetId, items }: { datasetId: string; items: Item[] }) {
  const { layout, colorBy, selection, progress, set } = useMap();
  const model = useCuration((s) => s.model);
  const search = useSearch((s) => s.scores);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const height = typeof window !== 'undefined' && window.innerHeight < 800 ? 180 : 260;
  const [view, setView] = useState<MapView>({ x0: 0, y0: 0, scale: height });
  const [box, setBox] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [frameMs, setFrameMs] = useState<number | null>(null);
  const drag = useRef<{ mode: 'box' | 'pan'; x: number; y: number; view: MapView } | null>(null);
  const current = layout?.datasetId === datasetId ? layout : null;

  // The whole map, centred in the canvas.
  const whole = (w: number): MapView => ({ x0: -(w / height - 1) / 2, y0: 0, scale: height });
  useEffect(() => {
    const el = canvas.current?.parentElement;
    if (!el) return;
    const observe = new ResizeObserver(() => setWidth(Math.max(200, Math.floor(el.clientWidth))));
    observe.observe(el);
    return () => observe.disconnect();
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit when the width or the layout changes, not on every render
  useEffect(() => setView(whole(width)), [width, current]);

  // Colours per point, from the first item showing each image.
  const colors = useMemo(() => {
    if (!current) return new Uint32Array();
    const byHash = new Map<string, Item>();
    for (const i of items) if (i.imageHash && !byHash.has(i.imageHash)) byHash.set(i.imageHash, i);
    const [lo, hi] = range(items.flatMap((i) => (typeof i.scores?.[model] === 'number' ? [i.scores[model]] : [])));
    const [slo, shi] = range(search?.values() ?? []);
    return Uint32Array.from(current.hashes, (h) => {
      const item = byHash.get(h);
      if (!item) return NONE;
      if (colorBy === 'status') return STATUS_COLORS[item.status];
      if (colorBy === 'kind') return KIND_COLORS[item.kind];
      if (colorBy === 'search') return search?.has(h) ? ramp((search.get(h)! - slo) / (shi - slo || 1)) : NONE;
      const s = item.scores?.[model];
      return typeof s === 'number' ? ramp((s - lo) / (hi - lo || 1)) : NONE;
    });
  }, [current, items, colorBy, model, search]);

  const highlight = useMemo(
    () => (current && selection ? Uint8Array.from(current.hashes, (h) => (selection.has(h) ? 1 : 0)) : undefined),
    [current, selection],
  );

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !current) return;
    const t0 = performance.now();
    const image = ctx.createImageData(width, height);
    rasterizePoints(new Uint32Array(image.data.buffer), width, height, current.xy, colors, view, 2, highlight);
    ctx.putImageData(image, 0, 0);
    setFrameMs(performance.now() - t0);
  }, [current, colors, view, width, height, highlight]);

  const toUnit = (e: { clientX: number; clientY: number }) => {
    const r = canvas.current!.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    return { x: view.x0 + px / view.scale, y: view.y0 + py / view.scale, px, py };
  };

  return (
    <section className="border-b border-slate-200 bg-white px-3 py-2" aria-label="Embedding map" data-testid="map-panel">
      <div className="mb-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span className="font-medium text-slate-700">Map</span>
        <label>
          colour by{' '}
          <select aria-label="Colour the map by" className="rounded border px-1" value={colorBy} onChange={(e) => set({ colorBy: e.target.value as MapColor })}>
            <option value="score">score ({model})</option>
            <option value="status">status</option>
            <option value="kind">kind</option>
            <option value="search" disabled={!search}>
              search similarity
            </option>
          </select>
        </label>
        {current && (
          <span>
            {current.hashes.length.toLocaleString('en-US')} images
            {frameMs !== null && <span data-testid="map-frame-ms"> · frame {frameMs.toFixed(1)} ms</span>}
          </span>
        )}
        {selection && (
          <span data-testid="map-selection">
            box: {selection.size.toLocaleString('en-US')} images{' '}
            <button type="button" className="rounded border px-1" onClick={() => set({ selection: null })}>
              clear box
            </button>
          </span>
        )}
        <button type="button" className="rounded border px-1" disabled={!!progress} onClick={() => void openMap(datasetId, true)}>
          lay out again
        </button>
        <span className="text-slate-400">drag: box · wheel: zoom · shift-drag: pan · double-click: all</span>
        <button type="button" aria-label="Close the map" className="ml-auto rounded border px-1" onClick={() => set({ open: false, selection: null })}>
          ✕
        </button>
      </div>
      <div className="relative" style={{ height }}>
        {progress && (
          <p className="absolute inset-0 flex items-center justify-center text-sm text-slate-500" data-testid="map-progress">
            laying out the map… {Math.round((100 * progress.done) / Math.max(1, progress.total))}%
          </p>
        )}
        <canvas
          ref={canvas}
          width={width}
          height={height}
          data-testid="map-canvas"
          className="block cursor-crosshair"
          onMouseDown={(e) => {
            const u = toUnit(e);
            drag.current = { mode: e.shiftKey ? 'pan' : 'box', x: u.px, y: u.py, view };
            if (!e.shiftKey) setBox({ x0: u.x, y0: u.y, x1: u.x, y1: u.y });
          }}
          onMouseMove={(e) => {
            const d = drag.current;
            if (!d) return;
            const u = toUnit(e);
            if (d.mode === 'pan') setView({ ...d.view, x0: d.view.x0 - (u.px - d.x) / d.view.scale, y0: d.view.y0 - (u.py - d.y) / d.view.scale });
            else setBox((b) => (b ? { ...b, x1: u.x, y1: u.y } : b));
          }}
          onMouseUp={() => {
            const d = drag.current;
            drag.current = null;
            const drawn = box;
            setBox(null);
            if (d?.mode !== 'box' || !drawn || !current) return;
            // A click, not a box: nothing to select.
            if (Math.abs(drawn.x1 - drawn.x0) * view.scale < 4 && Math.abs(drawn.y1 - drawn.y0) * view.scale < 4) return;
            set({ selection: new Set(pointsInBox(current.xy, drawn).map((i) => current.hashes[i])) });
          }}
          onDoubleClick={() => setView(whole(width))}
          onWheel={(e) => {
            const u = toUnit(e);
            const scale = Math.max(height / 2, Math.min(height * 200, view.scale * (e.deltaY < 0 ? 1.25 : 0.8)));
            setView({ scale, x0: u.x - u.px / scale, y0: u.y - u.py / scale });
          }}
        />
        {box && (
          <div
            className="pointer-events-none absolute border border-sky-600 bg-sky-200/30"
            style={{
              left: (Math.min(box.x0, box.x1) - view.x0) * view.scale,
              top: (Math.min(box.y0, box.y1) - view.y0) * view.scale,
              width: Math.abs(box.x1 - box.x0) * view.scale,
              height: Math.abs(box.y1 - box.y0) * view.scale,
            }}
          />
        )}
      </div>
    </section>
  );
}
