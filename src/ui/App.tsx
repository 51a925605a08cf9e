// The app shell: header, filters, the review grid, the detail view, and the overlays; wires commands to keys.

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ITEM_KINDS, REVIEW_STATUSES, type Item } from '../core/model.ts';
import { startExport } from '../store/dataClient.ts';
import { db } from '../store/database.ts';
import { keys, showSavedItem, useDatasets, useFirstItems, useItems } from '../store/queries.ts';
import { decide, undoLast } from '../store/repo.ts';
import { useUi, type Filters } from '../store/ui.ts';
import { commandById, commandForKey, type CommandContext } from './commands.ts';
import { Detail } from './Detail.tsx';
import { Grid } from './Grid.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';
import { ImportErrors, ImportPanel } from './ImportPanel.tsx';

function applyFilters(items: Item[], f: Filters): Item[] {
  if (f.kind === 'all' && f.status === 'all') return items;
  return items.filter((i) => (f.kind === 'all' || i.kind === f.kind) && (f.status === 'all' || i.status === f.status));
}

export function App() {
  const client = useQueryClient();
  const { datasetId, filters, selectedId, overlay, reviewer, notice } = useUi();
  const ui = useUi.getState;
  const datasets = useDatasets();
  // IndexedDB answers reads in order: ask for a first screenful, then for everything.
  const firstItems = useFirstItems(datasetId, !useItems(datasetId, false).data);
  const items = useItems(datasetId, firstItems.isFetched);
  const all = useMemo(() => items.data ?? firstItems.data ?? [], [items.data, firstItems.data]);
  const visible = useMemo(() => applyFilters(all, filters), [all, filters]);
  const selected = useMemo(() => all.find((i) => i.id === selectedId), [all, selectedId]);
  const dataset = datasets.data?.find((d) => d.id === datasetId);
  const [exporting, setExporting] = useState<string | null>(null);

  // A dataset id remembered from a deleted database opens nothing.
  useEffect(() => {
    if (datasets.data && !datasets.isFetching && datasetId && !dataset) ui().openDataset(datasets.data.at(-1)?.id ?? null);
  }, [datasets.data, datasets.isFetching, datasetId, dataset, ui]);

  const move = useCallback(
    (delta: number) => {
      if (!visible.length) return;
      const at = visible.findIndex((i) => i.id === ui().selectedId);
      const next = at < 0 ? 0 : Math.min(visible.length - 1, Math.max(0, at + delta));
      ui().select(visible[next].id);
    },
    [visible, ui],
  );

  const exportAccepted = useCallback(async () => {
    if (!dataset) return ui().notify('Open or import a dataset first.', 'error');
    setExporting('starting…');
    try {
      const job = startExport(dataset.id, dataset.name, ui().reviewer, (done, phase) => setExporting(`${done} ${phase}`));
      const { blob, rows, images } = await job.done;
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${dataset.name.replace(/[^\w.-]+/g, '_')}-accepted.zip`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      ui().notify(`Exported ${rows} accepted pairs with ${images} images.`);
    } catch (e) {
      ui().notify(`Export failed: ${(e as Error).message}`, 'error');
    } finally {
      setExporting(null);
    }
  }, [dataset, ui]);

  const ctx: CommandContext = useMemo(
    () => ({
      item: selected,
      decide: async (status) => {
        if (!selected) return;
        try {
          // Written to IndexedDB first; only then does the grid show it.
          showSavedItem(client, await decide(db, selected.id, status, ui().reviewer));
        } catch (e) {
          ui().notify((e as Error).message, 'error');
        }
      },
      startEdit: () => ui().setEditing(true),
      move,
      undo: async () => {
        if (!datasetId) return;
        const restored = await undoLast(db, datasetId, ui().reviewer);
        if (!restored) return ui().notify('Nothing to undo.');
        showSavedItem(client, restored);
        ui().select(restored.id);
        ui().notify(`Undone: item ${restored.seq + 1} is back to ${restored.status}.`);
      },
      toggleHelp: () => ui().setOverlay(ui().overlay === 'help' ? null : 'help'),
      openImport: () => ui().setOverlay('import'),
      exportAccepted: () => void exportAccepted(),
    }),
    [selected, client, move, datasetId, exportAccepted, ui],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === 'Escape') {
        ui().setOverlay(null);
        ui().setEditing(false);
        return;
      }
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      if (ui().overlay === 'import') return;
      const command = commandForKey(e);
      if (!command || (command.enabled && !command.enabled(ctx))) return;
      e.preventDefault();
      void command.perform(ctx);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctx, ui]);

  const counts = useMemo(() => {
    const c: Record<string, number> = { all: all.length };
    for (const i of all) {
      c[i.kind] = (c[i.kind] ?? 0) + 1;
      c[i.status] = (c[i.status] ?? 0) + 1;
    }
    return c;
  }, [all]);

  const button = (id: string, extra = '') => {
    const c = commandById(id);
    const disabled = c.enabled ? !c.enabled(ctx) : false;
    return (
      <button data-command={id} disabled={disabled} onClick={() => void c.perform(ctx)} className={`rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-40 ${extra}`} title={c.keys.length ? `${c.label} (${c.keys[0]})` : c.label}>
        {c.label}
      </button>
    );
  };

  return (
    <div className="flex h-screen flex-col">
      <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
        <h1 className="text-lg font-semibold">CLIP Curator</h1>
        <select aria-label="Dataset" className="rounded border border-slate-300 px-2 py-1 text-sm" value={datasetId ?? ''} onChange={(e) => ui().openDataset(e.target.value || null)}>
          <option value="">{datasets.data?.length ? 'Choose a dataset…' : 'No datasets yet'}</option>
          {datasets.data?.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
        {button('import')}
        {button('export')}
        {exporting && <span className="text-sm text-slate-500">Exporting: {exporting}</span>}
        <label className="ml-auto flex items-center gap-1 text-sm text-slate-600">
          Reviewer
          <input aria-label="Reviewer name" className="w-28 rounded border border-slate-300 px-2 py-1" value={reviewer} onChange={(e) => ui().setReviewer(e.target.value)} />
        </label>
        {button('help')}
      </header>
      <div className="flex min-h-0 flex-1">
        <aside className="w-56 shrink-0 overflow-y-auto border-r border-slate-200 bg-white p-3 text-sm">
          <FilterGroup label="Kind" value={filters.kind} options={['all', ...ITEM_KINDS]} counts={counts} onChange={(kind) => ui().setFilters({ kind: kind as Filters['kind'] })} names={{ pair: 'pairs', image: 'lone images', text: 'lone texts' }} />
          <FilterGroup label="Status" value={filters.status} options={['all', ...REVIEW_STATUSES]} counts={counts} onChange={(status) => ui().setFilters({ status: status as Filters['status'] })} names={{}} />
          <ImportErrors datasetId={datasetId} />
        </aside>
        <main className="min-w-0 flex-1">
          {!datasetId ? (
            <Welcome />
          ) : !items.data && !firstItems.data ? (
            <p className="p-6 text-slate-500">Loading items…</p>
          ) : (
            <Grid items={visible} selectedId={selectedId} onSelect={(id) => ui().select(id)} />
          )}
        </main>
        <Detail item={selected} buttons={button} />
      </div>
      <footer role="status" className={`border-t px-4 py-1 text-sm ${notice?.tone === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-slate-200 bg-white text-slate-600'}`}>
        {notice?.text ?? (items.data ? `${visible.length} of ${all.length} items shown. Press ? for shortcuts.` : `Showing the first ${all.length} items while the rest load…`)}
      </footer>
      {overlay === 'help' && <HelpOverlay onClose={() => ui().setOverlay(null)} />}
      {overlay === 'import' && (
        <ImportPanel
          onClose={() => ui().setOverlay(null)}
          onImported={async (id) => {
            await client.invalidateQueries({ queryKey: keys.datasets() });
            await client.invalidateQueries({ queryKey: keys.items(id) });
            await client.invalidateQueries({ queryKey: keys.reports(id) });
            ui().openDataset(id);
          }}
        />
      )}
    </div>
  );
}

function FilterGroup(props: { label: string; value: string; options: string[]; counts: Record<string, number>; names: Record<string, string>; onChange: (v: string) => void }) {
  return (
    <fieldset className="mb-4">
      <legend className="mb-1 font-medium text-slate-700">{props.label}</legend>
      {props.options.map((o) => (
        <label key={o} className="flex cursor-pointer items-center gap-2 py-0.5">
          <input type="radio" name={props.label} checked={props.value === o} onChange={() => props.onChange(o)} />
          <span className="flex-1">{props.names[o] ?? o}</span>
          <span className="tabular-nums text-slate-500">{props.counts[o] ?? 0}</span>
        </label>
      ))}
    </fieldset>
  );
}

function Welcome() {
  return (
    <div className="mx-auto max-w-xl p-10 text-slate-700">
      <h2 className="mb-2 text-xl font-semibold">Start by importing data</h2>
      <p className="mb-2">
        Press <kbd className="rounded border px-1">i</kbd> or the Import button, then drop a folder or pick files: images with a captions file (JSONL, CSV/TSV, Hugging Face <code>metadata.jsonl</code>), images with
        same-named <code>.txt</code> captions, WebDataset <code>.tar</code> shards, lone images, or a <code>.txt</code> of captions, one per line.
      </p>
      <p>Everything stays in this browser (IndexedDB). Rows that cannot be read are listed with the reason; all other rows import.</p>
    </div>
  );
}
