// Prompt templates for the caption and repair routes: edit them (each save is a new version), choose the one the
// routes use, and compare several on a sample of items by the mean CLIP score of what each produced.

import { useState } from 'react';
import { Dialog } from '../shell/Dialog.tsx';
import { useQueryClient } from '@tanstack/react-query';
import type { PromptComparison } from '../../core/providers/prompts.ts';
import { latestTemplates, saveTemplate, type PromptRoute } from '../../core/providers/promptLibrary.ts';
import { currentCaption, type Item } from '../../core/model.ts';
import { hfSettings, usePreprocess } from '../../store/preprocess.ts';
import { comparePromptsInWorker } from '../../store/dataClient.ts';
import { fetchItems } from '../../store/queries.ts';
import { scoreAdhoc } from '../../store/scoring.ts';

/** Items spread evenly over the candidates, so a sample is not just the first few imported. */
function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, k) => xs[Math.floor((k * xs.length) / n)]);
}

/** Repair: pairs under the cut. Caption: lone images, or pairs' images when there are none. */
export function promptCandidates(items: Item[], route: PromptRoute, cut: { model: string; value: number }): Item[] {
  if (route === 'repair') return items.filter((i) => i.kind === 'pair' && i.imageHash && (i.scores?.[cut.model] ?? Infinity) < cut.value);
  const lone = items.filter((i) => i.kind === 'image' && i.imageHash);
  return lone.length ? lone : items.filter((i) => i.kind === 'pair' && i.imageHash);
}

