// The hard-negatives screen: generate negatives of every type, read the dataset report, and review them hardest
// first, each beside its positive with the change highlighted. Decisions use the same commands as items (a, r, p, u).

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef } from 'react';
import { negativeReport } from '../../core/negatives/quality.ts';
import { diffMarks, spaceBefore, tokenize } from '../../core/negatives/text.ts';
import { NEGATIVE_TYPES, type Negative, type NegativeType } from '../../core/negatives/types.ts';
import { useNegatives } from '../../store/negatives.ts';
import { cancelNegativeScoring } from '../../store/scoring.ts';
import { usePreprocess } from '../../store/preprocess.ts';
import { useThumbUrl } from '../../store/thumbs.ts';
import { STATUS_STYLE } from '../review/Grid.tsx';

const ROW = 132;

export function NegativesScreen(props: {
  all: Negative[];
  visible: Negative[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onGenerate: () => void;
  onRescore: () => void;
  running: boolean;
}) {
  const { all, visible, selectedId, onSelect, onGenerate, onRescore, running } = props;
  const { options, setOptions, showFiltered, sort, typeFilter, progress, scoring, set } = useNegatives();
  const provider = usePreprocess((s) => s.provider);
  // Recomputed when the negatives change, not on every render (a keypress re-renders the screen).
  const report = useMemo(() => negativeReport(all), [all]);
  const toggle = (t: NegativeType) => setOptions({ types: options.types.includes(t) ? options.types.filter((x) => x !== t) : [...options.types, t] });
  return (
    <div className="flex h-full flex-col" data-testid="negatives-screen">
      <div className="border-b border-slate-200 bg-white p-3 text-sm">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <span className="font-medium">Generate</span>
          {NEGATIVE_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-1">
              <input type="checkbox" aria-label={`type ${t}`} checked={options.types.includes(t)} onChange={() => toggle(t)} /> {t}
            </label>
          ))}
        </div>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <label>
            grid{' '}
            <select aria-label="Patch grid" className="rounded border px-1" value={options.grid} onChange={(e) => setOptions({ grid: Number(e.target.value) })}>
              {[2, 3, 4].map((n) => (
                <option key={n} value={n}>
                  {n}×{n}
                </option>
              ))}
            </select>
          </label>
          <label>
            rewrites by{' '}
            <select
              aria-label="Rewrite generator"
              className="rounded border px-1"
              value={options.generator}
              onChange={(e) => setOptions({ generator: e.target.value as 'rules' | 'llm' })}
            >
              <option value="rules">rules (offline, any English caption)</option>
              <option value="llm">language model ({provider === 'hf' ? 'Hugging Face' : 'offline provider: rules'})</option>
            </select>
          </label>
          <label>
            <input type="checkbox" aria-label="Image edits" checked={options.imageEdits} onChange={(e) => setOptions({ imageEdits: e.target.checked })} /> image
            edits ({provider === 'hf' ? 'image-edit model' : 'offline: re-render synthetic scenes'})
          </label>
          <label>
            seed{' '}
            <input
              aria-label="Seed"
              type="number"
              className="w-16 rounded border px-1"
              value={options.seed}
              onChange={(e) => setOptions({ seed: Math.max(0, Math.floor(Number(e.target.value) || 0)) })}
            />
          </label>
          <button
            type="button"
            className="rounded border border-sky-400 bg-sky-50 px-3 disabled:opacity-40"
            disabled={running || !options.types.length}
            onClick={onGenerate}
          >
            {running ? 'Generating…' : 'Generate negatives'}
          </button>
          <button
            type="button"
            className="rounded border px-2 disabled:opacity-40"
            disabled={running || !all.length}
            onClick={onRescore}
            title="score every negative again with the current models"
          >
            Rescore
          </button>
          {progress && (
            <span className="text-xs text-slate-500" data-testid="negatives-progress">
              {progress}
            </span>
          )}
          {scoring && (
            <button type="button" className="rounded border px-2 text-xs" onClick={cancelNegativeScoring}>
              Cancel scoring
            </button>
          )}
        </div>
        <details className="mt-2" open={all.length > 0}>
          <summary className="cursor-pointer text-slate-700">Report: {all.length} negatives</summary>
          <table className="mt-1 text-xs" data-testid="negatives-report">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="pr-3">type</th>
                <th className="pr-3">family</th>
                <th className="pr-3">generator</th>
                <th className="pr-3">total</th>
                <th className="pr-3">kept</th>
                <th className="pr-3">set aside</th>
                <th className="pr-3">accepted</th>
                <th className="pr-3">rejected</th>
                <th className="pr-3" title="share of kept, scored negatives that the models score at or above the positive">
                  model wrong
                </th>
                <th className="pr-3">mean hardness</th>
              </tr>
            </thead>
            <tbody>
              {report.map((r) => (
                <tr key={`${r.type}|${r.family}|${r.generator}`} data-type={r.type}>
                  <td className="pr-3 font-mono">{r.type}</td>
                  <td className="pr-3">{r.family}</td>
                  <td className="pr-3 font-mono">{r.generator}</td>
                  <td className="pr-3 tabular-nums">{r.total}</td>
                  <td className="pr-3 tabular-nums">{r.kept}</td>
                  <td
                    className="pr-3 tabular-nums"
                    title={Object.entries(r.filtered)
                      .map(([k, v]) => `${v}: ${k}`)
                      .join('\n')}
                  >
                    {Object.values(r.filtered).reduce((a, b) => a + b, 0)}
                  </td>
                  <td className="pr-3 tabular-nums">{r.accepted}</td>
                  <td className="pr-3 tabular-nums">{r.rejected}</td>
                  <td className="pr-3 tabular-nums" data-testid="model-wrong">
                    {r.modelWrong === null ? '—' : `${(r.modelWrong * 100).toFixed(0)}%`}
                  </td>
                  <td className="pr-3 tabular-nums">{r.meanHardness === null ? '—' : r.meanHardness.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        <div className="mt-2 flex items-center gap-3">
          <label>
            show{' '}
            <select aria-label="Negative type filter" className="rounded border px-1" value={typeFilter} onChange={(e) => set({ typeFilter: e.target.value })}>
              <option value="all">all types</option>
              {[...NEGATIVE_TYPES, 'image-edit'].map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            sort{' '}
            <select aria-label="Negative sort" className="rounded border px-1" value={sort} onChange={(e) => set({ sort: e.target.value as 'hardness' })}>
              <option value="hardness">hardest first</option>
              <option value="type">type</option>
              <option value="item">item</option>
            </select>
          </label>
          <label>
            <input type="checkbox" checked={showFiltered} onChange={(e) => set({ showFiltered: e.target.checked })} /> show those set aside by filters
          </label>
          <span className="text-xs text-slate-500">{visible.length} shown · a accept · r reject · p pending · j/k move · u undo</span>
        </div>
      </div>
      <NegativeList negatives={visible} selectedId={selectedId} onSelect={onSelect} />
    </div>
  );
}

function NegativeList({ negatives, selectedId, onSelect }: { negatives: Negative[]; selectedId: string | null; onSelect: (id: string) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: negatives.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 4 });
  const at = selectedId ? negatives.findIndex((n) => n.id === selectedId) : -1;
  useEffect(() => {
    if (at >= 0) virtualizer.scrollToIndex(at, { align: 'auto' });
  }, [at, virtualizer]);
  if (!negatives.length) return <p className="p-6 text-slate-500">No negatives to show. Choose types and press “Generate negatives”.</p>;
  return (
    <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto p-2" data-testid="negative-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div key={row.key} className="absolute left-0 right-0" style={{ top: row.start, height: ROW }}>
            <NegativeRow n={negatives[row.index]} selected={negatives[row.index].id === selectedId} onSelect={onSelect} />
          </div>
        ))}
      </div>
    </div>
  );
}

