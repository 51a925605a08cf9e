// Near-duplicates: clusters of near-identical images, shown in the grid largest cluster first with each cluster's
// members side by side; the reviewer may pick the one to keep in a cluster, and one command keeps one per cluster
// (the pick, or the best scoring) and rejects the rest.

import { create } from 'zustand';
import { DEFAULT_DEDUP_THRESHOLD, extraCopies } from '../core/search/dedup.ts';
import { dedupDataset } from './scoring.ts';
import { useUi } from './ui.ts';

export interface DedupState {
  threshold: number;
  /** Clusters of image hashes, largest first; null when no near-duplicate view is open. */
  clusters: string[][] | null;
  /** Cluster index per image hash. */
  clusterOf: Map<string, number> | null;
  /** The reviewer's pick per cluster (an image hash). */
  picks: Map<number, string>;
  running: boolean;
  setThreshold: (t: number) => void;
  pick: (hash: string) => void;
  clear: () => void;
}

export const useDedup = create<DedupState>((set, get) => ({
  threshold: DEFAULT_DEDUP_THRESHOLD,
  clusters: null,
  clusterOf: null,
  picks: new Map(),
  running: false,
  setThreshold: (threshold) => set({ threshold }),
  pick: (hash) => {
    const c = get().clusterOf?.get(hash);
    if (c === undefined) return;
    set({ picks: new Map(get().picks).set(c, hash) });
  },
  clear: () => set({ clusters: null, clusterOf: null, picks: new Map() }),
}));

export async function findNearDuplicates(datasetId: string): Promise<void> {
  const { threshold } = useDedup.getState();
  useDedup.setState({ running: true });
  try {
    const r = await dedupDataset(datasetId, threshold);
    const clusterOf = new Map<string, number>();
    r.clusters.forEach((c, k) => c.forEach((h) => clusterOf.set(h, k)));
    useDedup.setState({ clusters: r.clusters, clusterOf, picks: new Map() });
    const extra = extraCopies(r.clusters);
    useUi
      .getState()
      .notify(
        r.clusters.length
          ? `${r.clusters.length} cluster(s) of near-duplicates among ${r.images.toLocaleString('en-US')} images (cosine ≥ ${threshold}; ${extra} beyond one per cluster), in ${Math.round(r.ms)} ms${r.embedded ? ` (embedded ${r.embedded} images first)` : ''}. The grid shows them largest first.`
          : `No near-duplicates among ${r.images.toLocaleString('en-US')} images at cosine ≥ ${threshold}.`,
      );
  } catch (e) {
    useUi.getState().notify(`Finding near-duplicates failed: ${(e as Error).message}`, 'error');
  } finally {
    useDedup.setState({ running: false });
  }
}
