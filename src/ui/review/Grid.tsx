// The review grid: virtualized rows of cells, so that 100,000 items scroll as smoothly as 100.

import { elementScroll, observeElementOffset, useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { currentCaption, type Item } from '../../core/model.ts';
import { useDedup } from '../../store/dedup.ts';
import { positionOf } from '../../store/itemLists.ts';
import { useThumbUrl } from '../../store/thumbs.ts';

/** Cell sizes: normal, and compact on short screens (1024×700), where two rows must fit under the threshold panel. */
const SIZES = {
  normal: { column: 184, row: 236, cell: 'h-[228px] w-[176px]', picture: 'h-[150px]', lines: 'line-clamp-3' },
  compact: { column: 152, row: 180, cell: 'h-[172px] w-[144px]', picture: 'h-[100px]', lines: 'line-clamp-2' },
} as const;
type Size = (typeof SIZES)[keyof typeof SIZES];
const SHORT_SCREEN = '(max-height: 820px)';

/**
 * Browsers cap an element's height (Chromium at 33,554,432 px, Firefox near 17.9 million): a million items in rows of
 * 180 px, three to a row, are 60 million px, and the scrollbar stopped at the first 56%. Past this height the grid's
 * scroll range stays at it and stands for the whole list, scaled; rows are placed where that scale puts them.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;
/** How far through the list (px) the rows' anchor stays put (see Grid). */
const ANCHOR_STEP = 1_000_000;

/**
 * The virtualizer's offsets are the list's own (row × height); the element's scrollTop is scaled down by `ratio`
 * (1 below MAX_SCROLL_HEIGHT). A scroll the virtualizer asked for reads back as the offset it asked for, not that offset
 * rounded to a pixel and scaled up again (it would retry the difference).
 */
function scaledScrolling(
  ratio: { current: number },
  sync: { current: ((offset: number) => void) | null },
  moved: { current: ((offset: number) => void) | null },
) {
  let written: { offset: number; top: number } | null = null;
  const offsetOf = (top: number) => (written && Math.abs(top - written.top) < 1 ? written.offset : top * ratio.current);
  return {
    observeElementOffset: (instance: Virtualizer<HTMLDivElement, Element>, cb: (offset: number, isScrolling: boolean) => void) => {
      sync.current = (offset) => cb(offset, false);
      return observeElementOffset(instance, (top, isScrolling) => {
        const offset = offsetOf(top);
        moved.current?.(offset);
        cb(offset, isScrolling);
      });
    },
    scrollToFn: (offset: number, options: { adjustments?: number; behavior?: ScrollBehavior }, instance: Virtualizer<HTMLDivElement, Element>) => {
      const to = offset + (options.adjustments ?? 0);
      written = { offset: to, top: to / ratio.current };
      elementScroll(to / ratio.current, { behavior: options.behavior }, instance);
    },
    /** Scroll the element to the list's `offset` (the virtualizer's own scrollToIndex clamps at the element's range). */
    scrollTo(element: HTMLElement, offset: number) {
      written = { offset, top: offset / ratio.current };
      element.scrollTop = offset / ratio.current;
    },
  };
}

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
  const ratio = useRef(1);
  const sync = useRef<((offset: number) => void) | null>(null);
  const layer = useRef<HTMLDivElement>(null);
  const placed = useRef({ anchor: 0, scale: 1 });
  // The rows' layer to where the offset puts it, at every scroll event: the virtualizer renders only when the rows in
  // view change, and between those renders a scaled list moved at the scrollbar's pace, then jumped.
  const moved = useRef((offset: number) => {
    const { anchor, scale } = placed.current;
    if (layer.current) layer.current.style.transform = scale === 1 ? '' : `translateY(${offset / scale - offset + anchor}px)`;
  });
  const [scaling] = useState(() => scaledScrolling(ratio, sync, moved));
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scroller.current, estimateSize: () => size.row, overscan: 2, ...scaling });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new cell size invalidates the measured rows
  useEffect(() => virtualizer.measure(), [size, virtualizer]);
  const total = virtualizer.getTotalSize();
  const shown = Math.min(total, MAX_SCROLL_HEIGHT);
  const view = virtualizer.scrollRect?.height ?? 0;
  const scale = total > shown && shown > view ? (total - view) / (shown - view) : 1;
  // A new scale (the list grew past the cap while it loaded, a filter, the window) keeps the same part of the list in
  // view: the scrollbar moves to where that part now is, and the virtualizer is told at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new scale moves the scrollbar
  useLayoutEffect(() => {
    const before = ratio.current;
    if (before === scale) return;
    ratio.current = scale;
    const el = scroller.current;
    if (!el) return;
    const offset = virtualizer.scrollOffset ?? el.scrollTop * before;
    scaling.scrollTo(el, offset);
    sync.current?.(offset);
  }, [scale]);
  // Where the virtualizer's offset puts the rows in the scaled element: the scrolled-to part of the list at the
  // element's scrollTop. The rows stand in one layer, each at its place from an anchor that moves once every
  // ANCHOR_STEP of the list, and the layer moves at each frame: the rows' own places stay as they were. (Placing each
  // row at its scaled place moved every row at every frame of a scroll past MAX_SCROLL_HEIGHT, a million items, and
  // each frame laid out and painted them all again.)
  const offset = virtualizer.scrollOffset ?? 0;
  const anchor = scale === 1 ? 0 : Math.floor(offset / ANCHOR_STEP) * ANCHOR_STEP;
  useLayoutEffect(() => {
    placed.current = { anchor, scale };
    moved.current(offset);
  });

  // The grid renders again at every scrolled frame: the selected item is looked for only when the list or it changes.
  const selectedIndex = useMemo(() => (selectedId ? positionOf(items, selectedId) : -1), [items, selectedId]);
  // The selected item's row is brought into view, at the nearer edge (rows are all size.row high).
  useEffect(() => {
    const el = scroller.current;
    if (selectedIndex < 0 || !el) return;
    const start = Math.floor(selectedIndex / columns) * size.row;
    const offset = virtualizer.scrollOffset ?? el.scrollTop * ratio.current;
    if (start < offset) scaling.scrollTo(el, start);
    else if (start + size.row > offset + el.clientHeight) scaling.scrollTo(el, start + size.row - el.clientHeight);
  }, [selectedIndex, columns, size.row, virtualizer, scaling]);

  if (!items.length) return <p className="p-6 text-slate-500">No items match these filters.</p>;
  return (
    <div ref={scroller} className="h-full overflow-y-auto p-2" data-testid="grid" data-count={items.length} data-scale={scale}>
      <div style={{ height: shown, position: 'relative' }}>
        <div ref={layer} className="absolute inset-x-0 top-0" style={scale === 1 ? undefined : { willChange: 'transform' }}>
          {virtualizer.getVirtualItems().map((row) => (
            <div key={row.key} className="absolute left-0 flex gap-2" style={{ top: row.start - anchor, height: size.row }}>
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
  const url = useThumbUrl(hash);
  return url ? <img src={url} alt="" className="h-full w-full object-contain [image-rendering:pixelated]" draggable={false} /> : null;
}
