// The app shell: header, filters, the review grid, the detail view, and the overlays; wires commands to keys.

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ITEM_KINDS, REVIEW_STATUSES, type Item } from '../core/model.ts';
import { startDemo, startExport, startNegatives, startRoutes, type RoutesRun } from '../store/dataClient.ts';
import { activePrompts, hfSettings, usePreprocess } from '../store/preprocess.ts';
import type { Route } from '../core/providers/routes.ts';
import { Preprocess } from './Preprocess.tsx';
import { cancelScoring, scoreDataset, scoreDatasetNegatives, useScoring } from '../store/scoring.ts';
import { DEMO_COUNT, DEMO_SEED } from '../core/synth/demoFiles.ts';
import { createDataset } from '../persist/repo.ts';
import { db } from '../store/database.ts';
import { keys, showSavedItem, showSavedItems, showSavedNegatives, useDatasets, useFirstItems, useItems, useNegativeList } from '../store/queries.ts';
import { approveCut, bulkDecide, decide, loadCut, loadItems, moveCut, revertItem, undoLast } from '../persist/repo.ts';
import { decideNegative } from '../persist/negatives.ts';
import { dexieJobStore } from '../persist/jobs.ts';
import { useUi, type Filters } from '../store/ui.ts';
import { commandById, commandForKey, type CommandContext } from './commands.ts';
import { Detail } from './Detail.tsx';
import { Grid, type CellClick } from './Grid.tsx';
import { PromptsDialog } from './PromptsDialog.tsx';
import { NegativesScreen } from './Negatives.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { EvaluateDialog } from './EvaluateDialog.tsx';
import { useNegatives, visibleNegatives } from '../store/negatives.ts';
import type { Negative } from '../core/negatives/types.ts';
import type { NegativeOptions } from '../core/negatives/generate.ts';
import { HelpOverlay } from './HelpOverlay.tsx';
import { ImportErrors, ImportPanel } from './ImportPanel.tsx';
import { Settings } from './Settings.tsx';
import { ThresholdPanel, useThresholdModel } from './ThresholdPanel.tsx';
import { countAtThreshold, nextMostInformative, rankDisagreement, wilson } from '../core/curation/threshold.ts';
import { curveAt } from '../core/curation/view.ts';
import { showSavedCut, useCuration, type SortOrder, type View } from '../store/curation.ts';
import { ScoreStatus } from './ScoreStatus.tsx';

/** A hard-negative generation in progress, so that a reload can finish it. */
const NEG_RUN_KEY = 'cc.negativeRun';

interface CurationView {
  model: string;
  value: number;
  scoreRange: [number, number] | null;
  sort: SortOrder;
  view: View;
  models: string[];
}

/** The grid's items: filters by kind and status, a histogram bin, a disagreement view, and a sort order. */
function applyFilters(items: Item[], f: Filters, c: CurationView): Item[] {
  const score = (i: Item) => i.scores?.[c.model];
  let out = items;
  if (f.kind !== 'all' || f.status !== 'all') out = out.filter((i) => (f.kind === 'all' || i.kind === f.kind) && (f.status === 'all' || i.status === f.status));
  if (c.scoreRange) {
    const [lo, hi] = c.scoreRange;
    out = out.filter((i) => {
      const s = score(i);
      return s !== undefined && s >= lo && s <= hi;
    });
  }
  if (c.view === 'disagree-reviewer') {
    // The reviewer and the cut disagree: accepted below it, or rejected above it.
    out = out.filter((i) => {
      const s = score(i);
      return s !== undefined && !!i.decision && i.decision.via !== 'bulk' && ((i.status === 'accepted' && s < c.value) || (i.status === 'rejected' && s >= c.value));
    });
  }
  if (c.view === 'model-disagreement' || c.sort === 'disagreement') {
    const [a, b] = c.models.filter((m) => m !== 'ensemble');
    const both = out.filter((i) => a && b && typeof i.scores?.[a] === 'number' && typeof i.scores?.[b] === 'number');
    const d = rankDisagreement(both.map((i) => i.scores![a]), both.map((i) => i.scores![b]));
    const ranked = both.map((i, k) => [i, d[k]] as const).sort((x, y) => y[1] - x[1]);
    // The view keeps the tenth of pairs the two models rank most differently.
    out = (c.view === 'model-disagreement' ? ranked.slice(0, Math.max(1, Math.ceil(ranked.length / 10))) : ranked).map(([i]) => i);
  } else if (c.sort !== 'import') {
    const sign = c.sort === 'score-desc' ? -1 : 1;
    out = [...out].sort((x, y) => sign * ((score(x) ?? -Infinity) - (score(y) ?? -Infinity)));
  }
  return out;
}

