// The prompt-comparison job: the chosen provider captions (or repairs) a sample with each template, here in the
// worker rather than on the page; the page scores each caption through the scoring worker.

import { comparePrompts, type PromptComparison, type PromptSample } from '../../core/providers/prompts.ts';
import { imageRecord } from '../../persist/images.ts';
import type { ComparePromptsRequest } from '../dataProtocol.ts';
import { providerFor } from '../provider.ts';
import { db } from './context.ts';

export async function runComparePrompts(
  request: ComparePromptsRequest,
  score: (imageHash: string, text: string) => Promise<number>,
): Promise<PromptComparison[]> {
  const sample: PromptSample[] = [];
  for (const s of request.sample) {
    const rec = await imageRecord(db, s.imageHash);
    if (rec) sample.push({ ...s, image: { bytes: new Uint8Array(await rec.blob.arrayBuffer()), mime: rec.mime } });
  }
  return comparePrompts(providerFor(request.provider, request.hf), request.route, request.templates, sample, score);
}
