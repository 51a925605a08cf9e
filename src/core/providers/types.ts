// One interface for every provider of captions and images: hosted models (hf) or the synthetic world (offline).

import type { ImageInput } from '../image/types.ts';
import type { CompositionalType } from '../negatives/rules.ts';

/** A prompt template with a version, so every generated caption can say which prompt made it. */
export interface PromptTemplate {
  id: string;
  version: number;
  /** {caption} is replaced by the current caption (repair prompts). */
  text: string;
}

export interface CaptionResult {
  text: string;
  model: string;
  provider: string;
  prompt?: PromptTemplate;
}

export interface ImageResult {
  bytes: Uint8Array;
  mime: string;
  model: string;
  provider: string;
}

export interface RewriteResult {
  raw: string;
  model: string;
  provider: string;
}

export interface Provider {
  readonly name: string;
  /** A caption for a lone image. */
  caption(image: ImageInput, prompt: PromptTemplate, signal?: AbortSignal): Promise<CaptionResult>;
  /** A caption that describes the image, from a caption that does not. */
  repair(image: ImageInput, caption: string, prompt: PromptTemplate, signal?: AbortSignal): Promise<CaptionResult>;
  /** An image for a lone text. */
  textToImage(text: string, signal?: AbortSignal): Promise<ImageResult>;
  /**
   * A language model's raw answer to a rewrite prompt (hard negatives): JSON as the prompt asks, validated by the
   * caller. `type` and `seed` let a provider without a language model (offline) answer by rules.
   */
  rewrite(prompt: string, request: { caption: string; type: CompositionalType; seed: number }, signal?: AbortSignal): Promise<RewriteResult>;
  /** An image edited to match a rewritten caption (hard negatives). */
  editImage(image: ImageInput, text: string, signal?: AbortSignal): Promise<ImageResult>;
}

export const DEFAULT_PROMPTS: Record<'caption' | 'repair', PromptTemplate> = {
  caption: {
    id: 'caption-plain',
    version: 1,
    text: 'Describe this image in one short sentence: the objects, their colours, how many, and where they are relative to each other.',
  },
  repair: {
    id: 'repair-plain',
    version: 1,
    text: 'This caption may not match the image: "{caption}". Write one short sentence that describes the image correctly, keeping what is right in the caption.',
  },
};

/** Alternatives shipped for comparison ("compare prompts"); users add their own. */
export const ALTERNATIVE_PROMPTS: Record<'caption' | 'repair', PromptTemplate[]> = {
  caption: [
    {
      id: 'caption-counting',
      version: 1,
      text: 'List what is in this image as one caption: say how many of each object there are, their colour and size, and one spatial relation if there are two objects.',
    },
    { id: 'caption-short', version: 1, text: 'Caption this image in at most eight words.' },
  ],
  repair: [{ id: 'repair-rewrite', version: 1, text: 'Ignore this caption if it is wrong: "{caption}". Write a new one-sentence caption of the image.' }],
};
