// The detail view of the selected item: full image, caption editor, review buttons, caption history.

import { useEffect, useState, type ReactNode } from 'react';
import { currentCaption, type Item } from '../../core/model.ts';
import { useEditCaption } from '../../store/mutations.ts';
import { useImageBlob, useItemHistory } from '../../store/queries.ts';
import { useUi } from '../../store/ui.ts';
import { KIND_NAME, STATUS_STYLE } from './Grid.tsx';
import { useObjectUrl } from './Thumb.tsx';

export function Detail({ item, buttons }: { item: Item | undefined; buttons: (id: string, extra?: string) => ReactNode }) {
  const image = useImageBlob(item?.imageHash);
  const url = useObjectUrl(image.data?.blob);
  const editing = useUi((s) => s.editing);
  const history = useItemHistory(item);
  if (!item) {
    return (
      <aside className="w-72 shrink-0 border-l xl:w-96 border-slate-200 bg-white p-4 text-sm text-slate-500">
        Select an item (click, or press j) to review it.
      </aside>
    );
  }
  return (
    <aside data-testid="detail" className="flex w-72 shrink-0 flex-col gap-3 overflow-y-auto border-l xl:w-96 border-slate-200 bg-white p-4 text-sm">
      <div className="flex items-center gap-2">
        <span className="font-medium">Item #{item.seq + 1}</span>
        <span className="rounded bg-slate-100 px-1 text-slate-600">{KIND_NAME[item.kind]}</span>
        <span data-testid="detail-status" className={`ml-auto rounded px-1.5 ${STATUS_STYLE[item.status]}`}>
          {item.status}
        </span>
      </div>
      {item.imageHash && (
        <div className="flex h-64 items-center justify-center rounded bg-slate-100">
          {url ? (
            <img src={url} alt={item.imageName ?? ''} className="h-full w-full object-contain [image-rendering:pixelated]" />
          ) : (
            <span className="text-slate-400">loading image…</span>
          )}
        </div>
      )}
      {image.data && (
        <p className="text-xs text-slate-500">
          {item.imageName} · {image.data.width}×{image.data.height} · {image.data.mime}
        </p>
      )}
      {editing ? (
        <CaptionEditor item={item} />
      ) : (
        <p data-testid="detail-caption" dir="auto" className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-base">
          {currentCaption(item) ?? <span className="italic text-slate-400">no caption yet</span>}
        </p>
      )}
      {item.scores && Object.keys(item.scores).length > 0 && (
        <table data-testid="detail-scores" className="w-full text-xs">
          <tbody>
            {Object.entries(item.scores)
              .sort(([a], [b]) => (a === 'ensemble' ? 1 : b === 'ensemble' ? -1 : a.localeCompare(b)))
              .map(([model, score]) => (
                <tr key={model} className={model === 'ensemble' ? 'font-semibold' : ''}>
                  <td className="py-0.5">{model}</td>
                  <td className="py-0.5 text-right font-mono">{score.toFixed(4)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      <div className="flex flex-wrap gap-2">
        {buttons('accept', 'border-emerald-300')}
        {buttons('reject', 'border-rose-300')}
        {buttons('edit')}
        {buttons('reset')}
        {buttons('route-item')}
        {buttons('revert')}
        {buttons('undo')}
      </div>
      {item.decision && (
        <p className="text-xs text-slate-500">
          {item.decision.status} by {item.decision.by} at {new Date(item.decision.at).toLocaleString()}
        </p>
      )}
      <p className="text-xs text-slate-500">
        Source: {item.source.file}
        {item.source.row !== undefined && `, row ${item.source.row}`}
      </p>
      {item.captions.length > 0 && (
        <section>
          <h3 className="mb-1 font-medium text-slate-700">Caption history</h3>
          <ol className="space-y-1 text-xs">
            {item.captions.map((c, i) => (
              <li key={i} className="rounded border border-slate-100 p-1.5">
                <span dir="auto">{c.text}</span>
                <span className="block text-slate-500">
                  {c.provenance.origin}
                  {c.provenance.by && ` by ${c.provenance.by}`}
                  {c.provenance.model && ` by ${c.provenance.model}`} · {new Date(c.provenance.at).toLocaleString()}
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}
      {!!history.data?.length && (
        <section>
          <h3 className="mb-1 font-medium text-slate-700">Audit log</h3>
          <ul className="space-y-0.5 text-xs text-slate-600">
            {history.data.map((h) => (
              <li key={h.id} className={h.undone && h.undoOf === undefined ? 'line-through' : ''}>
                {new Date(h.at).toLocaleTimeString()} {h.by}: {h.undoOf !== undefined ? 'undo ' : ''}
                {h.change === 'decision' ? `${h.before.status} → ${h.after.status}` : 'caption edited'}
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

function CaptionEditor({ item }: { item: Item }) {
  const editCaption = useEditCaption();
  const stored = currentCaption(item) ?? '';
  // The caption the edit began from: when another tab saves a newer one, it is shown instead (never overwritten).
  const [base, setBase] = useState(stored);
  const [text, setText] = useState(stored);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (stored === base) return;
    setBase(stored);
    setText(stored);
    setError(`The caption was changed in another tab to “${stored}”: the newer caption is shown; edit it again.`);
  }, [stored, base]);
  const save = async () => {
    try {
      await editCaption.mutateAsync({ item, text, by: useUi.getState().reviewer, expected: base });
      useUi.getState().setEditing(false);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div>
      <textarea
        aria-label="Caption"
        // biome-ignore lint/a11y/noAutofocus: the editor opens on a key press (e), and the reviewer types at once
        autoFocus
        dir="auto"
        className="h-24 w-full rounded border border-sky-400 p-2 text-base"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void save();
          }
        }}
      />
      {error && <p className="text-xs text-red-700">{error}</p>}
      <p className="text-xs text-slate-500">Enter saves, Shift+Enter adds a line, Esc cancels.</p>
    </div>
  );
}
