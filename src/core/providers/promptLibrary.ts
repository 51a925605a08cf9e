// Editable prompt templates with versions. Editing a template never changes what an earlier version made: it adds a
// version, and every generated caption records the id and version of the template that produced it.

import { ALTERNATIVE_PROMPTS, DEFAULT_PROMPTS, type PromptTemplate } from './types.ts';

export type PromptRoute = 'caption' | 'repair';

export interface PromptLibrary {
  /** Every version of every template, per route, oldest first. */
  versions: Record<PromptRoute, PromptTemplate[]>;
  /** The template id each route uses now (its latest version). */
  active: Record<PromptRoute, string>;
}

export function defaultLibrary(): PromptLibrary {
  return {
    versions: { caption: [DEFAULT_PROMPTS.caption, ...ALTERNATIVE_PROMPTS.caption], repair: [DEFAULT_PROMPTS.repair, ...ALTERNATIVE_PROMPTS.repair] },
    active: { caption: DEFAULT_PROMPTS.caption.id, repair: DEFAULT_PROMPTS.repair.id },
  };
}

/** The latest version of each template of a route, in the order they were first added. */
export function latestTemplates(lib: PromptLibrary, route: PromptRoute): PromptTemplate[] {
  const latest = new Map<string, PromptTemplate>();
  for (const t of lib.versions[route]) if ((latest.get(t.id)?.version ?? 0) < t.version) latest.set(t.id, t);
  return [...latest.values()];
}

export function activeTemplate(lib: PromptLibrary, route: PromptRoute): PromptTemplate {
  return latestTemplates(lib, route).find((t) => t.id === lib.active[route]) ?? DEFAULT_PROMPTS[route];
}

/** Why a template text cannot be used, or null. */
export function templateProblem(route: PromptRoute, text: string): string | null {
  if (!text.trim()) return 'the template is empty';
  if (text.length > 2000) return `the template is ${text.length} characters long; keep it under 2,000`;
  if (route === 'repair' && !text.includes('{caption}')) return 'a repair template must contain {caption}, where the current caption goes';
  return null;
}

/** Save a template's text: a new template (version 1), or a new version of an existing one when the text changed. */
export function saveTemplate(lib: PromptLibrary, route: PromptRoute, id: string, text: string): PromptLibrary {
  const cleanId = id.trim();
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(cleanId)) throw new Error(`"${id}" is not a template name: use lower-case letters, digits and dashes (at most 40)`);
  const problem = templateProblem(route, text);
  if (problem) throw new Error(`${cleanId}: ${problem}`);
  const current = latestTemplates(lib, route).find((t) => t.id === cleanId);
  if (current?.text === text) return lib;
  const next: PromptTemplate = { id: cleanId, version: (current?.version ?? 0) + 1, text };
  return { ...lib, versions: { ...lib.versions, [route]: [...lib.versions[route], next] } };
}

/** Read a stored library, keeping what is valid; the shipped defaults fill what is missing. */
export function parseLibrary(json: string | null): PromptLibrary {
  const base = defaultLibrary();
  if (!json) return base;
  try {
    const raw = JSON.parse(json) as Partial<PromptLibrary>;
    const out: PromptLibrary = { versions: { caption: [], repair: [] }, active: { ...base.active } };
    for (const route of ['caption', 'repair'] as const) {
      const list = Array.isArray(raw.versions?.[route]) ? raw.versions![route] : [];
      const valid = list.filter((t) => t && typeof t.id === 'string' && Number.isInteger(t.version) && typeof t.text === 'string');
      out.versions[route] = valid.length ? valid : base.versions[route];
      if (typeof raw.active?.[route] === 'string' && out.versions[route].some((t) => t.id === raw.active![route])) out.active[route] = raw.active[route];
    }
    return out;
  } catch {
    return base;
  }
}
