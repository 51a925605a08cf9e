// Export a training set: choose the format, which pairs, and the shard size; the zip streams out of the data worker.

import { Dialog } from '../shell/Dialog.tsx';
import { useState } from 'react';
import { EXPORT_FORMATS, FORMAT_NAMES, type ExportFormat, type TrainingFilter } from '../../core/export/formats.ts';
import { downloadTrainingSet } from '../../store/workflows/downloads.ts';
import { isCutApproved } from '../../core/model.ts';
import { useCut } from '../../store/queries.ts';
import { useUi } from '../../store/ui.ts';
import { describeBasicFilters, hasBasicFilters } from '../../core/curation/basics.ts';

export function ExportDialog({
  datasetId,
  datasetName,
  cut,
  onClose,
}: {
  datasetId: string;
  datasetName: string;
  cut: { model: string; value: number } | null;
  onClose: () => void;
}) {
  const [format, setFormat] = useState<ExportFormat>((localStorage.getItem('cc.exportFormat') as ExportFormat) || 'webdataset');
  const [filter, setFilter] = useState<TrainingFilter>(cut ? 'cut' : 'not-rejected');
  const [shardSize, setShardSize] = useState(1000);
  const basics = useUi((s) => s.filters.basics);
  const [withEmbeddings, setWithEmbeddings] = useState(false);
  const saved = useCut(datasetId);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const run = async () => {
    setError(undefined);
    localStorage.setItem('cc.exportFormat', format);
    setProgress('starting…');
    try {
      await downloadTrainingSet({ datasetId, datasetName, format, shardSize, filter, cut: cut ?? undefined, embeddings: withEmbeddings }, (done) =>
        setProgress(`${done} pairs written`),
      );
      onClose();
    } catch (e) {
      setError(`Export failed: ${(e as Error).message}`);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Dialog title="Export a training set" width="w-[34rem]" onClose={onClose}>
      <fieldset className="mb-3">
        <legend className="font-medium">Format</legend>
        {EXPORT_FORMATS.map((f) => (
          <label key={f} className="block">
            <input type="radio" name="format" checked={format === f} onChange={() => setFormat(f)} /> {FORMAT_NAMES[f]}
          </label>
        ))}
      </fieldset>
      {format === 'webdataset' && (
        <label className="mb-3 block">
          Samples per shard{' '}
          <input
            aria-label="Samples per shard"
            type="number"
            min={1}
            className="w-24 rounded border px-1"
            value={shardSize}
            onChange={(e) => setShardSize(Math.max(1, Math.floor(Number(e.target.value) || 1)))}
          />
        </label>
      )}
      {cut && filter === 'cut' && !isCutApproved(saved.data ?? undefined, cut) && (
        <p className="mb-2 rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950" data-testid="cut-warning">
          The cut {cut.value.toFixed(3)} ({cut.model}) is not approved; the manifest will say so. Approve it on the threshold panel first if this training set
          is the one you will use.
        </p>
      )}
      <fieldset className="mb-3">
        <legend className="font-medium">Pairs</legend>
        <label className="block">
          <input type="radio" name="filter" checked={filter === 'accepted'} onChange={() => setFilter('accepted')} /> accepted only
        </label>
        <label className="block">
          <input type="radio" name="filter" checked={filter === 'not-rejected'} onChange={() => setFilter('not-rejected')} /> every pair not rejected
        </label>
        <label className={`block ${cut ? '' : 'opacity-40'}`}>
          <input type="radio" name="filter" disabled={!cut} checked={filter === 'cut'} onChange={() => setFilter('cut')} /> not rejected and at or above the cut
          {cut ? ` (${cut.model} ≥ ${cut.value.toFixed(3)})` : ' (score the pairs first)'}
        </label>
      </fieldset>
      <p className="mb-3 text-xs text-slate-500">
        Hard negatives go with their pairs unless rejected or set aside by a filter. The manifest records the format, filter, cut, models and counts.
      </p>
      <label className="mb-3 block text-sm">
        <input type="checkbox" checked={withEmbeddings} onChange={(e) => setWithEmbeddings(e.target.checked)} /> with the embeddings (per model,
        clip-retrieval's layout: img_emb and text_emb .npy plus metadata Parquet, rows in the table's order)
      </label>
      {hasBasicFilters(basics) && (
        <p className="mb-3 text-xs text-slate-700" data-testid="export-basics">
          The sidebar's data basics apply too: {describeBasicFilters(basics)}.
        </p>
      )}
      {error && <p className="mb-2 text-xs text-red-700">{error}</p>}
      <p className="flex items-center gap-2">
        <button
          type="button"
          className="rounded border border-sky-400 bg-sky-50 px-3 py-1 disabled:opacity-40"
          disabled={!!progress}
          onClick={() => void run()}
        >
          {progress ? 'Exporting…' : 'Export'}
        </button>
        {progress && (
          <span className="text-xs text-slate-500" data-testid="export-progress">
            {progress}
          </span>
        )}
      </p>
    </Dialog>
  );
}
