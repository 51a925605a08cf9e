// Text search over the dataset's image embeddings: type a prompt, Enter ranks the grid by similarity (the ensemble of
// the loaded models); Esc clears it. Shown at the top of the sidebar, with what is ranked and the top-50 command.

import { useState } from 'react';
import { runSearch, useSearch } from '../../store/search.ts';
import type { CommandButtons } from '../shell/CommandButton.tsx';

export function SearchBox({ datasetId, button }: { datasetId: string | null; button: CommandButtons }) {
  const [text, setText] = useState('');
  const { label, running, clear } = useSearch();
  return (
    <section className="mb-4" aria-label="Search">
      <input
        type="search"
        aria-label="Search images by text"
        placeholder="Search by text…"
        className="w-full rounded border border-slate-300 px-2 py-1"
        value={text}
        disabled={!datasetId}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && text.trim() && datasetId) void runSearch(datasetId, { text: text.trim() });
          if (e.key === 'Escape') {
            setText('');
            clear();
            e.currentTarget.blur();
          }
        }}
      />
      {running && <p className="mt-1 text-xs text-slate-500">searching…</p>}
      {label && !running && (
        <div className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-600" data-testid="search-active">
          ranked by {label}
          <button
            type="button"
            aria-label="Clear the search"
            className="rounded border px-1"
            onClick={() => {
              setText('');
              clear();
            }}
          >
            ✕
          </button>
          {button('accept-top-results', 'text-xs')}
        </div>
      )}
    </section>
  );
}
