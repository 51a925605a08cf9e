import { describe, expect, it } from 'vitest';
import { comparePrompts } from './prompts.ts';
import type { Provider } from './types.ts';
import { ProviderError } from '../retry.ts';

describe('comparePrompts', () => {
  it('ranks templates by the mean score of what they produced, with examples and failures', async () => {
    // A provider whose captions depend on the prompt: "good" describes the image, "vague" does not, "broken" fails.
    const provider: Provider = {
      name: 'fake',
      caption: async (image, prompt) => {
        if (prompt.id === 'broken') throw new ProviderError('the model ignored the format', true);
        return { text: prompt.id === 'good' ? `the true caption of ${image.mime}` : 'something', model: 'm', provider: 'fake', prompt };
      },
      repair: async () => {
        throw new Error('unused');
      },
      rewrite: async () => {
        throw new Error('unused');
      },
      textToImage: async () => {
        throw new Error('unused');
      },
      editImage: async () => {
        throw new Error('unused');
      },
    };
    const sample = ['a', 'b', 'c', 'd'].map((id) => ({ id, image: { bytes: new Uint8Array(), mime: id }, imageHash: id }));
    const score = async (hash: string, text: string) => (text === `the true caption of ${hash}` ? 0.8 : 0.1);
    const result = await comparePrompts(
      provider,
      'caption',
      [
        { id: 'vague', version: 1, text: 'what is this' },
        { id: 'good', version: 3, text: 'describe colours, counts and positions' },
        { id: 'broken', version: 1, text: 'answer in JSON' },
      ],
      sample,
      score,
      2,
    );
    expect(result.map((r) => [r.template.id, r.meanScore])).toEqual([
      ['good', 0.8],
      ['vague', 0.1],
      ['broken', null],
    ]);
    expect(result[0].examples).toHaveLength(2);
    expect(result[2].failed).toHaveLength(4);
    expect(result[2].failed[0].reason).toMatch(/ignored the format/);
  });
});