/** Both captions with the words that differ highlighted. Text nodes only: captions are never HTML. */
function CaptionDiff({ a, b }: { a: string; b: string }) {
  const ta = tokenize(a);
  const tb = tokenize(b);
  const marks = diffMarks(ta, tb);
  const render = (tokens: string[], m: boolean[], cls: string) =>
    tokens.map((t, i) => (
      <span key={i}>
        {i > 0 && spaceBefore(tokens[i - 1], t) ? ' ' : ''}
        {m[i] ? <mark className={cls}>{t}</mark> : t}
      </span>
    ));
  return (
    <>
      <p className="truncate text-slate-600" dir="auto">
        <span className="mr-1 text-xs text-emerald-700">+</span>
        {render(ta, marks.a, 'bg-emerald-100')}
      </p>
      <p className="truncate text-slate-900" dir="auto" data-testid="negative-text">
        <span className="mr-1 text-xs text-rose-700">−</span>
        {render(tb, marks.b, 'bg-rose-200')}
      </p>
    </>
  );
}

const NegativeRow = memo(function NegativeRow({ n, selected, onSelect }: { n: Negative; selected: boolean; onSelect: (id: string) => void }) {
  return (
    <button
      type="button"
      data-testid="negative"
      data-negative-id={n.id}
      data-type={n.type}
      data-status={n.status}
      onClick={() => onSelect(n.id)}
      className={`flex h-[124px] w-full items-center gap-3 rounded border bg-white px-2 text-left text-sm ${selected ? 'border-sky-500 ring-2 ring-sky-400' : 'border-slate-200 hover:border-slate-400'} ${n.filtered ? 'opacity-50' : ''}`}
    >
      <Thumb hash={n.positiveImageHash} label="positive" />
      {n.modality === 'image' ? (
        <Thumb hash={n.imageHash} label="negative" />
      ) : (
        <div className="w-[108px] shrink-0 text-center text-xs text-slate-400">same image</div>
      )}
      <div className="min-w-0 flex-1">
        <div className="mb-1 flex items-center gap-2 text-xs">
          <span className="rounded bg-slate-100 px-1 font-mono">{n.type}</span>
          <span className="text-slate-500">{n.family}</span>
          <span className="font-mono text-slate-500">{n.generator}</span>
          {n.grid && (
            <span className="text-slate-500">
              {n.grid}×{n.grid}
            </span>
          )}
          {n.filtered && <span className="text-amber-700">set aside: {n.filtered}</span>}
          <span className={`ml-auto rounded px-1 ${STATUS_STYLE[n.status]}`}>{n.status}</span>
        </div>
        {n.text !== undefined ? <CaptionDiff a={n.positiveText} b={n.text} /> : <p className="truncate text-slate-600">{n.positiveText}</p>}
        <p className="mt-1 text-xs text-slate-500" title="s(negative) − s(positive): above 0 the models prefer the negative">
          {n.scores ? (
            <>
              hardness{' '}
              <span className={`font-mono ${n.hardness! >= 0 ? 'text-rose-700' : ''}`} data-testid="hardness">
                {n.hardness!.toFixed(3)}
              </span>{' '}
              · positive {n.scores.positive.toFixed(3)} · negative {n.scores.negative.toFixed(3)}
              {n.scores.editMatch !== undefined && ` · edit vs its caption ${n.scores.editMatch.toFixed(3)}`}
            </>
          ) : (
            'not scored yet'
          )}
        </p>
      </div>
    </button>
  );
});

function Thumb({ hash, label }: { hash: string | undefined; label: string }) {
  const url = useThumbUrl(hash);
  return (
    <div className="flex h-[108px] w-[108px] shrink-0 items-center justify-center bg-slate-100" title={label}>
      {url ? <img src={url} alt={label} className="h-full w-full object-contain [image-rendering:pixelated]" draggable={false} /> : null}
    </div>
  );
}
