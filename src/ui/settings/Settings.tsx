// Settings: which CLIP models verify pairs (bundled, a Hub model id, or a base URL) and which backend runs them.

import { Dialog } from '../shell/Dialog.tsx';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { BUNDLED_MODELS, checkModel, modelSpecFor, useScoring } from '../../store/scoring.ts';
import type { BackendPreference } from '../../store/scoring.ts';
import { usePreprocess } from '../../store/preprocess.ts';
import { INT8_SUFFIX } from '../../core/clip/modelFiles.ts';
import { count } from '../../core/words.ts';

export function Settings({ onClose }: { onClose: () => void }) {
  const { models, preference, setModels, setPreference, backend } = useScoring();
  const [draft, setDraft] = useState('');
  const [int8, setInt8] = useState(false);
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);
  // A model is checked when it is added: one that cannot be reached says why, and is not added.
  const add = async () => {
    setChecking(true);
    try {
      const spec = modelSpecFor(int8 && !draft.trim().endsWith(INT8_SUFFIX) ? draft.trim() + INT8_SUFFIX : draft);
      if (models.some((m) => m.id === spec.id)) throw new Error(`${spec.id} is already in the list`);
      await checkModel(spec);
      setModels([...models, spec]);
      setDraft('');
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setChecking(false);
    }
  };
  return (
    <Dialog title="Settings" width="w-[36rem]" onClose={onClose}>
      <section className="mb-4">
        <h3 className="mb-1 font-medium">Verification models</h3>
        <p className="mb-2 text-xs text-slate-500">
          Each pair is scored by every model here; the ensemble is their mean. The bundled tiny models know only the synthetic demo world. Add a real model by
          its Hugging Face id (an ONNX export in the Hub layout: <code>onnx/vision_model.onnx</code>, <code>onnx/text_model.onnx</code>,{' '}
          <code>tokenizer.json</code>, …) or by a base URL. Its int8 weights (<code>onnx/*_quantized.onnx</code>, which most exports ship) run 2–3× faster on a
          CPU and score as a model of their own, <code>…{INT8_SUFFIX}</code>.
        </p>
        <ul className="mb-2 space-y-1">
          {models.map((m) => (
            <li key={m.id} className="flex items-center gap-2">
              <span className="font-mono">{m.id}</span>
              <span className="truncate text-xs text-slate-500">{m.baseUrl}</span>
              <button
                type="button"
                className="ml-auto rounded border px-2 text-xs disabled:opacity-40"
                disabled={models.length === 1}
                onClick={() => setModels(models.filter((x) => x.id !== m.id))}
              >
                remove
              </button>
            </li>
          ))}
        </ul>
        <div className="flex gap-2">
          <input
            aria-label="Model id or URL"
            className="flex-1 rounded border px-2 py-1"
            placeholder="Xenova/clip-vit-base-patch32 or https://…/"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void add()}
          />
          <label className="flex items-center gap-1 text-xs" title="load onnx/vision_model_quantized.onnx and onnx/text_model_quantized.onnx">
            <input type="checkbox" checked={int8} onChange={(e) => setInt8(e.target.checked)} />
            int8
          </label>
          <button type="button" className="rounded border px-3 disabled:opacity-40" disabled={checking} onClick={() => void add()}>
            {checking ? 'Checking…' : 'Add'}
          </button>
          <button type="button" className="rounded border px-3" onClick={() => setModels(BUNDLED_MODELS)}>
            Reset
          </button>
        </div>
        {error && (
          <p className="mt-1 text-xs text-red-700" data-testid="model-error">
            {error}
          </p>
        )}
      </section>
      <Int8Variants />
      <ProviderSettings />
      <section>
        <h3 className="mb-1 font-medium">Backend</h3>
        {(['auto', 'webgpu', 'wasm'] as BackendPreference[]).map((p) => (
          <label key={p} className="mr-4">
            <input type="radio" checked={preference === p} onChange={() => setPreference(p)} />{' '}
            {p === 'auto' ? 'WebGPU when available, else WASM' : p === 'webgpu' ? 'WebGPU' : 'WASM (CPU)'}
          </label>
        ))}
        {backend && (
          <p className="mt-1 text-xs text-slate-500">
            In use: {backend.backend}
            {backend.backend === 'wasm' ? ` with ${backend.threads} threads` : ` (${backend.adapter})`}
            {backend.decodeWorkers === 0
              ? ', images decoded between batches'
              : backend.decodeWorkers
                ? `, ${count(backend.decodeWorkers, 'decode worker')}`
                : ''}
            {backend.note ? ` — ${backend.note}` : ''}
          </p>
        )}
      </section>
    </Dialog>
  );
}

interface Int8Figures {
  pairs: number;
  spearman_vs_fp32: number;
  max_cosine_diff: number;
  verdicts_changed_at_fp32_cut: number;
  node_pairs_per_s_fp32: number;
  node_pairs_per_s_int8: number;
}

/** The bundled models' int8 variants, with the agreement measured when they were made (bench/int8.bench.ts). */
function Int8Variants() {
  const { models, setModels } = useScoring();
  const { data } = useQuery({
    queryKey: ['bundled-int8'],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () =>
      Promise.all(
        BUNDLED_MODELS.map(async (m) => {
          const res = await fetch(`${m.baseUrl}manifest.json`);
          const manifest = res.ok ? ((await res.json()) as { int8?: Int8Figures }) : {};
          return { spec: { id: m.id + INT8_SUFFIX, baseUrl: m.baseUrl }, figures: manifest.int8 };
        }),
      ),
  });
  const variants = (data ?? []).filter((v) => v.figures);
  if (!variants.length) return null;
  return (
    <section className="mb-4" aria-label="int8 variants">
      <h3 className="mb-1 font-medium">Bundled int8 variants</h3>
      <ul className="space-y-1 text-xs">
        {variants.map(({ spec, figures: f }) => {
          const present = models.some((m) => m.id === spec.id);
          return (
            <li key={spec.id} className="flex items-center gap-2">
              <span className="shrink-0 whitespace-nowrap font-mono">{spec.id}</span>
              <span className="text-slate-500">
                ranks {f!.pairs} held-out demo pairs like fp32 (Spearman {f!.spearman_vs_fp32}, largest difference {f!.max_cosine_diff},{' '}
                {f!.verdicts_changed_at_fp32_cut} verdicts changed); {f!.node_pairs_per_s_int8} vs {f!.node_pairs_per_s_fp32} pairs/s on a CPU
              </span>
              <button type="button" className="ml-auto rounded border px-2 disabled:opacity-40" disabled={present} onClick={() => setModels([...models, spec])}>
                {present ? 'added' : 'add'}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ProviderSettings() {
  const { provider, hf, token, setProvider, setHf, setToken } = usePreprocess();
  const field = (label: string, key: keyof typeof hf, placeholder = '') => (
    <label className="flex items-center gap-2 text-xs">
      <span className="w-40">{label}</span>
      <input
        aria-label={label}
        className="flex-1 rounded border px-1 py-0.5"
        placeholder={placeholder}
        value={(hf[key] as string) ?? ''}
        onChange={(e) => setHf({ [key]: e.target.value || undefined })}
      />
    </label>
  );
  return (
    <section className="mb-4">
      <h3 className="mb-1 font-medium">Preprocessing provider</h3>
      <label className="mr-4">
        <input type="radio" checked={provider === 'offline'} onChange={() => setProvider('offline')} /> offline (synthetic scenes only)
      </label>
      <label>
        <input type="radio" checked={provider === 'hf'} onChange={() => setProvider('hf')} /> Hugging Face
      </label>
      {provider === 'hf' && (
        <div className="mt-2 space-y-1">
          <label className="flex items-center gap-2 text-xs">
            <span className="w-40">Access token</span>
            <input
              aria-label="Access token"
              type="password"
              autoComplete="off"
              className="flex-1 rounded border px-1 py-0.5"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </label>
          <p className="text-xs text-slate-500">
            Stored only in this browser; sent only as a header to the endpoint below (or Hugging Face); never exported or logged.
          </p>
          {field('Inference provider', 'provider', 'auto')}
          {field('Chat endpoint URL (optional)', 'chatEndpointUrl', 'https://…endpoints.huggingface.cloud')}
          {field('Image endpoint URL (optional)', 'imageEndpointUrl')}
          {field('VLM (caption, repair)', 'vlmModel')}
          {field('Text-to-image model', 'textToImageModel')}
          {field('Image-edit model', 'editModel')}
          <label className="flex items-center gap-2 text-xs">
            <span className="w-40">Request timeout (s)</span>
            <input
              aria-label="Request timeout (s)"
              type="number"
              min={1}
              max={600}
              className="w-20 rounded border px-1 py-0.5"
              value={hf.timeoutSeconds ?? 120}
              onChange={(e) => setHf({ timeoutSeconds: Math.min(600, Math.max(1, Number(e.target.value) || 120)) })}
            />
            <span className="text-slate-500">a request with no answer by then is retried</span>
          </label>
        </div>
      )}
    </section>
  );
}