export function App() {
  const client = useQueryClient();
  const { datasetId, filters, selectedId, marked, overlay, reviewer, notice, screen, selectedNegativeId } = useUi();
  const ui = useUi.getState;
  const datasets = useDatasets();
  // IndexedDB answers reads in order: ask for a first screenful, then for everything.
  const firstItems = useFirstItems(datasetId, !useItems(datasetId, false).data);
  const items = useItems(datasetId, firstItems.isFetched);
  const all = useMemo(() => items.data ?? firstItems.data ?? [], [items.data, firstItems.data]);
  const tm = useThresholdModel(all, datasetId);
  const { model: cutModel, scoreRange, sort, view } = useCuration();
  // While the cut is dragged the grid keeps its order and filter; only the dimming of cells follows.
  const filterValue = view === 'disagree-reviewer' ? tm.value : 0;
  const visible = useMemo(
    () => applyFilters(all, filters, { model: cutModel, value: filterValue, scoreRange, sort, view, models: tm.models }),
    [all, filters, cutModel, filterValue, scoreRange, sort, view, tm.models],
  );
  const selected = useMemo(() => all.find((i) => i.id === selectedId), [all, selectedId]);
  const negativeList = useNegativeList(datasetId, screen === 'negatives');
  const negView = useNegatives();
  const negatives = useMemo(() => negativeList.data ?? [], [negativeList.data]);
  const visibleNegs = useMemo(() => visibleNegatives(negatives, negView), [negatives, negView.showFiltered, negView.sort, negView.typeFilter]); // eslint-disable-line react-hooks/exhaustive-deps
  const selectedNegative = useMemo(() => (screen === 'negatives' ? negatives.find((n) => n.id === selectedNegativeId) : undefined), [screen, negatives, selectedNegativeId]);
  const [negRunning, setNegRunning] = useState(false);

  const scoreNegatives = useCallback(
    async (rescore: boolean) => {
      if (!datasetId) return;
      useNegatives.getState().set({ progress: 'scoring negatives with the verification models…' });
      const r = await scoreDatasetNegatives(datasetId, rescore);
      await client.invalidateQueries({ queryKey: keys.negatives(datasetId) });
      useNegatives.getState().set({ progress: `scored ${r.scored} of ${r.total}` });
    },
    [datasetId, client],
  );

  const generateNegatives = useCallback(async (resumed?: { options: NegativeOptions; cut?: { model: string; value: number } }) => {
    if (!datasetId || negRunning) return;
    setNegRunning(true);
    try {
      const { provider } = usePreprocess.getState();
      const t0 = performance.now();
      const saved = await loadCut(db, datasetId);
      const current = saved ? { model: saved.model, value: saved.value } : tm.pairs.length ? { model: useCuration.getState().model, value: tm.value } : undefined;
      const cut = resumed ? resumed.cut : current;
      const options = resumed?.options ?? useNegatives.getState().options;
      // Remembered until it finishes: a reload runs it again on the same pairs, skipping what was made (same ids).
      localStorage.setItem(NEG_RUN_KEY, JSON.stringify({ datasetId, options, cut }));
      const out = await startNegatives({ datasetId, options, provider, hf: provider === 'hf' ? hfSettings() : undefined, cut }, (done, total) => useNegatives.getState().set({ progress: `generating: ${done} of ${total} pairs` })).done;
      localStorage.removeItem(NEG_RUN_KEY);
      await client.invalidateQueries({ queryKey: keys.negatives(datasetId) });
      await scoreNegatives(false);
      const reasons = new Map<string, number>();
      for (const s of out.skipped) reasons.set(`${s.type}: ${s.reason}`, (reasons.get(`${s.type}: ${s.reason}`) ?? 0) + 1);
      const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, n]) => `${n}× ${r}`);
      ui().notify(`Made ${out.made} negatives in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${out.skipped.length} not made${top.length ? ` (${top.join('; ')})` : ''}.`);
    } catch (e) {
      localStorage.removeItem(NEG_RUN_KEY);
      ui().notify(`Generating negatives stopped: ${(e as Error).message}`, 'error');
    } finally {
      setNegRunning(false);
    }
  }, [datasetId, negRunning, client, scoreNegatives, ui, tm.pairs.length, tm.value]);
  const dataset = datasets.data?.find((d) => d.id === datasetId);
  const [exporting, setExporting] = useState<string | null>(null);
  const [demoLoading, setDemoLoading] = useState(false);

  const refresh = useCallback(
    async (id: string) => {
      await client.invalidateQueries({ queryKey: keys.datasets() });
      await client.invalidateQueries({ queryKey: keys.items(id) });
      await client.invalidateQueries({ queryKey: keys.reports(id) });
    },
    [client],
  );

  const loadDemo = useCallback(async () => {
    setDemoLoading(true);
    try {
      const ds = await createDataset(db, `Demo (synthetic scenes, seed ${DEMO_SEED})`);
      const report = await startDemo(ds.id, DEMO_SEED, DEMO_COUNT, () => {}).done;
      await refresh(ds.id);
      ui().openDataset(ds.id);
      ui().notify(`Demo loaded: ${report.counts.pair} pairs (some deliberately mismatched), ${report.counts.image} lone images, ${report.counts.text} lone texts. Press s to score.`);
    } catch (e) {
      ui().notify(`Loading the demo failed: ${(e as Error).message}`, 'error');
    } finally {
      setDemoLoading(false);
    }
  }, [refresh, ui]);

  // The embedded default: a first visit opens the demo dataset (not when ?demo=0, as in tests of other journeys).
  useEffect(() => {
    if (!datasets.data || datasets.data.length || localStorage.getItem('cc.demoOffered') || new URLSearchParams(location.search).get('demo') === '0') return;
    localStorage.setItem('cc.demoOffered', '1');
    void loadDemo();
  }, [datasets.data, loadDemo]);

  // Models load when first needed (scoring), not on open: compiling the runtime would compete with the first paint.

  const score = useCallback(async () => {
    if (!datasetId) return ui().notify('Open or import a dataset first.', 'error');
    if (useScoring.getState().status === 'scoring') return cancelScoring();
    try {
      const s = await scoreDataset(datasetId);
      await client.invalidateQueries({ queryKey: keys.items(datasetId) });
      ui().notify(
        `Scored ${s.scored} of ${s.pairs} pairs in ${(s.ms / 1000).toFixed(1)} s: embedded ${s.embedded.images} images and ${s.embedded.texts} texts, reused ${s.reused.images} images and ${s.reused.texts} texts.` +
          (s.failed.length ? ` ${s.failed.length} pairs failed: ${s.failed[0].reason}` : ''),
        s.failed.length ? 'error' : 'info',
      );
    } catch (e) {
      ui().notify(`Scoring stopped: ${(e as Error).message}`, 'error');
    }
  }, [datasetId, client, ui]);

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
      const job = startExport({ datasetId: dataset.id, datasetName: dataset.name, reviewer: ui().reviewer }, (done, phase) => setExporting(`${done} ${phase}`));
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

  const bulk = useCallback(
    async (status: 'accepted' | 'rejected') => {
      if (!datasetId) return;
      const t = tm.value;
      const model = useCuration.getState().model;
      const ids = tm.pairs.filter((p) => (status === 'accepted' ? p.score >= t : p.score < t)).map((p) => p.id);
      const label = `${status === 'accepted' ? 'accept all ≥' : 'reject all <'} ${t.toFixed(3)} (${model})`;
      const { changed, skipped } = await bulkDecide(db, datasetId, ids, status, ui().reviewer, label);
      showSavedItems(client, changed);
      ui().notify(`${status === 'accepted' ? 'Accepted' : 'Rejected'} ${changed.length} pairs ${status === 'accepted' ? 'at or above' : 'below'} ${t.toFixed(3)}; ${skipped} decided by a reviewer (or already so) were left as they were. Undo with u.`);
    },
    [datasetId, tm, client, ui],
  );

  const routesRun = useRef<RoutesRun | undefined>(undefined);
  const runRoutes = useCallback(
    async (routes: Route[], resumeOnly = false, itemIds?: string[]) => {
      if (!datasetId || usePreprocess.getState().running) return;
      usePreprocess.getState().set({ running: true, paused: false, counts: null });
      const { provider } = usePreprocess.getState();
      // The saved cut, when there is one: after a reload the screen may not have loaded it yet.
      const saved = await loadCut(db, datasetId);
      const cut = saved ? { model: saved.model, value: saved.value } : { model: useCuration.getState().model, value: tm.value };
      const run = startRoutes({ datasetId, routes, provider, hf: provider === 'hf' ? hfSettings() : undefined, cut, prompts: activePrompts(), resumeOnly, itemIds }, (counts) => usePreprocess.getState().set({ counts }));
      routesRun.current = run;
      try {
        const { counts, failed } = await run.done;
        await client.invalidateQueries({ queryKey: keys.items(datasetId) });
        // Every result is scored again and lands in review against the threshold.
        await scoreDataset(datasetId);
        await client.invalidateQueries({ queryKey: keys.items(datasetId) });
        const fresh = await loadItems(db, datasetId);
        const generated = fresh.filter((i) => i.captions.at(-1)?.provenance.origin === 'generated' || (i.extra?.image_provenance as { origin?: string } | undefined)?.origin === 'generated');
        const passing = generated.filter((i) => (i.scores?.[cut.model] ?? -Infinity) >= cut.value).length;
        ui().notify(
          `Preprocessing: ${counts.done} done, ${counts.failed} failed, ${counts.requests} requests; ${passing} of ${generated.length} generated pairs pass the cut ${cut.value.toFixed(3)} (${cut.model}).` +
            (failed.length ? ` First failure: ${failed[0].reason}` : ''),
          failed.length ? 'error' : 'info',
        );
      } catch (e) {
        ui().notify(`Preprocessing stopped: ${(e as Error).message}`, 'error');
      } finally {
        usePreprocess.getState().set({ running: false, paused: false });
        routesRun.current = undefined;
      }
    },
    [datasetId, tm.value, client, ui],
  );

  // Jobs left unfinished by a reload or a crash resume by themselves.
  useEffect(() => {
    if (!datasetId) return;
    try {
      const run = JSON.parse(localStorage.getItem(NEG_RUN_KEY) ?? 'null') as { datasetId: string; options: NegativeOptions; cut?: { model: string; value: number } } | null;
      if (run?.datasetId === datasetId) {
        ui().notify('Resuming the hard-negative generation left unfinished; what was made is kept.');
        void generateNegatives(run);
      }
    } catch {
      localStorage.removeItem(NEG_RUN_KEY);
    }
    void dexieJobStore(db)
      .unfinished(datasetId)
      .then((jobs) => {
        if (jobs.length) {
          ui().notify(`Resuming ${jobs.length} preprocessing jobs left unfinished.`);
          void runRoutes([], true);
        }
      });
    // Only when a dataset opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasetId]);

  const ctx: CommandContext = useMemo(
    () => ({
      item: screen === 'negatives' ? undefined : selected,
      negative: selectedNegative,
      showNegatives: () => ui().setScreen(ui().screen === 'negatives' ? 'pairs' : 'negatives'),
      decide: async (status) => {
        if (ui().screen === 'negatives') {
          const nid = ui().selectedNegativeId;
          if (!nid) return;
          try {
            showSavedNegatives(client, [await decideNegative(db, nid, status, ui().reviewer)]);
          } catch (e) {
            ui().notify((e as Error).message, 'error');
          }
          return;
        }
        // The selection as it is now, not as it was when this context was made: keys can outrun renders.
        const id = ui().selectedId;
        if (!id) return;
        try {
          // Written to IndexedDB first; only then does the grid show it.
          showSavedItem(client, await decide(db, id, status, ui().reviewer));
        } catch (e) {
          ui().notify((e as Error).message, 'error');
        }
      },
      startEdit: () => ui().setEditing(true),
      move: (delta) => {
        if (ui().screen !== 'negatives') return move(delta);
        if (!visibleNegs.length) return;
        const at = visibleNegs.findIndex((n) => n.id === ui().selectedNegativeId);
        ui().selectNegative(visibleNegs[at < 0 ? 0 : Math.min(visibleNegs.length - 1, Math.max(0, at + delta))].id);
      },
      undo: async () => {
        if (!datasetId) return;
        let negs: Negative[] = [];
        const restored = await undoLast(db, datasetId, ui().reviewer, (n) => (negs = n));
        if (negs.length) {
          showSavedNegatives(client, negs);
          ui().selectNegative(negs[0].id);
          return ui().notify(`Undone: the ${negs[0].type} negative is back to ${negs[0].status}.`);
        }
        if (!restored.length) return ui().notify('Nothing to undo.');
        showSavedItems(client, restored);
        if (restored.length === 1) {
          ui().select(restored[0].id);
          ui().notify(`Undone: item ${restored[0].seq + 1} is back to ${restored[0].status}.`);
        } else ui().notify(`Undone: ${restored.length} items are back to what they were before the bulk command.`);
      },
      toggleHelp: () => ui().setOverlay(ui().overlay === 'help' ? null : 'help'),
      openImport: () => ui().setOverlay('import'),
      exportAccepted: () => void exportAccepted(),
      openEvaluate: () => (datasetId ? ui().setOverlay('evaluate') : ui().notify('Open or import a dataset first.', 'error')),
      openExport: () => (datasetId ? ui().setOverlay('export') : ui().notify('Open or import a dataset first.', 'error')),
      score: () => void score(),
      loadDemo: () => void loadDemo(),
      openSettings: () => ui().setOverlay('settings'),
      hasScores: tm.pairs.length > 0,
      acceptAbove: () => bulk('accepted'),
      rejectBelow: () => bulk('rejected'),
      nextInformative: () => {
        const next = nextMostInformative(tm.pairs.filter((p) => p.status === 'pending'), tm.value);
        if (!next) return ui().notify('Every scored pair is decided.');
        ui().select(next.id);
      },
      runRoutes: () => runRoutes(['repair', 'caption', 'generate']),
      routeItem: () => {
        const ids = ui().marked.size ? [...ui().marked] : ui().selectedId ? [ui().selectedId!] : [];
        if (ids.length) return runRoutes(['repair', 'caption', 'generate'], false, ids);
        return Promise.resolve();
      },
      marked: marked.size,
      toggleMark: () => {
        const id = ui().selectedId;
        if (id) ui().toggleMark(id);
      },
      clearMarks: () => ui().clearMarks(),
      revert: async () => {
        const id = ui().selectedId;
        if (!id) return;
        showSavedItem(client, await revertItem(db, id, ui().reviewer));
        ui().notify('Reverted to the original. Undo with u.');
      },
      approveCut: async () => {
        if (!datasetId) return;
        const moved = await moveCut(db, datasetId, { model: useCuration.getState().model, value: tm.value, mode: useCuration.getState().mode, topFraction: useCuration.getState().topFraction }, ui().reviewer);
        const { labels } = tm;
        const at = curveAt(tm.curve, tm.value);
        const counts = countAtThreshold(tm.sorted, tm.value);
        const approved = await approveCut(db, datasetId, ui().reviewer, {
          ...counts,
          decisions: labels.length,
          accepted: labels.filter((l) => l.accepted).length,
          ...(at ? { precision: at.precision, recall: at.recall, precisionInterval: wilson(at.tp, at.tp + at.fp) } : {}),
        });
        showSavedCut(client, approved ?? moved);
        ui().notify(`Cut ${tm.value.toFixed(3)} (${approved.model}) approved by ${approved.approval!.by}: keeps ${counts.kept}, drops ${counts.dropped}.`);
      },
    }),
    [selected, selectedNegative, screen, visibleNegs, marked, client, move, datasetId, exportAccepted, score, loadDemo, ui, tm, bulk, runRoutes],
  );

  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  const commandQueue = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      // Escape closes an overlay or an edit first; otherwise it is a command (clear the selection).
      if (e.key === 'Escape' && (ui().overlay || ui().editing)) {
        ui().setOverlay(null);
        ui().setEditing(false);
        return;
      }
      // Typing into a field is not a command; radios, checkboxes and buttons keep the shortcuts working.
      const typing = t && (t.isContentEditable || ['TEXTAREA', 'SELECT'].includes(t.tagName) || (t.tagName === 'INPUT' && !['radio', 'checkbox', 'button'].includes((t as HTMLInputElement).type)));
      if (typing) return;
      if (ui().overlay && ui().overlay !== 'help') return;
      const command = commandForKey(e);
      if (!command || (command.enabled && !command.enabled(ctxRef.current))) return;
      e.preventDefault();
      // Commands run one after another in key order, each with the latest context.
      commandQueue.current = commandQueue.current.then(() => command.perform(ctxRef.current)).catch((err) => ui().notify((err as Error).message, 'error'));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ui]);

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
      <button data-command={id} disabled={disabled} onClick={() => void c.perform(ctx)} className={`rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-40 ${extra}`} title={c.keys.length ? `${c.label} (${c.keys[0]})` : c.label} aria-label={c.label}>
        {c.short ?? c.label}
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
        {button('score')}
        {button('export')}
        {button('export-training')}
        {button('evaluate')}
        {button('negatives', screen === 'negatives' ? 'border-sky-500 bg-sky-50' : '')}
        {exporting && <span className="text-sm text-slate-500">Exporting: {exporting}</span>}
        <label className="ml-auto flex items-center gap-1 text-sm text-slate-600">
          Reviewer
          <input aria-label="Reviewer name" className="w-28 rounded border border-slate-300 px-2 py-1" value={reviewer} onChange={(e) => ui().setReviewer(e.target.value)} />
        </label>
        <ScoreStatus />
        {button('settings')}
        {button('help')}
      </header>
      <div className="flex min-h-0 flex-1">
        <aside className="w-56 shrink-0 overflow-y-auto border-r border-slate-200 bg-white p-3 text-sm">
          <FilterGroup label="Kind" value={filters.kind} options={['all', ...ITEM_KINDS]} counts={counts} onChange={(kind) => ui().setFilters({ kind: kind as Filters['kind'] })} names={{ pair: 'pairs', image: 'lone images', text: 'lone texts' }} />
          <FilterGroup label="Status" value={filters.status} options={['all', ...REVIEW_STATUSES]} counts={counts} onChange={(status) => ui().setFilters({ status: status as Filters['status'] })} names={{}} />
          <CurationFilters />
          <Preprocess marked={marked.size} onRunMarked={() => void ctx.routeItem()} onPrompts={() => ui().setOverlay('prompts')} onRun={(routes) => void runRoutes(routes)} onPause={(p) => (routesRun.current?.pause(p), usePreprocess.getState().set({ paused: p }))} onCancel={() => routesRun.current?.cancel()} />
          <ImportErrors datasetId={datasetId} />
        </aside>
        <main className="min-w-0 flex-1">
          {!datasetId ? (
            <Welcome loading={demoLoading} onDemo={() => void loadDemo()} />
          ) : !items.data && !firstItems.data ? (
            <p className="p-6 text-slate-500">Loading items…</p>
          ) : screen === 'negatives' ? (
            <NegativesScreen all={negatives} visible={visibleNegs} selectedId={selectedNegativeId} onSelect={(id) => ui().selectNegative(id)} onGenerate={() => void generateNegatives()} onRescore={() => void scoreNegatives(true)} running={negRunning} />
          ) : (
            <div className="flex h-full flex-col">
              <ThresholdPanel items={all} datasetId={datasetId} tm={tm} buttons={button} />
              <div className="min-h-0 flex-1">
                <Grid items={visible} selectedId={selectedId} marked={marked} onSelect={(click) => onCellClick(click, visible)} cut={{ model: cutModel, value: tm.value }} />
              </div>
            </div>
          )}
        </main>
        {screen !== 'negatives' && <Detail item={selected} buttons={button} />}
      </div>
      <footer role="status" className={`border-t px-4 py-1 text-sm ${notice?.tone === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-slate-200 bg-white text-slate-600'}`}>
        {notice?.text ?? (items.data ? `${visible.length} of ${all.length} items shown. Press ? for shortcuts.` : `Showing the first ${all.length} items while the rest load…`)}
      </footer>
      {overlay === 'help' && <HelpOverlay onClose={() => ui().setOverlay(null)} />}
      {overlay === 'settings' && <Settings onClose={() => ui().setOverlay(null)} />}
      {overlay === 'export' && dataset && <ExportDialog datasetId={dataset.id} datasetName={dataset.name} cut={tm.pairs.length ? { model: cutModel, value: tm.value } : null} onClose={() => ui().setOverlay(null)} />}
      {overlay === 'evaluate' && datasetId && <EvaluateDialog datasetId={datasetId} items={all} onClose={() => ui().setOverlay(null)} />}
      {overlay === 'prompts' && datasetId && <PromptsDialog datasetId={datasetId} cut={{ model: cutModel, value: tm.value }} onClose={() => ui().setOverlay(null)} />}
      {overlay === 'import' && (
        <ImportPanel
          onClose={() => ui().setOverlay(null)}
          onImported={async (id) => {
            await refresh(id);
            ui().openDataset(id);
          }}
        />
      )}
    </div>
  );
}

