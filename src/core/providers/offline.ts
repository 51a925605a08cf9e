// The offline provider: the synthetic world stands in for hosted models. Its "VLM" reads scenes from pixels, its
// "text-to-image" and "editor" render scenes for captions of the synthetic language. It knows nothing else.

import type { RgbaImage } from '../image/types.ts';
import { DEMO_IMAGE_SIZE } from '../synth/demo.ts';
import { perceiveScene, SYNTHETIC_SCENE_MIN, sceneLikeness } from '../synth/perceive.ts';
import { renderScenePng } from '../synth/render.ts';
import { captionText, describeScene, NUMBER_WORDS, parseCaption, sceneFor } from '../synth/scene.ts';
import { rewriteCaption, type CompositionalType } from '../negatives/rules.ts';
import type { CaptionResult, ImageResult, PromptTemplate, Provider, RewriteResult } from './types.ts';
import { ProviderError } from '../retry.ts';
import type { ImageInput } from '../image/types.ts';

export const OFFLINE_VLM = 'offline/scene-reader';
export const OFFLINE_T2I = 'offline/scene-renderer';
export const OFFLINE_LLM = 'offline/rules';

/** A seed from the text, so the same caption always renders the same image. */
function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class OfflineProvider implements Provider {
  readonly name = 'offline';
  constructor(private readonly decode: (image: ImageInput) => Promise<RgbaImage>) {}

  /** A caption for a synthetic scene; anything else is refused with the reason, never described with made-up words. */
  private async describe(image: ImageInput, prompt: PromptTemplate): Promise<CaptionResult> {
    const pixels = await this.decode(image);
    const likeness = sceneLikeness(pixels);
    if (likeness < SYNTHETIC_SCENE_MIN)
      throw new ProviderError(
        `the offline provider reads only synthetic scenes, and this is not one (${Math.round(likeness * 100)}% of its pixels are a scene's background or colours) — use the hosted provider (Settings) for real images`,
        false,
      );
    const scene = perceiveScene(pixels);
    if (!scene.objects.length)
      throw new ProviderError(
        'the offline provider found no synthetic objects in this image — it only reads synthetic scenes; use the hosted provider for real images',
        false,
      );
    const counts = new Map<string, number>();
    for (const o of scene.objects) counts.set(`${o.color} ${o.shape}`, (counts.get(`${o.color} ${o.shape}`) ?? 0) + 1);
    if (Math.max(...counts.values()) >= NUMBER_WORDS.length)
      throw new ProviderError(
        `the offline provider counts at most ${NUMBER_WORDS.length - 1} objects of a kind, and this image has more — it cannot caption it truthfully`,
        false,
      );
    const text = captionText(describeScene(scene));
    // The last guard: a caption made of words that are not words is refused, not written.
    if (/undefined|NaN|\[object|null/.test(text)) throw new ProviderError(`the offline provider could not describe this image (it produced "${text}")`, false);
    return { text, model: OFFLINE_VLM, provider: this.name, prompt };
  }

  caption(image: ImageInput, prompt: PromptTemplate): Promise<CaptionResult> {
    return this.describe(image, prompt);
  }

  repair(image: ImageInput, _caption: string, prompt: PromptTemplate): Promise<CaptionResult> {
    return this.describe(image, prompt);
  }

  async textToImage(text: string): Promise<ImageResult> {
    const caption = parseCaption(text);
    if (!caption) throw new ProviderError(`"${text}" is not a caption of the synthetic language — the offline provider can only draw synthetic scenes`, false);
    const bytes = renderScenePng(sceneFor(caption, seedOf(text)), DEMO_IMAGE_SIZE, seedOf(text));
    return { bytes, mime: 'image/png', model: OFFLINE_T2I, provider: this.name };
  }

  /** No language model here: the rule rewriter answers in the format the prompt asks for. */
  async rewrite(_prompt: string, { caption, type, seed }: { caption: string; type: CompositionalType; seed: number }): Promise<RewriteResult> {
    const r = rewriteCaption(caption, type, seed);
    const raw = r ? JSON.stringify({ possible: true, changed_from: r.from, changed_to: r.to, sentence: r.text }) : JSON.stringify({ possible: false });
    return { raw, model: OFFLINE_LLM, provider: this.name };
  }

  async editImage(_image: ImageInput, text: string): Promise<ImageResult> {
    // Re-rendering the scene the edited caption describes is this world's image editor.
    return this.textToImage(text);
  }
}
