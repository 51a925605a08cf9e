// The Evaluation screen: how compositional the verification models are on this dataset's curated negatives (or on a
// SugarCrepe JSON file whose images are in this dataset), per type and model, with Winoground-style scores.

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../shell/Dialog.tsx';
import { casesFromNegatives, evaluate, parseSugarCrepe, type EvalCase, type ModelEval } from '../../core/eval/eval.ts';
import type { Item } from '../../core/model.ts';
import { fetchNegatives } from '../../store/queries.ts';
import { runNearMiss, scoreAdhoc } from '../../store/scoring.ts';
import type { NearMissRun } from '../../core/eval/nearMiss.ts';
import { HELD_OUT_DEMO_SEED } from '../../core/synth/demo.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function EvaluateDialog({ datasetId, items, onClose }: { datasetId: string; items: Item[]; onClose: () => void }) {
  const client = useQueryClient();
  const [source, setSource] = useState<'accepted' | 'kept' | 'sugarcrepe' | 'near-miss'>('accepted');
  const [nearMiss, setNearMiss] = useState<NearMissRun | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<{ evals: ModelEval[]; cases: number; notes: string[] } | null>(null);
  const [error, setError] = useState<string>();
  const [stage, setStage] = useState<string | null>(null);

  const run = async () => {
    setError(undefined);
    setResults(null);
    setNearMiss(null);
    setRunning(true);
    try {
      if (source === 'near-miss') {
        setStage('rendering 400 held-out scenes and scoring them with their captions and near-misses…');
        setNearMiss(await runNearMiss(HELD_OUT_DEMO_SEED, 400));
        return;
      }
      let cases: EvalCase[];
      const notes: string[] = [];
      if (source === 'sugarcrepe') {
        if (!file) throw new Error('choose a SugarCrepe JSON file first');
        const parsed = parseSugarCrepe(await file.text(), file.name.replace(/\.json$/, ''));
        notes.push(...parsed.errors);
        // Images are matched by file name to the images of this dataset (import the image folder first).
        const byName = new Map<string, string>();
        for (const i of items) if (i.imageHash && i.imageName) byName.set(i.imageName.split('/').pop()!, i.imageHash);
        cases = [];
        let missing = 0;
        for (const c of parsed.cases) {
          const hash = byName.get(c.image.split('/').pop()!);
          if (hash) cases.push({ ...c, image: hash });
          else missing++;
        }
        if (missing) notes.push(`${missing} cases name images this dataset does not have — import the image folder into this dataset first`);
      } else {
        cases = casesFromNegatives(await fetchNegatives(client, datasetId), source === 'accepted');
        if (!cases.length)
          throw new Error(
            source === 'accepted'
              ? 'no accepted negatives yet — accept some on the Negatives screen (h), or evaluate every kept negative'
              : 'no negatives yet — generate them on the Negatives screen (h)',
          );
      }
      setStage(`scoring ${cases.length} cases with the verification models…`);
      const evals = await evaluate(cases, (pairs) => scoreAdhoc(pairs.map((p) => ({ imageHash: p.image, text: p.text }))));
      setResults({ evals, cases: cases.length, notes });
    } catch (e) {
      setError(`Evaluation stopped: ${(e as Error).message}`);
    } finally {
      setRunning(false);
      setStage(null);
    }
  };

  const types = results ? [...new Set(results.evals.flatMap((r) => Object.keys(r.perType)))].sort() : [];
  return (
    <Dialog title="Evaluation" width="w-[46rem]" onClose={onClose}>
      <p className="mb-2 text-xs text-slate-500">
        Accuracy: the share of cases where a model scores the image with its caption above the negative (for an image negative, the caption with its image above
        the negative image). Winoground scores use cases with both.
      </p>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <label>
          <input type="radio" name="eval-source" checked={source === 'accepted'} onChange={() => setSource('accepted')} /> accepted negatives
        </label>
        <label>
          <input type="radio" name="eval-source" checked={source === 'kept'} onChange={() => setSource('kept')} /> every kept negative
        </label>
        <label>
          <input type="radio" name="eval-source" checked={source === 'sugarcrepe'} onChange={() => setSource('sugarcrepe')} /> SugarCrepe file
        </label>
        <label title="held-out synthetic pairs against their captions changed in one word or relation">
          <input type="radio" name="eval-source" checked={source === 'near-miss'} onChange={() => setSource('near-miss')} /> near-miss benchmark
        </label>
        {source === 'sugarcrepe' && (
          <input aria-label="SugarCrepe JSON" type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        )}
        <button type="button" className="rounded border border-sky-400 bg-sky-50 px-3 disabled:opacity-40" disabled={running} onClick={() => void run()}>
          {running ? 'Evaluating…' : 'Evaluate'}
        </button>
        {stage && <span className="text-xs text-slate-500">{stage}</span>}
      </div>
      {error && <p className="mb-2 text-xs text-red-700">{error}</p>}
      {results && (
        <ModelTable
          testId="eval-table"
          caption={`${results.cases} cases`}
          models={results.evals.map((r) => r.model)}
          rows={[
            ...types.map((t) => ({
              key: t,
              label: t,
              type: t,
              cells: results.evals.map((r) => (r.perType[t] ? pct(r.perType[t].accuracy) : '–')),
              n: results.evals[0].perType[t]?.n ?? 0,
            })),
            { key: 'all', label: 'all (micro-average)', total: true, cells: results.evals.map((r) => pct(r.overall.accuracy)), n: results.evals[0].overall.n },
            ...(results.evals.some((r) => r.winoground)
              ? (['text', 'image', 'group'] as const).map((k) => ({
                  key: k,
                  label: `Winoground ${k}`,
                  testId: `winoground-${k}`,
                  cells: results.evals.map((r) => (r.winoground ? pct(r.winoground[k]) : '–')),
                  n: results.evals[0].winoground?.n ?? 0,
                }))
              : []),
          ]}
        />
      )}
      {nearMiss && <NearMissTable run={nearMiss} />}
      {results?.notes.map((n) => (
        <p key={n} className="mt-1 text-xs text-amber-700">
          {n}
        </p>
      ))}
    </Dialog>
  );
}

