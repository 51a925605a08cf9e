// The review grid: virtualized rows of cells, so that 100,000 items scroll as smoothly as 100.

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { currentCaption, type Item } from '../../core/model.ts';
import { useThumb } from '../../store/queries.ts';
import { useObjectUrl } from './Thumb.tsx';

const CELL_WIDTH = 184;
const ROW_HEIGHT = 236;

export const STATUS_STYLE: Record<Item['status'], string> = {
  pending: 'bg-slate-100 text-slate-700',
  accepted: 'bg-emerald-100 text-emerald-800',
  rejected: 'bg-rose-100 text-rose-800',
};
export const KIND_NAME: Record<Item['kind'], string> = { pair: 'pair', image: 'lone image', text: 'lone text' };

export interface CellClick {
  id: string;
  /** Ctrl or Cmd: add to or remove from the multi-selection. */
  toggle: boolean;
  /** Shift: select the range from the focused item. */
  range: boolean;
}

export function Grid({
  items,
  selectedId,
  marked,
  onSelect,
  cut,
}: {
  items: Item[];
  selectedId: string | null;
  marked: ReadonlySet<string>;
  onSelect: (click: CellClick) => void;
  cut?: { model: string; value: number };
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(4);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setColumns(Math.max(1, Math.floor((el.clientWidth - 16) / CELL_WIDTH)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const rows = Math.ceil(items.length / columns);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 2 });

  const selectedIndex = selectedId ? items.findIndex((i) => i.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(Math.floor(selectedIndex / columns), { align: 'auto' });
  }, [selectedIndex, columns, virtualizer]);

  if (!items.length) return <p className="p-6 text-slate-500">No items match these filters.</p>;
  return (
    <div ref={scroller} className="h-full overflow-y-auto p-2" data-testid="grid">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div key={row.key} className="absolute left-0 flex gap-2" style={{ top: row.start, height: ROW_HEIGHT }}>
            {items.slice(row.index * columns, row.index * columns + columns).map((item) => (
              <Cell
                key={item.id}
                item={item}
                selected={item.id === selectedId}
                marked={marked.has(item.id)}
                onSelect={onSelect}
                below={!!cut && (item.scores?.[cut.model] ?? Infinity) < cut.value}
              />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

const Cell = memo(function Cell({
  item,
  selected,
  marked,
  onSelect,
  below,
}: {
  item: Item;
  selected: boolean;
  marked: boolean;
  onSelect: (click: CellClick) => void;
  below: boolean;
}) {
  const caption = currentCaption(item);
  return (
    <button
      type="button"
      data-testid="cell"
      data-item-id={item.id}
      data-status={item.status}
      data-below-cut={below || undefined}
      data-marked={marked || undefined}
      aria-pressed={marked}
      onClick={(e) => onSelect({ id: item.id, toggle: e.ctrlKey || e.metaKey, range: e.shiftKey })}
      title={below ? 'below the cut' : undefined}
      className={`flex h-[228px] w-[176px] flex-col overflow-hidden rounded border bg-white text-left text-xs ${selected ? 'border-sky-500 ring-2 ring-sky-400' : marked ? 'border-violet-500 ring-2 ring-violet-300' : 'border-slate-200 hover:border-slate-400'}`}
    >
      {/* Below the cut the picture is dimmed, not the text: captions keep their contrast. */}
      <div className={`flex h-[150px] w-full items-center justify-center bg-slate-100 ${below ? 'opacity-40' : ''}`}>
        {item.imageHash ? <ThumbImage hash={item.imageHash} /> : <span className="text-slate-400">no image</span>}
      </div>
      <div className="flex items-center gap-1 px-1.5 pt-1">
        {marked && (
          <span className="rounded bg-violet-600 px-1 text-white" title="in the selection (x toggles, Esc clears)">
            ✓
          </span>
        )}
        <span className="text-slate-600">#{item.seq + 1}</span>
        <span className="rounded bg-slate-100 px-1 text-slate-600">{KIND_NAME[item.kind]}</span>
        {item.scores?.ensemble !== undefined && (
          <span data-testid="cell-score" className="ml-auto font-mono text-slate-700" title="ensemble CLIP score (mean cosine of the models)">
            {below && <span className="sr-only">below the cut: </span>}
            {below ? '↓' : ''}
            {item.scores.ensemble.toFixed(3)}
          </span>
        )}
        <span className={`${item.scores?.ensemble !== undefined ? '' : 'ml-auto '}rounded px-1 ${STATUS_STYLE[item.status]}`}>{item.status}</span>
      </div>
      {/* Captions are text nodes, never HTML. */}
      <p className="line-clamp-3 px-1.5 pt-0.5 text-slate-800" dir="auto">
        {caption ?? <span className="italic text-slate-600">no caption</span>}
      </p>
    </button>
  );
});

function ThumbImage({ hash }: { hash: string }) {
  const thumb = useThumb(hash);
  const url = useObjectUrl(thumb.data);
  return url ? <img src={url} alt="" className="h-full w-full object-contain [image-rendering:pixelated]" draggable={false} /> : null;
}
