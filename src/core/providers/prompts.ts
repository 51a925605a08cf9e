// Prompt engineering with evidence: run K caption (or repair) templates on the same N items and compare the mean
// CLIP score of what each produced, with a few examples, so the user picks a template by its results.

import type { PromptTemplate, Provider } from './types.ts';
import type { ImageInput } from '../image/types.ts';

export interface PromptSample {
  id: string;
  image: ImageInput;
  imageHash: string;
  /** The current caption (for repair templates). */
  caption?: string;
}

export interface PromptComparison {
  template: PromptTemplate;
  scored: number;
  failed: { id: string; reason: string }[];
  meanScore: number | null;
  examples: { id: string; text: string; score: number }[];
}

/** Best template first. `score` gives the CLIP score of a caption for an image (e.g. the ensemble). */
export async function comparePrompts(
  provider: Provider,
  route: 'caption' | 'repair',
  templates: PromptTemplate[],
  sample: PromptSample[],
  score: (imageHash: string, text: string) => Promise<number>,
  examples = 3,
): Promise<PromptComparison[]> {
  const out: PromptComparison[] = [];
  for (const template of templates) {
    const results: { id: string; text: string; score: number }[] = [];
    const failed: { id: string; reason: string }[] = [];
    for (const s of sample) {
      try {
        const r = route === 'caption' ? await provider.caption(s.image, template) : await provider.repair(s.image, s.caption ?? '', template);
        results.push({ id: s.id, text: r.text, score: await score(s.imageHash, r.text) });
      } catch (e) {
        failed.push({ id: s.id, reason: (e as Error).message });
      }
    }
    const mean = results.length ? results.reduce((a, r) => a + r.score, 0) / results.length : null;
    out.push({ template, scored: results.length, failed, meanScore: mean, examples: results.slice(0, examples) });
  }
  return out.sort((a, b) => (b.meanScore ?? -Infinity) - (a.meanScore ?? -Infinity));
}