/** A click selects; Ctrl/Cmd-click toggles the item in the multi-selection; Shift-click adds the range from the focused item. */
function onCellClick({ id, toggle, range }: CellClick, visible: Item[]) {
  const ui = useUi.getState();
  if (range && ui.selectedId) {
    const a = visible.findIndex((i) => i.id === ui.selectedId);
    const b = visible.findIndex((i) => i.id === id);
    if (a >= 0 && b >= 0) ui.mark(visible.slice(Math.min(a, b), Math.max(a, b) + 1).map((i) => i.id));
  } else if (toggle) ui.toggleMark(id);
  ui.select(id);
}

function FilterGroup(props: { label: string; value: string; options: string[]; counts: Record<string, number>; names: Record<string, string>; onChange: (v: string) => void }) {
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

function Welcome({ loading, onDemo }: { loading: boolean; onDemo: () => void }) {
  return (
    <div className="mx-auto max-w-xl p-10 text-slate-700">
      <h2 className="mb-2 text-xl font-semibold">Start by importing data</h2>
      <p className="mb-3">
        <button className="rounded border border-sky-400 bg-sky-50 px-3 py-1" disabled={loading} onClick={onDemo}>
          {loading ? 'Loading the demo…' : 'Load the demo dataset'}
        </button>{' '}
        <span className="text-sm text-slate-500">synthetic scenes, with the bundled tiny CLIP models — works offline</span>
      </p>
      <p className="mb-2">
        Press <kbd className="rounded border px-1">i</kbd> or the Import button, then drop a folder or pick files: images with a captions file (JSONL, CSV/TSV, Hugging Face <code>metadata.jsonl</code>), images with
        same-named <code>.txt</code> captions, WebDataset <code>.tar</code> shards, lone images, or a <code>.txt</code> of captions, one per line.
      </p>
      <p>Everything stays in this browser (IndexedDB). Rows that cannot be read are listed with the reason; all other rows import.</p>
    </div>
  );
}
