// Generate hard negatives for positive pairs: structure shuffles, compositional rewrites (rules or a language model),
// and image edits that match the rewrites. Shared by the browser's data worker and the CLI; what differs (where
// images come from and go to, which provider) comes in as dependencies.

import type { ImageInput, RgbaImage } from '../image/types.ts';
import { encodePng } from '../png.ts';
import { ProviderError, withRetries } from '../retry.ts';
import { parseRewrite, rewritePrompt, REWRITE_PROMPT_VERSION, validateRewrite } from './llm.ts';
import { seedFor } from '../random.ts';
import { COMPOSITIONAL_TYPES, NOT_APPLICABLE, rewriteCaption, type CompositionalType } from './rules.ts';
import { shuffleCaption, shuffleImage, type PatchVariant } from './structure.ts';
import { familyOf, type Negative, type NegativeType } from './types.ts';

export interface Positive {
  id: string;
  datasetId: string;
  text: string;
  imageHash: string;
}

export interface NegativeOptions {
  types: NegativeType[];
  seed: number;
  /** Tiles per side for patch shuffles (2–4). */
  grid: number;
  /** Compositional rewrites by rules or by the provider's language model. */
  generator: 'rules' | 'llm';
  /** Also edit each positive image to match its compositional negatives (I'_C). */
  imageEdits: boolean;
}

export const DEFAULT_NEGATIVE_OPTIONS: NegativeOptions = {
  types: ['color', 'count', 'position', 'verb', 'negation', 'swap', 'trigram-shuffle', 'patch-shuffle'],
  seed: 1,
  grid: 3,
  generator: 'rules',
  imageEdits: false,
};

/**
 * What generation needs from a provider (hosted or offline): a language model's answer to a rewrite prompt, and an
 * image edited to match a caption. Every provider in core/providers has this shape; negatives does not import them.
 */
export interface NegativeProvider {
  readonly name: string;
  rewrite(
    prompt: string,
    request: { caption: string; type: CompositionalType; seed: number },
    signal?: AbortSignal,
  ): Promise<{ raw: string; model: string; provider: string }>;
  editImage(image: ImageInput, text: string, signal?: AbortSignal): Promise<ImageInput & { model: string; provider: string }>;
}

export interface GenerateDeps {
  /** The positive's image, decoded, and its bytes (for the provider). */
  loadImage: (hash: string) => Promise<{ rgba: RgbaImage; input: ImageInput }>;
  /** Store a negative image; returns its content hash. */
  putImage: (bytes: Uint8Array, mime: string) => Promise<string>;
  provider?: NegativeProvider;
  /** Ids that exist already: not generated again, so their decisions stay. */
  existing?: Set<string>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  now?: () => string;
  /** Attempts for a provider call that fails in a way worth retrying. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Skipped {
  itemId: string;
  type: string;
  reason: string;
}

export interface GenerateResult {
  negatives: Negative[];
  skipped: Skipped[];
  /** Per type: how many were made and the milliseconds spent making them. */
  timing: Record<string, { count: number; ms: number }>;
}

const PATCH: Partial<Record<NegativeType, PatchVariant>> = { 'patch-shuffle': 'patches', 'row-shuffle': 'rows', 'column-shuffle': 'columns' };

export function negativeId(itemId: string, type: string, generator: string, seed: number): string {
  return `${itemId}|${type}|${generator}|${seed}`;
}

