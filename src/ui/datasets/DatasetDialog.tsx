// Rename the open dataset, or delete it with everything of its own (asked twice; the storage is freed).

import { useState } from 'react';
import type { Dataset } from '../../core/model.ts';
import { count } from '../../core/words.ts';
import { useDeleteDataset, useRenameDataset } from '../../store/mutations.ts';
import { useUi } from '../../store/ui.ts';
import { Dialog } from '../shell/Dialog.tsx';

export function DatasetDialog({ dataset, others, itemCount, onClose }: { dataset: Dataset; others: Dataset[]; itemCount: number; onClose: () => void }) {
  const rename = useRenameDataset();
  const remove = useDeleteDataset();
  const [name, setName] = useState(dataset.name);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const save = async () => {
    try {
      await rename.mutateAsync({ datasetId: dataset.id, name });
      useUi.getState().notify(`Renamed to “${name.trim()}”.`);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const destroy = async () => {
    try {
      const r = await remove.mutateAsync({ datasetId: dataset.id });
      const ui = useUi.getState();
      ui.openDataset(others.at(-1)?.id ?? null);
      ui.notify(
        `Deleted “${dataset.name}”: ${count(r.items, 'item')} and ${count(r.negatives, 'hard negative')}; freed ${count(r.images, 'image')} no other dataset uses.`,
      );
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Dialog title="Dataset" width="w-[30rem]" onClose={onClose}>
      <label className="mb-3 flex items-center gap-2">
        Name
        <input
          aria-label="Dataset name"
          className="flex-1 rounded border px-2 py-1"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void save()}
        />
        <button type="button" className="rounded border px-3 py-1" disabled={rename.isPending} onClick={() => void save()}>
          Rename
        </button>
      </label>
      <div className="rounded border border-red-200 bg-red-50 p-2">
        {confirming ? (
          <p>
            Delete “{dataset.name}” and its {count(itemCount, 'item')}, decisions, negatives and history? This cannot be undone.{' '}
            <button
              type="button"
              className="rounded border border-red-400 bg-white px-2 text-red-800"
              disabled={remove.isPending}
              onClick={() => void destroy()}
            >
              {remove.isPending ? 'Deleting…' : 'Yes, delete it'}
            </button>{' '}
            <button type="button" className="rounded border px-2" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </p>
        ) : (
          <button type="button" className="rounded border border-red-400 bg-white px-2 text-red-800" onClick={() => setConfirming(true)}>
            Delete this dataset…
          </button>
        )}
      </div>
      {error && <p className="mt-2 text-xs text-red-700">{error}</p>}
    </Dialog>
  );
}
