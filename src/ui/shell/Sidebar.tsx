// The sidebar: filters by kind and status with counts, the score views, the preprocessing routes, and the import
// errors of the open dataset.

import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import { basicFilter, type BasicFilters, hasBasicFilters } from '../../core/curation/basics.ts';
import { itemCounts, type ItemCounts } from '../../core/curation/view.ts';
import { ITEM_KINDS, REVIEW_STATUSES, type Item } from '../../core/model.ts';
import { useCuration, type SortOrder } from '../../store/curation.ts';
import { useUi, type Filters } from '../../store/ui.ts';
import { cancelRoutes, pauseRoutes, runRoutes } from '../../store/workflows/routes.ts';
import { commandById, type CommandContext } from '../commands/index.ts';
import { ImportErrors } from '../import/ImportPanel.tsx';
import { DuplicatesBox } from '../review/DuplicatesBox.tsx';
import { SearchBox } from '../review/SearchBox.tsx';
import { commandButtons } from './CommandButton.tsx';
import { Preprocess } from '../preprocess/Preprocess.tsx';

export function Sidebar({ all, ctx }: { all: Item[]; ctx: CommandContext }) {
  const client = useQueryClient();
  const filters = useUi((s) => s.filters);
  const datasetId = useUi((s) => s.datasetId);
  const ui = useUi.getState;
  // Counted again only where a decision changed the list (a pass over a million items took 60 ms of each one).
  const lastCounts = useRef<{ items: Item[]; counts: ItemCounts }>(undefined);
  const counts = useMemo(() => (lastCounts.current = { items: all, counts: itemCounts(all, lastCounts.current) }).counts, [all]);
  return (
    <aside className="w-48 shrink-0 overflow-y-auto border-r xl:w-56 border-slate-200 bg-white p-3 text-sm">
      <SearchBox datasetId={datasetId} button={commandButtons(ctx)} />
      <DuplicatesBox item={ctx.item} button={commandButtons(ctx)} />
      <FilterGroup
        label="Kind"
        value={filters.kind}
        options={['all', ...ITEM_KINDS]}
        counts={counts}
        onChange={(kind) => ui().setFilters({ kind: kind as Filters['kind'] })}
        names={{ pair: 'pairs', image: 'lone images', text: 'lone texts' }}
      />
      <FilterGroup
        label="Status"
        value={filters.status}
        options={['all', ...REVIEW_STATUSES]}
        counts={counts}
        onChange={(status) => ui().setFilters({ status: status as Filters['status'] })}
        names={{}}
      />
      <BasicFiltersBox all={all} />
      <CurationFilters />
      <Preprocess
        marked={ctx.marked}
        onRunMarked={() => void commandById('route-item').perform(ctx)}
        onPrompts={() => ui().setOverlay('prompts')}
        onRun={(routes) => void runRoutes(client, datasetId, { routes, cutOnScreen: ctx.threshold.value })}
        onPause={pauseRoutes}
        onCancel={cancelRoutes}
      />
      <ImportErrors datasetId={datasetId} />
    </aside>
  );
}

function FilterGroup(props: {
  label: string;
  value: string;
  options: string[];
  counts: Record<string, number>;
  names: Record<string, string>;
  onChange: (v: string) => void;
}) {
  return (
    <fieldset className="mb-4">
      <legend className="mb-1 font-medium text-slate-700">{props.label}</legend>
      {props.options.map((o) => (
        <label key={o} className="flex cursor-pointer items-center gap-2 py-0.5">
          <input type="radio" name={props.label} checked={props.value === o} onChange={() => props.onChange(o)} />
          <span className="flex-1">{props.names[o] ?? o}</span>
          <span className="tabular-nums text-slate-500" data-testid={`count-${o}`}>
            {props.counts[o] ?? 0}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** DataComp's basics: caption words, the image's shorter side and aspect ratio, repeated captions. */
function BasicFiltersBox({ all }: { all: Item[] }) {
  const basics = useUi((s) => s.filters.basics) ?? {};
  const set = (patch: Partial<BasicFilters>) => useUi.getState().setFilters({ basics: { ...basics, ...patch } });
  const hidden = useMemo(() => (hasBasicFilters(basics) ? all.length - all.filter(basicFilter(basics, all)).length : 0), [all, basics]);
  const unknownSize = useMemo(
    () => (basics.minSide !== undefined || basics.maxAspect !== undefined ? all.filter((i) => i.imageHash && !i.imageSize).length : 0),
    [all, basics],
  );
  const num = (label: string, key: 'minWords' | 'maxWords' | 'minSide' | 'maxAspect', placeholder: string, step = 1) => (
    <label className="flex items-center justify-between gap-1 py-0.5">
      <span>{label}</span>
      <input
        type="number"
        aria-label={label}
        placeholder={placeholder}
        step={step}
        min={0}
        className="w-16 rounded border border-slate-300 px-1"
        value={basics[key] ?? ''}
        onChange={(e) => set({ [key]: e.target.value === '' || !Number.isFinite(e.target.valueAsNumber) ? undefined : e.target.valueAsNumber })}
      />
    </label>
  );
  return (
    <fieldset className="mb-4 text-xs" aria-label="Data basics">
      <legend className="mb-1 text-sm font-medium text-slate-700">Data basics</legend>
      {num('Words at least', 'minWords', '3')}
      {num('Words at most', 'maxWords', '—')}
      {num('Shorter side px ≥', 'minSide', '200')}
      {num('Aspect ratio ≤', 'maxAspect', '3', 0.1)}
      <label className="flex items-center gap-1 py-0.5">
        <input type="checkbox" checked={!!basics.uniqueCaptions} onChange={(e) => set({ uniqueCaptions: e.target.checked || undefined })} />
        first of each repeated caption
      </label>
      {hasBasicFilters(basics) && (
        <p className="mt-1 text-slate-600" data-testid="basics-hidden">
          hides {hidden.toLocaleString('en-US')} of {all.length.toLocaleString('en-US')}
          {unknownSize ? ` (${unknownSize} with an image of unknown size pass)` : ''}; the training-set export applies them too{' '}
          <button
            type="button"
            className="rounded border px-1"
            aria-label="Clear the data basics"
            onClick={() => useUi.getState().setFilters({ basics: undefined })}
          >
            ✕
          </button>
        </p>
      )}
    </fieldset>
  );
}

function CurationFilters() {
  const { sort, view, set } = useCuration();
  return (
    <fieldset className="mb-4">
      <legend className="mb-1 font-medium text-slate-700">Scores</legend>
      <label className="block py-0.5">
        Sort{' '}
        <select aria-label="Sort" className="rounded border px-1" value={sort} onChange={(e) => set({ sort: e.target.value as SortOrder })}>
          <option value="import">import order</option>
          <option value="score-desc">score, high first</option>
          <option value="score-asc">score, low first</option>
          <option value="disagreement">model disagreement</option>
        </select>
      </label>
      {(
        [
          ['all', 'all items'],
          ['disagree-reviewer', 'reviewer ≠ cut'],
          ['model-disagreement', 'ViT and CNN disagree'],
        ] as const
      ).map(([v, name]) => (
        <label key={v} className="flex cursor-pointer items-center gap-2 py-0.5">
          <input type="radio" name="view" checked={view === v} onChange={() => set({ view: v })} />
          {name}
        </label>
      ))}
    </fieldset>
  );
}