export async function generateNegatives(positives: Positive[], options: NegativeOptions, deps: GenerateDeps): Promise<GenerateResult> {
  const now = deps.now ?? (() => new Date().toISOString());
  const negatives: Negative[] = [];
  const skipped: Skipped[] = [];
  const timing: GenerateResult['timing'] = {};
  const time = async <T>(type: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      const t = (timing[type] ??= { count: 0, ms: 0 });
      t.ms += performance.now() - t0;
    }
  };
  const add = (n: Negative) => {
    negatives.push(n);
    (timing[n.family === 'image-edit' ? `${n.type} (image edit)` : n.type] ??= { count: 0, ms: 0 }).count++;
  };
  const compositionalGenerator = options.generator === 'llm' ? `llm:${deps.provider?.name ?? '?'}` : 'rules';
  if (options.generator === 'llm' && !deps.provider) throw new Error('LLM rewrites need a provider — choose one in Settings, or use the rules generator');
  if (options.imageEdits && !deps.provider) throw new Error('image edits need a provider — choose one in Settings');

  let done = 0;
  for (const p of positives) {
    if (deps.signal?.aborted) throw new Error('negative generation cancelled');
    const base = (type: NegativeType, generator: string, seed: number) => ({
      id: negativeId(p.id, type, generator, seed),
      datasetId: p.datasetId,
      itemId: p.id,
      family: familyOf(type),
      type,
      generator,
      seed,
      positiveText: p.text,
      positiveImageHash: p.imageHash,
      status: 'pending' as const,
      createdAt: now(),
    });
    let image: { rgba: RgbaImage; input: ImageInput } | undefined;
    const loadImage = async () => (image ??= await deps.loadImage(p.imageHash));
    for (const type of options.types) {
      // From content, not the item's id: the same pair and run seed give the same negative in every run and shard.
      const seed = seedFor(options.seed, p.imageHash, p.text, type);
      try {
        if (type === 'trigram-shuffle' || type === 'within-trigram-shuffle') {
          if (deps.existing?.has(negativeId(p.id, type, 'structure', seed))) continue;
          const text = await time(type, async () => shuffleCaption(p.text, seed, type));
          if (!text) skipped.push({ itemId: p.id, type, reason: 'the caption has too few distinct words to shuffle' });
          else add({ ...base(type, 'structure', seed), modality: 'text', text });
        } else if (PATCH[type]) {
          if (deps.existing?.has(negativeId(p.id, type, 'structure', seed))) continue;
          const made = await time(type, async () => {
            const { rgba } = await loadImage();
            const out = shuffleImage(rgba, options.grid, seed, PATCH[type]);
            return out && { hash: await deps.putImage(encodePng(out.image.width, out.image.height, out.image.data), 'image/png') };
          });
          if (!made) skipped.push({ itemId: p.id, type, reason: 'the image is uniform: every shuffle looks the same' });
          else add({ ...base(type, 'structure', seed), modality: 'image', imageHash: made.hash, grid: options.grid });
        } else {
          const ctype = type as CompositionalType;
          const id = negativeId(p.id, type, compositionalGenerator, seed);
          let neg: Negative | undefined;
          if (!deps.existing?.has(id)) {
            const made = await time(type, async () => {
              if (options.generator === 'rules') {
                const r = rewriteCaption(p.text, ctype, seed);
                if (!r) throw new ProviderError(NOT_APPLICABLE[ctype], false);
                return { text: r.text, change: { from: r.from, to: r.to } };
              }
              return withRetries(async () => {
                const prompt = rewritePrompt(ctype, p.text);
                const answer = await deps.provider!.rewrite(prompt, { caption: p.text, type: ctype, seed }, deps.signal);
                const parsed = parseRewrite(answer.raw);
                const text = validateRewrite(p.text, ctype, parsed);
                return { text, change: parsed.from && parsed.to ? { from: parsed.from, to: parsed.to } : undefined, model: answer.model };
              }, deps);
            });
            neg = {
              ...base(type, options.generator === 'llm' ? `llm:${(made as { model?: string }).model ?? deps.provider!.name}` : 'rules', seed),
              id,
              modality: 'text',
              text: made.text,
              change: made.change,
              ...(options.generator === 'llm' ? { prompt: `rewrite-${type} v${REWRITE_PROMPT_VERSION}` } : {}),
            };
            add(neg);
          }
          if (options.imageEdits && neg?.text) {
            const editId = negativeId(p.id, type, `edit:${deps.provider!.name}`, seed);
            if (deps.existing?.has(editId)) continue;
            try {
              const edited = await time(`${type} (image edit)`, async () => {
                const { input } = await loadImage();
                const out = await withRetries(() => deps.provider!.editImage(input, neg!.text!, deps.signal), deps);
                return { hash: await deps.putImage(out.bytes, out.mime), model: out.model };
              });
              add({
                ...base(type, `edit:${edited.model}`, seed),
                id: editId,
                family: 'image-edit',
                modality: 'image',
                text: neg.text,
                imageHash: edited.hash,
                change: neg.change,
              });
            } catch (e) {
              skipped.push({ itemId: p.id, type: `${type} (image edit)`, reason: (e as Error).message });
            }
          }
        }
      } catch (e) {
        skipped.push({ itemId: p.id, type, reason: (e as Error).message });
      }
    }
    deps.onProgress?.(++done, positives.length);
  }
  return { negatives, skipped, timing };
}

export { COMPOSITIONAL_TYPES };
