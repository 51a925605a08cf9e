// Near-duplicates in the sidebar: the threshold, the command that finds the clusters (the grid then shows them,
// largest first, members side by side), the focused item's cluster and pick, and "keep one per cluster".

import { extraCopies } from '../../core/search/dedup.ts';
import { useDedup } from '../../store/dedup.ts';
import type { CommandButtons } from '../shell/CommandButton.tsx';
import type { Item } from '../../core/model.ts';

export function DuplicatesBox({ item, button }: { item: Item | undefined; button: CommandButtons }) {
  const { threshold, setThreshold, clusters, clusterOf, picks, running, clear } = useDedup();
  const cluster = item?.imageHash ? clusterOf?.get(item.imageHash) : undefined;
  const extra = clusters ? extraCopies(clusters) : 0;
  return (
    <section className="mb-4" aria-label="Near-duplicates">
      <div className="flex items-center gap-1">
        {button('find-near-duplicates', 'text-xs')}
        <label className="flex items-center gap-1 text-xs text-slate-600">
          ≥
          <input
            type="number"
            aria-label="Near-duplicate cosine at least"
            className="w-14 rounded border border-slate-300 px-1"
            min={0.5}
            max={1}
            step={0.01}
            value={threshold}
            onChange={(e) => Number.isFinite(e.target.valueAsNumber) && setThreshold(e.target.valueAsNumber)}
          />
        </label>
      </div>
      {running && <p className="mt-1 text-xs text-slate-500">finding near-duplicates…</p>}
      {clusters && !running && (
        <div className="mt-1 space-y-1 text-xs text-slate-600" data-testid="duplicates-active">
          <p>
            {clusters.length} cluster{clusters.length === 1 ? '' : 's'}, {extra} extra cop
            {extra === 1 ? 'y' : 'ies'}
            <button type="button" aria-label="Close the near-duplicates" className="ml-1 rounded border px-1" onClick={clear}>
              ✕
            </button>
          </p>
          {cluster !== undefined && (
            <p>
              focused: cluster {cluster + 1} of {clusters.length} ({clusters[cluster].length} images)
              {picks.get(cluster) === item?.imageHash ? ' — your pick' : picks.has(cluster) ? ' — another is picked' : ''} {button('keep-this-copy', 'text-xs')}
            </p>
          )}
          {button('keep-one-per-cluster', 'text-xs')}
        </div>
      )}
    </section>
  );
}
