// The sidebar's preprocessing section: run the paper's routes (repair, caption, generate) and follow the queue.

import type { Route } from '../../core/providers/routes.ts';
import { usePreprocess } from '../../store/preprocess.ts';

export function Preprocess(props: {
  marked: number;
  onRunMarked: () => void;
  onPrompts: () => void;
  onRun: (routes: Route[]) => void;
  onPause: (paused: boolean) => void;
  onCancel: () => void;
}) {
  const { marked, onRunMarked, onPrompts, onRun, onPause, onCancel } = props;
  const { provider, running, paused, counts } = usePreprocess();
  const left = counts ? counts.queued + counts.running : 0;
  return (
    <fieldset className="mb-4" data-testid="preprocess">
      <legend className="mb-1 font-medium text-slate-700">Preprocess</legend>
      <p className="mb-1 text-xs text-slate-500">
        {provider === 'offline' ? 'Offline provider — works only on synthetic scenes' : 'Hugging Face models (token in this browser only)'}
      </p>
      <div className="flex flex-col gap-1">
        {(
          [
            [['repair'], 'Repair pairs under the cut'],
            [['caption'], 'Caption lone images'],
            [['generate'], 'Generate images for lone texts'],
            [['repair', 'caption', 'generate'], 'Run all routes (g)'],
          ] as [Route[], string][]
        ).map(([routes, label]) => (
          <button
            type="button"
            key={label}
            disabled={running}
            className="rounded border border-slate-300 px-2 py-0.5 text-left text-xs hover:bg-slate-100 disabled:opacity-40"
            onClick={() => onRun(routes)}
          >
            {label}
          </button>
        ))}
        {marked > 0 && (
          <button
            type="button"
            disabled={running}
            className="rounded border border-violet-400 px-2 py-0.5 text-left text-xs hover:bg-violet-50 disabled:opacity-40"
            onClick={onRunMarked}
          >
            Preprocess the {marked} selected (G)
          </button>
        )}
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-left text-xs hover:bg-slate-100" onClick={onPrompts}>
          Prompt templates and comparison…
        </button>
      </div>
      {counts && (
        <div className="mt-1 text-xs" data-testid="routes-progress">
          <progress
            className="w-full"
            max={Math.max(1, counts.done + counts.failed + counts.cancelled + left)}
            value={counts.done + counts.failed + counts.cancelled}
          />
          <p>
            done {counts.done} · failed {counts.failed} · left {left} · requests {counts.requests}
          </p>
          {running && (
            <p className="flex gap-1">
              <button type="button" className="rounded border px-1" onClick={() => onPause(!paused)}>
                {paused ? 'Resume' : 'Pause'}
              </button>
              <button type="button" className="rounded border px-1" onClick={onCancel}>
                Cancel
              </button>
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
