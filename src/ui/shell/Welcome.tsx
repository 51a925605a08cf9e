// What an empty app shows: load the demo, or import data, and how.

import { useQueryClient } from '@tanstack/react-query';
import { loadDemo, useDemo } from '../../store/workflows/demo.ts';

export function Welcome() {
  const client = useQueryClient();
  const loading = useDemo((s) => s.loading);
  const onDemo = () => void loadDemo(client);
  return (
    <div className="mx-auto max-w-xl p-10 text-slate-700">
      <h2 className="mb-2 text-xl font-semibold">Start by importing data</h2>
      <p className="mb-3">
        <button type="button" className="rounded border border-sky-400 bg-sky-50 px-3 py-1" disabled={loading} onClick={onDemo}>
          {loading ? 'Loading the demo…' : 'Load the demo dataset'}
        </button>{' '}
        <span className="text-sm text-slate-500">synthetic scenes, with the bundled tiny CLIP models — works offline</span>
      </p>
      <p className="mb-2">
        Press <kbd className="rounded border px-1">i</kbd> or the Import button, then drop a folder or pick files: images with a captions file (JSONL, CSV/TSV,
        Hugging Face <code>metadata.jsonl</code>), images with same-named <code>.txt</code> captions, WebDataset <code>.tar</code> shards, lone images, or a{' '}
        <code>.txt</code> of captions, one per line.
      </p>
      <p>Everything stays in this browser (IndexedDB). Rows that cannot be read are listed with the reason; all other rows import.</p>
    </div>
  );
}