interface ModelRow {
  key: string;
  label: string;
  /** A negative type: monospaced, and `data-type` for tests. */
  type?: string;
  /** The total line, in bold. */
  total?: boolean;
  testId?: string;
  cells: string[];
  n: number;
}

/** Rows down, one column per model, and how many cases each row counts. */
function ModelTable({ testId, caption, models, rows }: { testId: string; caption: string; models: string[]; rows: ModelRow[] }) {
  return (
    <table className="w-full text-xs" data-testid={testId}>
      <caption className="mb-1 text-left text-slate-600">{caption}</caption>
      <thead>
        <tr className="text-left">
          <th>type</th>
          {models.map((m) => (
            <th key={m} className="text-right font-mono">
              {m}
            </th>
          ))}
          <th className="text-right">n</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.total ? 'border-t font-medium' : 'border-t'} data-type={row.type} data-testid={row.testId}>
            <td className={row.type ? 'font-mono' : undefined}>{row.label}</td>
            {row.cells.map((c, i) => (
              <td key={models[i]} className="text-right tabular-nums">
                {c}
              </td>
            ))}
            <td className="text-right tabular-nums">{row.n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Types down, models across: paired accuracy, and the AUC of true captions against near-misses. */
function NearMissTable({ run }: { run: NearMissRun }) {
  const types = [...new Set(run.results.flatMap((r) => Object.keys(r.perType)))];
  return (
    <ModelTable
      testId="near-miss-table"
      caption={`${run.pairs} held-out pairs (seed ${run.seed}), ${run.cases} near-misses: paired accuracy (AUC). The synthetic world only — real models need real benchmarks (SugarCrepe).`}
      models={run.results.map((r) => r.model)}
      rows={[
        ...types.map((t) => ({
          key: t,
          label: t,
          type: t,
          cells: run.results.map((r) => (r.perType[t] ? `${pct(r.perType[t].accuracy)} (${r.perType[t].auc.toFixed(2)})` : '–')),
          n: run.results[0].perType[t]?.n ?? 0,
        })),
        { key: 'all', label: 'all', total: true, cells: run.results.map((r) => pct(r.overall.accuracy)), n: run.results[0].overall.n },
      ]}
    />
  );
}
