// Which provider preprocesses (offline or hosted), its settings, and the state of a routes run.
// The access token is kept in this browser's localStorage only: never exported, logged or put in a URL.

import { durableReady, setDurable } from './durable.ts';
import { create } from 'zustand';
import { HF_DEFAULTS, type HfSettings } from '../core/providers/hf.ts';
import type { QueueCounts } from '../core/providers/queue.ts';
import { activeTemplate, parseLibrary, type PromptLibrary, type PromptRoute } from '../core/providers/promptLibrary.ts';
import type { PromptTemplate } from '../core/providers/types.ts';

type Stored = Omit<HfSettings, 'token'>;

function load<T>(key: string, fallback: T): T {
  try {
    const v = typeof localStorage === 'undefined' ? null : localStorage.getItem(key);
    return v ? { ...fallback, ...JSON.parse(v) } : fallback;
  } catch {
    return fallback;
  }
}

interface PreprocessState {
  provider: 'offline' | 'hf';
  hf: Stored;
  token: string;
  running: boolean;
  paused: boolean;
  counts: QueueCounts | null;
  /** Caption and repair prompt templates, every version kept. */
  prompts: PromptLibrary;
  setPrompts: (lib: PromptLibrary) => void;
  setActivePrompt: (route: PromptRoute, id: string) => void;
  setProvider: (p: 'offline' | 'hf') => void;
  setHf: (s: Partial<Stored>) => void;
  setToken: (t: string) => void;
  set: (s: Partial<Pick<PreprocessState, 'running' | 'paused' | 'counts'>>) => void;
}

// After a crash, IndexedDB may hold newer prompt templates than localStorage had at load.
void durableReady.then(() => {
  if (typeof localStorage === 'undefined') return;
  const prompts = parseLibrary(localStorage.getItem('cc.prompts'));
  if (JSON.stringify(prompts) !== JSON.stringify(usePreprocess.getState().prompts)) usePreprocess.setState({ prompts });
});

export const usePreprocess = create<PreprocessState>((set, get) => ({
  provider: (typeof localStorage !== 'undefined' && (localStorage.getItem('cc.provider') as 'offline' | 'hf')) || 'offline',
  hf: load<Stored>('cc.hf', HF_DEFAULTS),
  token: (typeof localStorage !== 'undefined' && localStorage.getItem('cc.hfToken')) || '',
  running: false,
  paused: false,
  counts: null,
  prompts: parseLibrary(typeof localStorage === 'undefined' ? null : localStorage.getItem('cc.prompts')),
  setPrompts: (prompts) => {
    setDurable('cc.prompts', JSON.stringify(prompts));
    set({ prompts });
  },
  setActivePrompt: (route, id) => get().setPrompts({ ...get().prompts, active: { ...get().prompts.active, [route]: id } }),
  setProvider: (provider) => {
    localStorage.setItem('cc.provider', provider);
    set({ provider });
  },
  setHf: (s) => {
    const hf = { ...get().hf, ...s };
    localStorage.setItem('cc.hf', JSON.stringify(hf));
    set({ hf });
  },
  setToken: (token) => {
    localStorage.setItem('cc.hfToken', token);
    set({ token });
  },
  set: (s) => set(s),
}));

export function hfSettings(): HfSettings {
  const { hf, token } = usePreprocess.getState();
  return { ...hf, token: token || undefined };
}

/** The templates the routes use now. */
export function activePrompts(): Record<PromptRoute, PromptTemplate> {
  const { prompts } = usePreprocess.getState();
  return { caption: activeTemplate(prompts, 'caption'), repair: activeTemplate(prompts, 'repair') };
}
