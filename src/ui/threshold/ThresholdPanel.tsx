// The threshold screen: score histogram with a draggable cut, live kept/dropped counts, calibration against the
// reviewer's decisions with a suggested cut, the borderline strip, and approval of the cut.

import type { ReactNode } from 'react';
import { nearestKept, thresholdForTopFraction, borderlineIn, type KeptIndex, type ScoreOrder, type Suggestion } from '../../core/curation/threshold.ts';
import { cutState, type ScoredPair } from '../../core/curation/view.ts';
import { currentCaption, isCutApproved, type Item } from '../../core/model.ts';
import { findItem } from '../../store/itemLists.ts';
import { useCuration } from '../../store/curation.ts';
import { useMoveCut } from '../../store/mutations.ts';
import { useCut } from '../../store/queries.ts';
import type { ThresholdModel } from '../../store/threshold.ts';
import { useUi } from '../../store/ui.ts';
import { Histogram } from './Histogram.tsx';

export function ThresholdPanel({
  items,
  datasetId,
  tm,
  buttons,
}: {
  items: Item[];
  datasetId: string;
  tm: ThresholdModel;
  buttons: (id: string, extra?: string) => ReactNode;
}) {
  const moveCut = useMoveCut();
  const cur = useCuration();
  const cut = useCut(datasetId);
  const { pairs, sorted, labels, curve, value, suggestion } = tm;
  const state = cutState(sorted, curve, value);
  const saved = cut.data;
  const approved = isCutApproved(saved ?? undefined, { model: cur.model, value });

  const save = async (next: { value: number; mode?: 'absolute' | 'top'; topFraction?: number; model?: string }) => {
    await moveCut.mutateAsync({
      datasetId,
      change: { model: next.model ?? cur.model, value: next.value, mode: next.mode ?? cur.mode, topFraction: next.topFraction ?? cur.topFraction },
      by: useUi.getState().reviewer,
    });
  };

  if (!pairs.length) {
    return (
      <section className="border-b border-slate-200 bg-white px-4 py-2 text-sm text-slate-500" data-testid="threshold-panel">
        No scored pairs yet — press <kbd className="rounded border px-1">s</kbd> to score them with CLIP, then set the cut here.
      </section>
    );
  }
  return (
    <section className="border-b border-slate-200 bg-white px-4 py-2 text-sm" data-testid="threshold-panel">
      <div className="mb-1 flex flex-wrap items-center gap-3">
        <label>
          Score{' '}
          <select
            aria-label="Score model"
            className="rounded border px-1"
            value={cur.model}
            onChange={(e) => cur.set({ model: e.target.value, scoreRange: null })}
          >
            {tm.models.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          <input type="radio" checked={cur.mode === 'absolute'} onChange={() => void save({ value, mode: 'absolute' })} /> cosine ≥{' '}
          <input
            aria-label="Threshold"
            type="number"
            step="0.005"
            className="w-20 rounded border px-1 font-mono"
            value={value.toFixed(3)}
            onChange={(e) => Number.isFinite(e.target.valueAsNumber) && cur.set({ mode: 'absolute', value: e.target.valueAsNumber })}
            onBlur={() => void save({ value, mode: 'absolute' })}
          />
        </label>
        <label>
          <input type="radio" checked={cur.mode === 'top'} onChange={() => void save({ value, mode: 'top' })} /> keep top{' '}
          <input
            aria-label="Keep top percent"
            type="number"
            min={1}
            max={100}
            className="w-16 rounded border px-1"
            value={Math.round(cur.topFraction * 100)}
            onChange={(e) => {
              const f = Math.min(1, Math.max(0.01, e.target.valueAsNumber / 100));
              if (Number.isFinite(f)) cur.set({ mode: 'top', topFraction: f });
            }}
            onBlur={() => void save({ value: thresholdForTopFraction(sorted, cur.topFraction), mode: 'top' })}
          />
          %
        </label>
        <span data-testid="cut-counts" className="font-mono">
          kept {state.kept} · dropped {state.dropped}
        </span>
        <span data-testid="cut-approval" className={`rounded px-1.5 ${approved ? 'bg-emerald-100 text-emerald-800' : 'bg-amber-100 text-amber-800'}`}>
          {approved
            ? `approved by ${saved!.approval!.by}`
            : saved?.approval || saved?.history.at(-1)?.unapproved
              ? 'moved since approval — not approved'
              : 'not approved'}
        </span>
        {buttons('approve-cut')}
        {buttons('accept-above')}
        {buttons('reject-below')}
        {buttons('next-informative')}
        <button
          type="button"
          className="ml-auto rounded border px-2 text-xs"
          aria-expanded={!cur.collapsed}
          onClick={() => cur.set({ collapsed: !cur.collapsed })}
        >
          {cur.collapsed ? 'Show histogram ▾' : 'Hide histogram ▴'}
        </button>
      </div>
      {!cur.collapsed && (
        // On short screens (1024×700) the histogram and its helpers scroll in a band, so two grid rows stay in view.
        <div data-testid="threshold-details" className="overflow-y-auto [@media(max-height:820px)]:max-h-[16vh]">
          <Histogram
            pairs={pairs}
            curve={curve}
            value={value}
            onDrag={(v) => cur.set({ value: v, mode: 'absolute', dragging: true })}
            onDrop={(v) => (cur.set({ dragging: false }), void save({ value: v, mode: 'absolute' }))}
            model={cur.model}
            onBin={(r) => cur.set({ scoreRange: r })}
          />
          <div className="mt-1 flex flex-wrap items-center gap-3 text-xs text-slate-600">
            <Calibration
              labels={labels.length}
              accepted={labels.filter((l) => l.accepted).length}
              atCut={state.atCut}
              suggestion={suggestion}
              onUse={(t) => (cur.set({ value: t, mode: 'absolute' }), void save({ value: t, mode: 'absolute' }))}
            />
            <label>
              suggest by{' '}
              <select
                aria-label="Suggestion rule"
                className="rounded border px-1"
                value={cur.rule}
                onChange={(e) => cur.set({ rule: e.target.value as 'best-f1' | 'min-precision' })}
              >
                <option value="best-f1">best F1</option>
                <option value="min-precision">lowest cut with precision ≥</option>
              </select>
            </label>
            {cur.rule === 'min-precision' && (
              <input
                aria-label="Target precision"
                type="number"
                step="0.01"
                min={0}
                max={1}
                className="w-16 rounded border px-1"
                value={cur.targetPrecision}
                onChange={(e) => cur.set({ targetPrecision: e.target.valueAsNumber })}
              />
            )}
            {cur.scoreRange && (
              <button type="button" className="rounded border px-1" onClick={() => cur.set({ scoreRange: null })}>
                grid: scores {cur.scoreRange[0].toFixed(3)}–{cur.scoreRange[1].toFixed(3)} ✕
              </button>
            )}
          </div>
          <Borderline items={items} byScore={tm.byScore} value={value} />
          <NextHint pending={tm.pending} value={value} />
          {saved && saved.history.length > 0 && (
            <details className="mt-1 text-xs text-slate-600">
              <summary className="cursor-pointer">Cut history ({saved.history.length})</summary>
              <ul data-testid="cut-history">
                {saved.history.map((h, i) => (
                  <li key={i}>
                    {new Date(h.at).toLocaleString()} {h.by}:{' '}
                    {h.action === 'approved'
                      ? `approved ${h.to.toFixed(3)} (${h.model}; kept ${h.evidence?.kept}, dropped ${h.evidence?.dropped}, ${h.evidence?.decisions} decisions)`
                      : `moved ${h.from !== undefined ? `${h.from.toFixed(3)} → ` : 'to '}${h.to.toFixed(3)} (${h.model})${h.unapproved ? ', approval withdrawn' : ''}`}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

function Calibration({
  labels,
  accepted,
  atCut,
  suggestion,
  onUse,
}: {
  labels: number;
  accepted: number;
  atCut?: { precision: number; recall: number };
  suggestion?: Suggestion;
  onUse: (t: number) => void;
}) {
  if (!labels) return <span>Accept or reject a few pairs and the cut will be checked against your decisions.</span>;
  return (
    <span data-testid="calibration">
      {labels} decisions ({accepted} accepted){atCut && ` · at this cut: precision ${atCut.precision.toFixed(2)}, recall ${atCut.recall.toFixed(2)}`}
      {suggestion ? (
        <>
          {' '}
          · suggested <b className="font-mono">{suggestion.t.toFixed(3)}</b> (range {suggestion.tRange[0].toFixed(3)}–{suggestion.tRange[1].toFixed(3)}
          {';'}
          precision {suggestion.precision.toFixed(2)} [{suggestion.precisionInterval[0].toFixed(2)}–{suggestion.precisionInterval[1].toFixed(2)}], recall{' '}
          {suggestion.recall.toFixed(2)}){' '}
          <button type="button" className="rounded border px-1" onClick={() => onUse(suggestion.t)}>
            use it
          </button>
        </>
      ) : (
        ' · a suggestion needs at least one accepted and one rejected pair'
      )}
    </span>
  );
}

/** After each decision: the undecided pair closest to the cut, the one that tells most about where it belongs. */
function NextHint({ pending, value }: { pending: KeptIndex<ScoredPair>; value: number }) {
  const select = useUi((s) => s.select);
  const next = nearestKept(pending, value);
  if (!next) return null;
  return (
    <p className="mt-1 text-xs text-slate-600">
      Most informative next:{' '}
      <button type="button" data-testid="next-informative-hint" className="rounded border px-1 font-mono" onClick={() => select(next.id)}>
        {next.score.toFixed(3)}
      </button>{' '}
      (undecided, closest to the cut; press <kbd className="rounded border px-1">n</kbd>)
    </p>
  );
}

function Borderline({ items, byScore, value }: { items: Item[]; byScore: ScoreOrder<ScoredPair>; value: number }) {
  const select = useUi((s) => s.select);
  const { above, below } = borderlineIn(byScore, value, 4);
  const chip = (p: ScoredPair, side: string) => {
    // Found by its import position (a map of every item by id, made again at each decision, took 230 ms of a
    // decision's 500 ms of rendering at a million items).
    const item = findItem(items, p);
    const caption = item ? currentCaption(item) : undefined;
    return (
      <button
        type="button"
        key={p.id}
        data-testid={`borderline-${side}`}
        onClick={() => select(p.id)}
        className={`max-w-44 truncate rounded border px-1.5 py-0.5 text-left ${p.status === 'accepted' ? 'border-emerald-400' : p.status === 'rejected' ? 'border-rose-400' : 'border-slate-300'}`}
        title={caption}
      >
        <span className="font-mono">{p.score.toFixed(3)}</span> {caption}
      </button>
    );
  };
  return (
    <div className="mt-1 flex flex-wrap items-center gap-1 text-xs">
      <span className="text-slate-500">Borderline — just below:</span>
      {below.map((p) => chip(p, 'below'))}
      <span className="ml-2 text-slate-500">just above:</span>
      {above.map((p) => chip(p, 'above'))}
    </div>
  );
}
