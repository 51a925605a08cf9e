// Routing (§4 of the paper): which items need a provider, and how a result becomes a new version of the item.
// The original is always kept; one command reverts to it.

import { sniffImage } from '../import/image.ts';
import { currentCaption, type Item } from '../model.ts';
import type { CaptionResult, ImageResult } from './types.ts';

export type Route = 'caption' | 'repair' | 'generate';

/** A lone image needs a caption, a lone text an image, and a pair under the cut a repaired caption. */
export function routeFor(item: Item, cut?: { model: string; value: number }): Route | undefined {
  if (item.kind === 'image') return 'caption';
  if (item.kind === 'text') return 'generate';
  const score = cut ? item.scores?.[cut.model] : undefined;
  if (cut && typeof score === 'number' && score < cut.value && item.status !== 'accepted') return 'repair';
  return undefined;
}

/** A caption from a provider becomes the item's current caption, with its provenance; the item goes back to review. */
export function withGeneratedCaption(item: Item, result: CaptionResult, jobId: string, at: string): Item {
  if (item.captions.some((c) => c.provenance.jobId === jobId)) return item;
  const version = {
    text: result.text.trim(),
    provenance: {
      origin: 'generated' as const,
      at,
      model: result.model,
      provider: result.provider,
      prompt: result.prompt?.id,
      promptVersion: result.prompt ? String(result.prompt.version) : undefined,
      jobId,
    },
  };
  const { decision: _d, ...rest } = item;
  // A new caption means new scores are needed and a new review.
  return { ...rest, kind: 'pair', captions: [...item.captions, version], status: 'pending', scores: undefined };
}

/** An image from a provider turns a lone text into a pair; where it came from is kept with the item. */
export function withGeneratedImage(item: Item, imageHash: string, result: ImageResult, jobId: string, at: string): Item {
  if ((item.extra?.image_provenance as { jobId?: string } | undefined)?.jobId === jobId) return item;
  const { decision: _d, ...rest } = item;
  const info = sniffImage(result.bytes);
  return {
    ...rest,
    kind: 'pair',
    imageHash,
    imageName: `generated/${imageHash.slice(0, 20)}`,
    imageSize: 'error' in info ? undefined : [info.width, info.height],
    status: 'pending',
    scores: undefined,
    extra: { ...item.extra, image_provenance: { origin: 'generated', at, model: result.model, provider: result.provider, jobId } },
  };
}

/** Back to the original: the first caption again (as a new version, so the history stays), and no generated image. */
export function revertToOriginal(item: Item, by: string, at: string): Item {
  const original = item.captions[0];
  let next: Item = { ...item };
  if (original && currentCaption(item) !== original.text)
    next.captions = [...item.captions, { text: original.text, provenance: { origin: 'reverted', at, by } }];
  const imageProvenance = item.extra?.image_provenance as { origin?: string } | undefined;
  if (imageProvenance?.origin === 'generated') {
    const { image_provenance: _p, ...extra } = item.extra!;
    next = { ...next, kind: 'text', imageHash: undefined, imageName: undefined, imageSize: undefined, extra };
  } else if (!original && item.captions.length) next = { ...next, kind: 'image', captions: [] };
  return { ...next, scores: undefined, status: 'pending', decision: undefined };
}
