// The score histogram: bars by bin (accepted and rejected stacked in colour), the cut as a draggable line, the
// suggested cut and known cut-offs as marks; a click on a bin filters the grid to it. It is the threshold's slider.

import { memo, useMemo, useRef, type PointerEvent as ReactPointerEvent } from 'react';
import type { CurvePoint } from '../../core/curation/threshold.ts';
import { type ScoredPair, type StatusHistogram, statusHistogram } from '../../core/curation/view.ts';

const BINS = 50;
const WIDTH = 640;
const HEIGHT = 120;

/** Published cut-offs, each valid for its own model only. */
export const KNOWN_CUTOFFS: Record<string, { value: number; label: string }> = {
  'openai/clip-vit-base-patch32': { value: 0.28, label: 'LAION-400M cut (ViT-B/32 only)' },
  'Xenova/clip-vit-base-patch32': { value: 0.28, label: 'LAION-400M cut (ViT-B/32 only)' },
};

export const Histogram = memo(function Histogram({
  pairs,
  curve,
  value,
  model,
  onDrag,
  onDrop,
  onBin,
}: {
  pairs: ScoredPair[];
  curve: CurvePoint[];
  value: number;
  model: string;
  onDrag: (v: number) => void;
  onDrop: (v: number) => void;
  onBin: (r: [number, number]) => void;
}) {
  const svg = useRef<SVGSVGElement>(null);
  // Counted again only where a decision changed the pairs (three passes over a million pairs took 60 ms of each one).
  const last = useRef<StatusHistogram>(undefined);
  const { all, accepted, rejected } = useMemo(() => (last.current = statusHistogram(pairs, BINS, last.current)), [pairs]);
  const byStatus = { accepted, rejected };
  const peak = Math.max(1, ...all.counts);
  const x = (s: number) => ((s - all.min) / (all.max - all.min)) * WIDTH;
  const toScore = (clientX: number) => {
    const r = svg.current!.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - r.left) / r.width));
    return all.min + f * (all.max - all.min);
  };
  const dragging = useRef(false);
  const down = (e: ReactPointerEvent) => {
    dragging.current = true;
    (e.target as Element).setPointerCapture?.(e.pointerId);
    onDrag(toScore(e.clientX));
  };
  const reference = KNOWN_CUTOFFS[model];
  const barW = WIDTH / BINS;
  return (
    <svg
      ref={svg}
      data-testid="histogram"
      viewBox={`0 0 ${WIDTH} ${HEIGHT + 14}`}
      className="h-32 w-full max-w-3xl touch-none select-none"
      onPointerMove={(e) => dragging.current && onDrag(toScore(e.clientX))}
      onPointerUp={(e) => {
        if (!dragging.current) return;
        dragging.current = false;
        onDrop(toScore(e.clientX));
      }}
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the histogram is the slider: focusable, with ArrowLeft/ArrowRight and aria-valuenow
      role="slider"
      aria-label="Threshold"
      aria-valuemin={all.min}
      aria-valuemax={all.max}
      aria-valuenow={value}
      tabIndex={0}
      onKeyDown={(e) => {
        const step = (all.max - all.min) / 200;
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          e.stopPropagation();
          onDrop(value + (e.key === 'ArrowRight' ? step : -step));
        }
      }}
    >
      {all.counts.map((c, i) => {
        const h = (c / peak) * HEIGHT;
        const a = (byStatus.accepted[i] / peak) * HEIGHT;
        const r = (byStatus.rejected[i] / peak) * HEIGHT;
        const lo = all.min + i * all.width;
        return (
          <g key={i} onClick={() => onBin([lo, lo + all.width])} className="cursor-pointer">
            <title>{`${lo.toFixed(3)}–${(lo + all.width).toFixed(3)}: ${c} pairs (${byStatus.accepted[i]} accepted, ${byStatus.rejected[i]} rejected) — click to show them`}</title>
            <rect x={i * barW + 0.5} y={HEIGHT - h} width={barW - 1} height={h} className="fill-slate-300" />
            <rect x={i * barW + 0.5} y={HEIGHT - a} width={barW - 1} height={a} className="fill-emerald-500" />
            <rect x={i * barW + 0.5} y={HEIGHT - a - r} width={barW - 1} height={r} className="fill-rose-500" />
          </g>
        );
      })}
      {reference && reference.value >= all.min && reference.value <= all.max && (
        <g>
          <line x1={x(reference.value)} x2={x(reference.value)} y1={0} y2={HEIGHT} className="stroke-violet-500" strokeDasharray="4 3" />
          <text x={x(reference.value) + 3} y={10} className="fill-violet-700 text-[9px]">
            {reference.label}
          </text>
        </g>
      )}
      {curve.length > 1 && (
        // Precision (green) and recall (blue) of "score ≥ t" against the reviewer's decisions, across t.
        <g data-testid="pr-curve" fill="none" strokeWidth={1.5}>
          <polyline points={curve.map((p) => `${x(p.t)},${HEIGHT * (1 - p.precision)}`).join(' ')} className="stroke-emerald-700" />
          <polyline points={curve.map((p) => `${x(p.t)},${HEIGHT * (1 - p.recall)}`).join(' ')} className="stroke-blue-700" strokeDasharray="3 2" />
          <text x={WIDTH - 120} y={10} className="fill-emerald-700 text-[9px]">
            precision
          </text>
          <text x={WIDTH - 70} y={10} className="fill-blue-700 text-[9px]">
            recall (dashed)
          </text>
        </g>
      )}
      <rect x={0} y={0} width={WIDTH} height={HEIGHT} fill="transparent" onPointerDown={down} className="cursor-ew-resize" />
      <line data-testid="threshold-line" x1={x(value)} x2={x(value)} y1={0} y2={HEIGHT} className="stroke-sky-600" strokeWidth={2} />
      <text x={Math.min(WIDTH - 40, x(value) + 3)} y={HEIGHT + 11} className="fill-sky-700 font-mono text-[10px]">
        {value.toFixed(3)}
      </text>
      <text x={0} y={HEIGHT + 11} className="fill-slate-500 text-[9px]">
        {all.min.toFixed(2)}
      </text>
      <text x={WIDTH - 24} y={HEIGHT + 11} className="fill-slate-500 text-[9px]">
        {all.max.toFixed(2)}
      </text>
    </svg>
  );
});