export function PromptsDialog({ datasetId, cut, onClose }: { datasetId: string; cut: { model: string; value: number }; onClose: () => void }) {
  const client = useQueryClient();
  const { prompts, setPrompts, setActivePrompt, provider } = usePreprocess();
  const [route, setRoute] = useState<PromptRoute>('repair');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [newId, setNewId] = useState('');
  const [newText, setNewText] = useState('');
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [sampleSize, setSampleSize] = useState(12);
  const [comparing, setComparing] = useState<string | null>(null);
  const [results, setResults] = useState<{ route: PromptRoute; rows: PromptComparison[]; baseline: number | null; sample: number } | null>(null);
  const templates = latestTemplates(prompts, route);
  const key = (id: string) => `${route}:${id}`;

  const save = (id: string, text: string) => {
    try {
      setPrompts(saveTemplate(prompts, route, id, text));
      setError(undefined);
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  };

  const compare = async () => {
    const picked = templates.filter((t) => chosen.has(key(t.id)));
    if (picked.length < 1) return setError('Tick at least one template to compare.');
    setError(undefined);
    setResults(null);
    try {
      setComparing('choosing a sample…');
      const sampleItems = spread(promptCandidates(await fetchItems(client, datasetId), route, cut), Math.max(1, sampleSize));
      if (!sampleItems.length)
        throw new Error(
          route === 'repair'
            ? `no pair scores under the cut ${cut.value.toFixed(3)} — score the pairs first, or move the cut`
            : 'this dataset has no images to caption',
        );
      const sample = sampleItems.map((i) => ({ id: i.id, imageHash: i.imageHash!, caption: currentCaption(i) }));
      let done = 0;
      const total = sample.length * picked.length;
      const score = async (imageHash: string, text: string) => {
        setComparing(`${++done} of ${total} captions scored`);
        const [s] = await scoreAdhoc([{ imageHash, text }]);
        if (!s) throw new Error('the image could not be scored');
        return s.ensemble ?? s[cut.model];
      };
      // The provider runs in the data worker, not on the page; each caption is scored by the scoring worker.
      const { provider: kind } = usePreprocess.getState();
      const rows = await comparePromptsInWorker({ provider: kind, hf: kind === 'hf' ? hfSettings() : undefined, route, templates: picked, sample }, score);
      // For repair, what the captions scored before: the bar every template has to clear.
      const before = route === 'repair' ? await scoreAdhoc(sample.map((s) => ({ imageHash: s.imageHash, text: s.caption ?? '' }))) : [];
      const vals = before.filter((s): s is Record<string, number> => !!s).map((s) => s.ensemble ?? s[cut.model]);
      setResults({ route, rows, baseline: vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null, sample: sample.length });
    } catch (e) {
      setError(`Comparison stopped: ${(e as Error).message}`);
    } finally {
      setComparing(null);
    }
  };

  return (
    <Dialog title="Prompt templates" width="w-[48rem]" onClose={onClose}>
      <p className="mb-2 text-xs text-slate-500">
        Saving a changed template adds a version; captions made earlier keep the version that made them.{' '}
        {provider === 'offline' && 'The offline provider ignores prompts (it reads synthetic scenes), so every template scores the same with it.'}
      </p>
      <div className="mb-3 flex gap-3">
        {(['repair', 'caption'] as const).map((r) => (
          <label key={r}>
            <input type="radio" name="prompt-route" checked={route === r} onChange={() => (setRoute(r), setError(undefined))} />{' '}
            {r === 'repair' ? 'Repair (pairs under the cut; {caption} is the current caption)' : 'Caption (lone images)'}
          </label>
        ))}
      </div>
      <ul className="space-y-2">
        {templates.map((t) => (
          <li key={t.id} className="rounded border p-2" data-testid="prompt-template">
            <div className="mb-1 flex items-center gap-2">
              <label>
                <input type="radio" name={`active-${route}`} checked={prompts.active[route] === t.id} onChange={() => setActivePrompt(route, t.id)} /> use
              </label>
              <span className="font-mono">{t.id}</span>
              <span className="text-xs text-slate-500">v{t.version}</span>
              <label className="ml-auto text-xs">
                <input
                  type="checkbox"
                  aria-label={`compare ${t.id}`}
                  checked={chosen.has(key(t.id))}
                  onChange={(e) =>
                    setChosen((c) => {
                      const n = new Set(c);
                      if (e.target.checked) n.add(key(t.id));
                      else n.delete(key(t.id));
                      return n;
                    })
                  }
                />{' '}
                compare
              </label>
            </div>
            <textarea
              aria-label={`template ${t.id}`}
              className="w-full rounded border px-1 font-mono text-xs"
              rows={2}
              value={drafts[key(t.id)] ?? t.text}
              onChange={(e) => setDrafts({ ...drafts, [key(t.id)]: e.target.value })}
            />
            {drafts[key(t.id)] !== undefined && drafts[key(t.id)] !== t.text && (
              <button
                type="button"
                className="rounded border px-2 text-xs"
                onClick={() => save(t.id, drafts[key(t.id)]) && setDrafts(({ [key(t.id)]: _, ...rest }) => rest)}
              >
                Save as v{t.version + 1}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="mt-2 flex gap-2">
        <input
          aria-label="New template name"
          className="w-40 rounded border px-1"
          placeholder="new-template-name"
          value={newId}
          onChange={(e) => setNewId(e.target.value)}
        />
        <input
          aria-label="New template text"
          className="flex-1 rounded border px-1"
          placeholder={route === 'repair' ? 'Fix this caption: "{caption}"…' : 'Describe this image…'}
          value={newText}
          onChange={(e) => setNewText(e.target.value)}
        />
        <button type="button" className="rounded border px-2" onClick={() => save(newId, newText) && (setNewId(''), setNewText(''))}>
          Add
        </button>
      </div>
      <div className="mt-4 flex items-center gap-2 border-t pt-3">
        <span className="font-medium">Compare the ticked templates on</span>
        <input
          aria-label="Sample size"
          type="number"
          min={1}
          max={200}
          className="w-16 rounded border px-1"
          value={sampleSize}
          onChange={(e) => setSampleSize(Math.min(200, Math.max(1, Number(e.target.value) || 1)))}
        />
        <span>items</span>
        <button type="button" className="rounded border border-sky-400 bg-sky-50 px-3" disabled={!!comparing} onClick={() => void compare()}>
          {comparing ? 'Comparing…' : 'Compare'}
        </button>
        {comparing && <span className="text-xs text-slate-500">{comparing}</span>}
      </div>
      {error && <p className="mt-2 text-xs text-red-700">{error}</p>}
      {results && (
        <table className="mt-3 w-full text-xs" data-testid="prompt-comparison">
          <caption className="mb-1 text-left text-slate-600">
            Mean ensemble CLIP score on {results.sample} {results.route === 'repair' ? 'pairs under the cut' : 'images'}, best first
            {results.baseline !== null && `; their current captions score ${results.baseline.toFixed(3)}`}.
          </caption>
          <thead>
            <tr className="text-left">
              <th>template</th>
              <th>mean</th>
              <th>scored</th>
              <th>failed</th>
              <th>examples</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {results.rows.map((r) => (
              <tr key={r.template.id} className="border-t align-top">
                <td className="font-mono">
                  {r.template.id} v{r.template.version}
                </td>
                <td className="font-mono">{r.meanScore === null ? '—' : r.meanScore.toFixed(3)}</td>
                <td>{r.scored}</td>
                <td title={r.failed.map((f) => f.reason).join('\n')}>{r.failed.length}</td>
                <td>
                  {r.examples.map((x) => (
                    <div key={x.id}>
                      {x.score.toFixed(3)} — {x.text}
                    </div>
                  ))}
                </td>
                <td>
                  <button type="button" className="rounded border px-1" onClick={() => setActivePrompt(results.route, r.template.id)}>
                    Use
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
