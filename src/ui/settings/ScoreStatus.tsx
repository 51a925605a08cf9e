// The header's scoring status: the backend actually in use, and progress while scoring.

import { cancelScoring, useScoring } from '../../store/scoring.ts';

export function ScoreStatus() {
  const { backend, status, progress, error } = useScoring();
  // Narrow screens show the short form ("WASM · 2"); the tooltip says why this backend.
  const label = backend ? (
    backend.backend === 'wasm' ? (
      <>
        WASM · {backend.threads}
        <span className="hidden xl:inline"> thread{backend.threads === 1 ? '' : 's'}</span>
      </>
    ) : (
      <>
        WebGPU<span className="hidden xl:inline"> · {backend.adapter}</span>
      </>
    )
  ) : status === 'loading' ? (
    'loading models…'
  ) : (
    'not loaded yet'
  );
  return (
    <div className="flex items-center gap-2 text-xs text-slate-600">
      <span
        data-testid="backend"
        title={backend?.note ?? 'The CLIP models load when you first score'}
        className="whitespace-nowrap rounded bg-slate-100 px-2 py-1"
      >
        <span className="hidden xl:inline">CLIP: </span>
        {label}
      </span>
      {status === 'scoring' && (
        <span data-testid="score-progress" className="flex items-center gap-1">
          {progress ? `${progress.model} · ${progress.phase} ${progress.done}/${progress.total}` : status === 'scoring' ? 'reading pairs…' : ''}
          <progress max={Math.max(1, progress?.total ?? 1)} value={progress?.done ?? 0} className="w-24" />
          <button type="button" className="rounded border border-slate-300 px-1" onClick={cancelScoring}>
            Cancel
          </button>
        </span>
      )}
      {!!backend?.failed.length && (
        <span data-testid="models-failed" className="rounded bg-amber-100 px-2 py-1 text-amber-900" title={backend.failed.map((f) => f.reason).join('\n')}>
          {backend.failed.length} model{backend.failed.length === 1 ? '' : 's'} not loaded
        </span>
      )}
      {error && <span className="text-red-700">{error}</span>}
    </div>
  );
}
