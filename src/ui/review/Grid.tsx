// The review grid: virtualized rows of cells, so that 100,000 items scroll as smoothly as 100.

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { currentCaption, type Item } from '../../core/model.ts';
import { useDedup } from '../../store/dedup.ts';
import { useThumb } from '../../store/queries.ts';
import { useObjectUrl } from './Thumb.tsx';

/** Cell sizes: normal, and compact on short screens (1024×700), where two rows must fit under the threshold panel. */
const SIZES = {
  normal: { column: 184, row: 236, cell: 'h-[228px] w-[176px]', picture: 'h-[150px]', lines: 'line-clamp-3' },
  compact: { column: 152, row: 180, cell: 'h-[172px] w-[144px]', picture: 'h-[100px]', lines: 'line-clamp-2' },
} as const;
type Size = (typeof SIZES)[keyof typeof SIZES];
const SHORT_SCREEN = '(max-height: 820px)';

function useCellSize(): Size {
  const [short, setShort] = useState(() => matchMedia(SHORT_SCREEN).matches);
  useEffect(() => {
    const query = matchMedia(SHORT_SCREEN);
    const change = () => setShort(query.matches);
    query.addEventListener('change', change);
    return () => query.removeEventListener('change', change);
  }, []);
  return short ? SIZES.compact : SIZES.normal;
}

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
  const size = useCellSize();
  const hasItems = items.length > 0;
  const [columns, setColumns] = useState(4);
  // biome-ignore lint/correctness/useExhaustiveDependencies: hasItems mounts the scroller, size changes the column width
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setColumns(Math.max(1, Math.floor((el.clientWidth - 16) / size.column)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [size, hasItems]);
  const rows = Math.ceil(items.length / columns);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => size.row, overscan: 2 });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new cell size invalidates the measured rows
  useEffect(() => virtualizer.measure(), [size, virtualizer]);

  // The grid renders again at every scrolled frame: the selected item is looked for only when the list or it changes.
  const selectedIndex = useMemo(() => (selectedId ? items.findIndex((i) => i.id === selectedId) : -1), [items, selectedId]);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(Math.floor(selectedIndex / columns), { align: 'auto' });
  }, [selectedIndex, columns, virtualizer]);

  if (!items.length) return <p className="p-6 text-slate-500">No items match these filters.</p>;
  return (
    <div ref={scroller} className="h-full overflow-y-auto p-2" data-testid="grid" data-count={items.length}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div key={row.key} className="absolute left-0 flex gap-2" style={{ top: row.start, height: size.row }}>
            {items.slice(row.index * columns, row.index * columns + columns).map((item) => (
              <Cell
                key={item.id}
                item={item}
                size={size}
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
  size,
  selected,
  marked,
  onSelect,
  below,
}: {
  item: Item;
  size: Size;
  selected: boolean;
  marked: boolean;
  onSelect: (click: CellClick) => void;
  below: boolean;
}) {
  const caption = currentCaption(item);
  // While near-duplicates are shown: which cluster the image is in, and whether it is the reviewer's pick.
  const cluster = useDedup((d) => (item.imageHash ? d.clusterOf?.get(item.imageHash) : undefined));
  const picked = useDedup((d) => cluster !== undefined && d.picks.get(cluster) === item.imageHash);
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
      className={`flex ${size.cell} flex-col overflow-hidden rounded border bg-white text-left text-xs ${selected ? 'border-sky-500 ring-2 ring-sky-400' : marked ? 'border-violet-500 ring-2 ring-violet-300' : 'border-slate-200 hover:border-slate-400'}`}
    >
      {/* Below the cut the picture is dimmed, not the text: captions keep their contrast. */}
      <div className={`relative flex ${size.picture} w-full items-center justify-center bg-slate-100 ${below ? 'opacity-40' : ''}`}>
        {item.imageHash ? <ThumbImage hash={item.imageHash} /> : <span className="text-slate-400">no image</span>}
        {cluster !== undefined && (
          <span data-testid="cell-cluster" className={`absolute left-1 top-1 rounded px-1 text-white ${picked ? 'bg-emerald-700' : 'bg-slate-700'}`}>
            cluster {cluster + 1}
            {picked ? ' · keep' : ''}
          </span>
        )}
      </div>
      <div className="flex items-center gap-1 px-1.5 pt-1">
        {marked && (
          <span className="rounded bg-violet-600 px-1 text-white" title="in the selection (x toggles, Esc clears)">
            ✓
          </span>
        )}
        {size === SIZES.normal && <span className="text-slate-600">#{item.seq + 1}</span>}
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
      <p className={`${size.lines} px-1.5 pt-0.5 text-slate-800`} dir="auto">
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
