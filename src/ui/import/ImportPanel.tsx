// Importing: drop zone, file and folder pickers, live progress, and the list of rows that could not be read.

import { useRef, useState } from 'react';
import { count, kindCounts } from '../../core/words.ts';
import { startImport, type ImportProgress, type ImportReport, type PickedFile } from '../../store/dataClient.ts';
import { useCreateDataset } from '../../store/mutations.ts';
import { useImportReports } from '../../store/queries.ts';
import { useUi } from '../../store/ui.ts';
import { fromDirectoryPicker, fromDrop, fromFileList } from './pickFiles.ts';

export function ImportPanel({ onClose, onImported }: { onClose: () => void; onImported: (datasetId: string) => Promise<void> }) {
  const datasetId = useUi((s) => s.datasetId);
  const createDataset = useCreateDataset();
  const [target, setTarget] = useState<'current' | 'new'>(datasetId ? 'current' : 'new');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [failure, setFailure] = useState<string>();
  const [dragging, setDragging] = useState(false);
  /** Files found so far while a dropped or chosen folder is listed (before the import starts). */
  const [listing, setListing] = useState<number | null>(null);
  const cancel = useRef<() => void>(undefined);
  const folderSupported = typeof window !== 'undefined' && 'showDirectoryPicker' in window;

  /** List what was dropped or chosen, showing the count as it grows. */
  const list = async (read: (onCount: (n: number) => void) => Promise<PickedFile[] | null>) => {
    setFailure(undefined);
    setListing(0);
    try {
      return await read(setListing);
    } finally {
      setListing(null);
    }
  };

  const run = async (files: PickedFile[]) => {
    if (!files.length) return;
    setReport(null);
    setFailure(undefined);
    setProgress({ file: files[0].path, rows: 0, filesDone: 0, filesTotal: files.length });
    try {
      const id = target === 'current' && datasetId ? datasetId : (await createDataset.mutateAsync({ name: files[0].path.split('/')[0] || 'dataset' })).id;
      // Open it at once: if the tab dies mid-import, the next start shows this dataset and what became of its import.
      if (id !== datasetId) useUi.getState().openDataset(id);
      const job = startImport(id, files, setProgress);
      cancel.current = job.cancel;
      const r = await job.done;
      setReport(r);
      await onImported(id);
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setProgress(null);
      cancel.current = undefined;
    }
  };

  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-black/40">
      <div role="dialog" aria-label="Import" className="max-h-[90vh] w-[40rem] overflow-y-auto rounded-lg bg-white p-5 shadow-xl">
        <div className="mb-3 flex items-center">
          <h2 className="text-lg font-semibold">Import</h2>
          <button type="button" className="ml-auto rounded px-2 text-slate-500 hover:bg-slate-100" onClick={onClose} aria-label="Close import">
            ✕
          </button>
        </div>
        {datasetId && (
          <div className="mb-3 flex gap-4 text-sm">
            <label>
              <input type="radio" checked={target === 'current'} onChange={() => setTarget('current')} /> add to the open dataset
            </label>
            <label>
              <input type="radio" checked={target === 'new'} onChange={() => setTarget('new')} /> new dataset
            </label>
          </div>
        )}
        <section
          aria-label="Drop files or a folder here"
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={async (e) => {
            e.preventDefault();
            setDragging(false);
            const data = e.dataTransfer;
            try {
              await run((await list((onCount) => fromDrop(data, onCount))) ?? []);
            } catch (err) {
              setFailure((err as Error).message);
            }
          }}
          className={`flex flex-col items-center gap-3 rounded-lg border-2 border-dashed p-8 text-center text-sm ${dragging ? 'border-sky-500 bg-sky-50' : 'border-slate-300'}`}
        >
          <p>Drop a folder or files here</p>
          <div className="flex gap-2">
            <label className="cursor-pointer rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
              Choose files…
              <input
                data-testid="file-input"
                type="file"
                multiple
                className="hidden"
                onChange={(e) => e.target.files && void run(fromFileList(e.target.files))}
              />
            </label>
            <label className="cursor-pointer rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
              Choose a folder…
              <input
                data-testid="folder-input"
                type="file"
                className="hidden"
                {...({ webkitdirectory: '' } as object)}
                onClick={async (e) => {
                  if (!folderSupported) return;
                  e.preventDefault();
                  try {
                    const files = await list((onCount) => fromDirectoryPicker(onCount));
                    if (files) await run(files);
                  } catch (err) {
                    if ((err as Error).name !== 'AbortError') setFailure((err as Error).message);
                  }
                }}
                onChange={(e) => e.target.files && void run(fromFileList(e.target.files))}
              />
            </label>
          </div>
          <p className="text-xs text-slate-500">
            JSONL, CSV/TSV (OpenCLIP filepath/title), metadata.jsonl, Parquet (this app's export, Hugging Face image columns), COCO captions_*.json with the
            split folder, Flickr30k results.csv with flickr30k_images/, .txt sidecars, WebDataset .tar, .zip, lone images, .txt captions one per line.
          </p>
        </section>
        {listing !== null && (
          <p className="mt-4 text-sm" data-testid="import-listing">
            Reading the folder… {count(listing, 'file')} found
          </p>
        )}
        {progress && (
          <div className="mt-4 text-sm" data-testid="import-progress">
            <p>
              Importing {progress.file || '…'} — {progress.rows} rows read, {progress.filesDone} of {progress.filesTotal} files
            </p>
            <progress className="w-full" max={Math.max(1, progress.filesTotal)} value={progress.filesDone} />
            <button type="button" className="mt-1 rounded border border-slate-300 px-2 text-xs" onClick={() => cancel.current?.()}>
              Cancel
            </button>
          </div>
        )}
        {failure && (
          <p className="mt-4 rounded bg-red-50 p-2 text-sm text-red-800">
            Import failed: {failure}. Nothing already stored was lost; fix the input and import again.
          </p>
        )}
        {report && <ReportView report={report} />}
      </div>
    </div>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  return (
    <div className="mt-4 text-sm" data-testid="import-report">
      <p className="font-medium">
        Imported {kindCounts(report.counts)}. {count(report.duplicates, 'duplicate image')} (stored once).
        {report.alreadyStored ? ` ${count(report.alreadyStored, 'row')} already in the dataset (an earlier import of the same files) were skipped.` : ''}
        {report.embeddings && Object.keys(report.embeddings).length > 0
          ? ` Stored embeddings came with it (reused, not computed again): ${Object.entries(report.embeddings)
              .map(([model, n]) => `${model} ${n.toLocaleString('en-US')}`)
              .join(', ')}.`
          : ''}
      </p>
      {report.errors.length > 0 ? <ErrorTable errors={report.errors} /> : <p className="text-emerald-700">Every row was read.</p>}
      {report.skipped.length > 0 && (
        <p className="mt-1 text-xs text-slate-500">
          Skipped {report.skipped.length} files of unknown type: {report.skipped.slice(0, 5).join(', ')}
        </p>
      )}
    </div>
  );
}

function ErrorTable({ errors }: { errors: ImportReport['errors'] }) {
  return (
    <table className="mt-2 w-full text-left text-xs" data-testid="import-errors">
      <caption className="mb-1 text-left font-medium text-red-800">{errors.length} rows could not be imported</caption>
      <thead>
        <tr className="text-slate-500">
          <th className="pr-2">Source</th>
          <th className="pr-2">Row</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e, i) => (
          <tr key={i} className="border-t border-slate-100 align-top" data-testid="import-error">
            <td className="break-all pr-2">{e.source}</td>
            <td className="pr-2 tabular-nums">{e.row ?? ''}</td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The sidebar's record of every import into the open dataset, errors included, kept across reloads. */
export function ImportErrors({ datasetId }: { datasetId: string | null }) {
  const reports = useImportReports(datasetId);
  const errors = reports.data?.flatMap((r) => r.errors) ?? [];
  if (!reports.data?.length) return null;
  return (
    <details className="mt-2" open={errors.length > 0 && errors.length < 20}>
      <summary className="cursor-pointer font-medium text-slate-700">
        Imports: {reports.data.length}, rows with errors: {errors.length}
      </summary>
      <ul className="mt-1 space-y-1 text-xs">
        {errors.map((e, i) => (
          <li key={i} className="break-words text-slate-700" data-testid="sidebar-error">
            <span className="font-mono text-slate-500">
              {e.source}
              {e.row !== undefined && `:${e.row}`}
            </span>{' '}
            {e.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
