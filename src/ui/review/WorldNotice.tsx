// Says, above the grid, when the chosen models cannot judge the open dataset's images (photos and the bundled
// synthetic-world models), with the way to a real model.

import { useUi } from '../../store/ui.ts';
import { useWorldMismatch } from '../../store/world.ts';

export function WorldNotice({ datasetId }: { datasetId: string }) {
  const text = useWorldMismatch(datasetId);
  if (!text) return null;
  return (
    <p role="note" data-testid="world-notice" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-950">
      {text}{' '}
      <button type="button" className="rounded border border-amber-400 bg-white px-2" onClick={() => useUi.getState().setOverlay('settings')}>
        Open Settings
      </button>
    </p>
  );
}
