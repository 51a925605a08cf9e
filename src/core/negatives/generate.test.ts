import { describe, expect, it } from 'vitest';
import { contentHash } from '../import/image.ts';
import { decodePng } from '../png.ts';
import { OfflineProvider } from '../providers/offline.ts';
import type { Provider } from '../providers/types.ts';
import { ProviderError } from '../retry.ts';
import { DEMO_IMAGE_SIZE, demoItems } from '../synth/demo.ts';
import { renderScenePng } from '../synth/render.ts';
import { generateNegatives, type GenerateDeps, type Positive } from './generate.ts';
import { NEGATIVE_TYPES } from './types.ts';

function world() {
  const images = new Map<string, Uint8Array>();
  const positives: Positive[] = [];
  return (async () => {
    for (const [i, d] of demoItems(5, 30).entries()) {
      if (d.kind !== 'pair' || !d.match) continue;
      const png = renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!);
      const hash = await contentHash(png);
      images.set(hash, png);
      positives.push({ id: `item-${i}`, datasetId: 'd', text: d.caption!, imageHash: hash });
    }
    const decode = (bytes: Uint8Array) => {
      const { width, height, data } = decodePng(bytes);
      return { width, height, data: new Uint8ClampedArray(data) };
    };
    const deps = (provider?: Provider): GenerateDeps => ({
      loadImage: async (hash) => ({ rgba: decode(images.get(hash)!), input: { bytes: images.get(hash)!, mime: 'image/png' } }),
      putImage: async (bytes) => {
        const h = await contentHash(bytes);
        images.set(h, bytes);
        return h;
      },
      provider,
      now: () => '2026-11-28T00:00:00Z',
      sleep: async () => {},
    });
    return { images, positives, deps, provider: new OfflineProvider(async (img) => decode(img.bytes)) };
  })();
}

describe('generateNegatives', () => {
  it('makes every type for the synthetic pairs, deterministically, with stated reasons for what does not apply', async () => {
    const w = await world();
    const options = { types: [...NEGATIVE_TYPES], seed: 3, grid: 3, generator: 'rules' as const, imageEdits: false };
    const a = await generateNegatives(w.positives, options, w.deps());
    const b = await generateNegatives(w.positives, options, w.deps());
    expect(a.negatives.map((n) => [n.id, n.text, n.imageHash])).toEqual(b.negatives.map((n) => [n.id, n.text, n.imageHash]));
    const types = new Set(a.negatives.map((n) => n.type));
    for (const t of [
      'color',
      'count',
      'position',
      'negation',
      'swap',
      'trigram-shuffle',
      'within-trigram-shuffle',
      'patch-shuffle',
      'row-shuffle',
      'column-shuffle',
    ])
      expect(types, t).toContain(t);
    // The synthetic language has no verbs: every verb attempt is skipped with the reason.
    expect(a.skipped.filter((s) => s.type === 'verb').length).toBe(w.positives.length);
    expect(a.skipped.find((s) => s.type === 'verb')!.reason).toMatch(/no known verb/);
    for (const n of a.negatives) {
      expect(n.text ?? n.imageHash).toBeTruthy();
      if (n.modality === 'text') expect(n.text).not.toBe(n.positiveText);
      else expect(n.imageHash).not.toBe(n.positiveImageHash);
    }
    // Patch shuffles are decodable images of the same size.
    const patch = a.negatives.find((n) => n.type === 'patch-shuffle')!;
    expect(decodePng(w.images.get(patch.imageHash!)!).width).toBe(DEMO_IMAGE_SIZE);
    expect(Object.keys(a.timing)).toContain('color');
    // Generating again with the existing ids makes nothing new.
    const again = await generateNegatives(w.positives, options, { ...w.deps(), existing: new Set(a.negatives.map((n) => n.id)) });
    expect(again.negatives).toEqual([]);
  });

  it('uses the provider for LLM rewrites and image edits, and reports a failed validation as a reason', async () => {
    const w = await world();
    const llm = await generateNegatives(
      w.positives.slice(0, 4),
      { types: ['color', 'count'], seed: 1, grid: 2, generator: 'llm', imageEdits: true },
      w.deps(w.provider),
    );
    expect(
      llm.negatives.filter((n) => n.family === 'compositional').every((n) => n.generator === 'llm:offline/rules' && n.prompt === `rewrite-${n.type} v1`),
    ).toBe(true);
    const edits = llm.negatives.filter((n) => n.family === 'image-edit');
    expect(edits.length).toBeGreaterThan(0);
    expect(edits.every((n) => n.imageHash && n.text && n.generator === 'edit:offline/scene-renderer')).toBe(true);
    // A model that paraphrases: every attempt fails validation, retried, then reported.
    let calls = 0;
    const chatty: Provider = {
      ...w.provider,
      name: 'chatty',
      rewrite: async () => (
        calls++, { raw: '{"possible": true, "sentence": "Some coloured shapes are arranged in a picture somewhere."}', model: 'm', provider: 'chatty' }
      ),
      caption: w.provider.caption,
      repair: w.provider.repair,
      textToImage: w.provider.textToImage,
      editImage: w.provider.editImage,
    };
    const bad = await generateNegatives(w.positives.slice(0, 1), { types: ['color'], seed: 1, grid: 2, generator: 'llm', imageEdits: false }, w.deps(chatty));
    expect(bad.negatives).toEqual([]);
    expect(calls).toBe(3);
    expect(bad.skipped[0].reason).toMatch(/gave up after 3 attempts: color rewrite rejected/);
    // A refusal that is not worth retrying fails at once.
    const refusing: Provider = {
      ...chatty,
      rewrite: async () => {
        throw new ProviderError('rewrite: the token was refused (401)', false);
      },
    };
    const refused = await generateNegatives(
      w.positives.slice(0, 1),
      { types: ['color'], seed: 1, grid: 2, generator: 'llm', imageEdits: false },
      w.deps(refusing),
    );
    expect(refused.skipped[0].reason).toMatch(/401/);
  });
});
