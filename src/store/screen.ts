// What the screen shows, derived from the stored data and the UI state: the open dataset, its items (a first
// screenful, then all), the grid's filtered and sorted items, the threshold model, and the negatives list.

import { useMemo, useRef } from 'react';
import { applyFiltersAfter, type Filtered } from '../core/curation/filters.ts';
import type { Item } from '../core/model.ts';
import { findItem } from './itemLists.ts';
import { rankBy } from '../core/order.ts';
import { useCuration } from './curation.ts';
import { useNegatives, visibleNegatives } from './negatives.ts';
import { useDedup } from './dedup.ts';
import { useMap } from './map.ts';
import { useSearch } from './search.ts';
import { useDatasets, useFirstItems, useItems, useNegativeList } from './queries.ts';
import { useThresholdModel } from './threshold.ts';
import { useUi } from './ui.ts';

export function useScreenData() {
  const datasetId = useUi((s) => s.datasetId);
  const filters = useUi((s) => s.filters);
  const selectedId = useUi((s) => s.selectedId);
  const screen = useUi((s) => s.screen);
  const selectedNegativeId = useUi((s) => s.selectedNegativeId);
  const datasets = useDatasets();
  // IndexedDB answers reads in order: ask for a first screenful, then for everything.
  const firstItems = useFirstItems(datasetId, !useItems(datasetId, false).data);
  const items = useItems(datasetId, firstItems.isFetched);
  const all = useMemo(() => items.data ?? firstItems.data ?? [], [items.data, firstItems.data]);
  const tm = useThresholdModel(all, datasetId);
  const { model, scoreRange, sort, view } = useCuration();
  // While the cut is dragged the grid keeps its order and filter; only the dimming of cells follows.
  const filterValue = view === 'disagree-reviewer' ? tm.value : 0;
  const search = useSearch((s) => s.scores);
  const clusterOf = useDedup((s) => s.clusterOf);
  const mapBox = useMap((s) => (s.open ? s.selection : null));
  // The filters apart from the search and the near-duplicates: a new search (or clearing one) does not filter every
  // item again. bench/million.bench.ts, a warm search at a million items, one run each: 759 ms with the filters run
  // again (31 ms of it in the worker), 575 ms without (14 ms in the worker).
  // After a decision, patched where it changed the list (filtering and sorting a million items took ~150 ms of one).
  const lastFiltered = useRef<Filtered>(undefined);
  const shown = useMemo(() => {
    const c = { model, value: filterValue, scoreRange, sort, view, models: tm.models };
    const filtered = applyFiltersAfter(all, filters, c, lastFiltered.current);
    lastFiltered.current = { items: all, f: filters, c, out: filtered };
    // A box drawn on the map keeps the images inside it.
    return mapBox ? filtered.filter((i) => i.imageHash && mapBox.has(i.imageHash)) : filtered;
  }, [all, filters, model, filterValue, scoreRange, sort, view, tm.models, mapBox]);
  const visible = useMemo(() => {
    // Near-duplicates: only clustered images, largest cluster first, each cluster's members side by side.
    if (clusterOf) return rankBy(shown, (i) => i.imageHash, clusterOf);
    if (!search) return shown;
    // A search ranks what the filters let through, best match first; items without an image drop out.
    return rankBy(shown, (i) => i.imageHash, new Map([...search].map(([hash, score]) => [hash, -score])));
  }, [shown, search, clusterOf]);
  // Found by binary search where it was found before (a pass over a million items to the item took up to 50 ms).
  const lastSelected = useRef<Item>(undefined);
  const selected = useMemo(() => {
    const last = lastSelected.current;
    lastSelected.current = selectedId ? (last?.id === selectedId ? findItem(all, last) : all.find((i) => i.id === selectedId)) : undefined;
    return lastSelected.current;
  }, [all, selectedId]);
  const negativeList = useNegativeList(datasetId, screen === 'negatives');
  const { showFiltered, sort: negSort, typeFilter } = useNegatives();
  const negatives = useMemo(() => negativeList.data ?? [], [negativeList.data]);
  const visibleNegs = useMemo(() => visibleNegatives(negatives, { showFiltered, sort: negSort, typeFilter }), [negatives, showFiltered, negSort, typeFilter]);
  const selectedNegative = useMemo(
    () => (screen === 'negatives' ? negatives.find((n) => n.id === selectedNegativeId) : undefined),
    [screen, negatives, selectedNegativeId],
  );
  const dataset = datasets.data?.find((d) => d.id === datasetId);
  return {
    datasetId,
    datasets,
    dataset,
    itemsLoaded: !!items.data,
    anyItems: !!items.data || !!firstItems.data,
    all,
    visible,
    selected,
    tm,
    negatives,
    visibleNegs,
    selectedNegative,
    screen,
  };
}

export type ScreenData = ReturnType<typeof useScreenData>;
