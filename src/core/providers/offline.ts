// The offline provider: the synthetic world stands in for hosted models. Its "VLM" reads scenes from pixels, its
// "text-to-image" and "editor" render scenes for captions of the synthetic language. It knows nothing else.

import type { RgbaImage } from '../image/types.ts';
import { DEMO_IMAGE_SIZE } from '../synth/demo.ts';
import { perceiveScene } from '../synth/perceive.ts';
import { renderScenePng } from '../synth/render.ts';
import { captionText, describeScene, parseCaption, sceneFor } from '../synth/scene.ts';
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

  private async describe(image: ImageInput, prompt: PromptTemplate): Promise<CaptionResult> {
    const scene = perceiveScene(await this.decode(image));
    if (!scene.objects.length)
      throw new ProviderError(
        'the offline provider found no synthetic objects in this image — it only reads synthetic scenes; use the hosted provider for real images',
        false,
      );
    return { text: captionText(describeScene(scene)), model: OFFLINE_VLM, provider: this.name, prompt };
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
