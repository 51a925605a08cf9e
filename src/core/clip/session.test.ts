import { describe, expect, it } from 'vitest';
import type { ModelFiles } from './modelFiles.ts';
import { ClipModel, type OrtModule, type OrtSession, type OrtTensor } from './session.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const MODELS = path.resolve(__dirname, '../../../models');
const tokenizer = JSON.parse(readFileSync(path.join(MODELS, 'tiny-clip-cnn/tokenizer.json'), 'utf8'));
const tokenizerConfig = JSON.parse(readFileSync(path.join(MODELS, 'tiny-clip-cnn/tokenizer_config.json'), 'utf8'));

class FakeTensor implements OrtTensor {
  constructor(
    readonly type: string,
    readonly data: unknown,
    readonly dims: number[],
  ) {}
}

/** A fake runtime whose graphs declare the given inputs; it records the feeds it receives. */
function fakeOrt(text: { inputs: string[]; types?: Record<string, string>; outputs?: string[] }) {
  const feeds: Record<string, FakeTensor>[] = [];
  const session = (inputs: string[], outputs: string[], types: Record<string, string> = {}): OrtSession => ({
    inputNames: inputs,
    outputNames: outputs,
    inputMetadata: inputs.map((name) => ({ name, isTensor: true, type: types[name] ?? 'int64' })),
    run: async (f) => {
      feeds.push(f as Record<string, FakeTensor>);
      const batch = (Object.values(f)[0] as FakeTensor).dims[0];
      return { [outputs[0]]: new FakeTensor('float32', new Float32Array(batch * 4).fill(1), [batch, 4]) };
    },
  });
  let created = 0;
  const ort: OrtModule = {
    InferenceSession: {
      create: async () =>
        created++ === 0 ? session(['pixel_values'], ['image_embeds', 'last_hidden_state']) : session(text.inputs, text.outputs ?? ['text_embeds'], text.types),
    },
    Tensor: FakeTensor as unknown as OrtModule['Tensor'],
  };
  return { ort, feeds };
}

const files: ModelFiles = {
  id: 'fake',
  config: { text_config: { max_position_embeddings: 16 } },
  preprocessor: { size: { shortest_edge: 8 }, crop_size: { height: 8, width: 8 }, image_mean: [0, 0, 0], image_std: [1, 1, 1] },
  tokenizer,
  tokenizerConfig,
  vision: new Uint8Array(),
  text: new Uint8Array(),
};

describe('ClipModel adapts to the graph it is given', () => {
  it('feeds input_ids only to a text graph that takes only input_ids (as Xenova exports do)', async () => {
    const { ort, feeds } = fakeOrt({ inputs: ['input_ids'] });
    const m = await ClipModel.create(ort, files);
    const [v] = await m.embedTexts(['a red circle']);
    expect(Object.keys(feeds[0])).toEqual(['input_ids']);
    expect(feeds[0].input_ids.type).toBe('int64');
    expect(feeds[0].input_ids.data).toBeInstanceOf(BigInt64Array);
    expect(v).toHaveLength(4);
  });

  it('adds attention_mask when the graph declares it, and uses int32 where the graph says int32', async () => {
    const { ort, feeds } = fakeOrt({ inputs: ['input_ids', 'attention_mask'], types: { input_ids: 'int32', attention_mask: 'int32' } });
    const m = await ClipModel.create(ort, files);
    await m.embedTexts(['a red circle', 'two small blue squares left of a green diamond']);
    expect(Object.keys(feeds[0]).sort()).toEqual(['attention_mask', 'input_ids']);
    expect(feeds[0].input_ids.data).toBeInstanceOf(Int32Array);
    expect(feeds[0].attention_mask.dims).toEqual(feeds[0].input_ids.dims);
    expect(Array.from(feeds[0].attention_mask.data as Int32Array).slice(0, feeds[0].input_ids.dims[1])).toContain(0);
  });

  it('takes image_embeds among several vision outputs, and a lone text output of any name', async () => {
    const { ort } = fakeOrt({ inputs: ['input_ids'], outputs: ['output_0'] });
    const m = await ClipModel.create(ort, files);
    const img = { width: 8, height: 8, data: new Uint8Array(8 * 8 * 4).fill(200) };
    expect(await m.embedPixels(m.pixelBatch([img, img]), 2)).toHaveLength(2);
    expect(await m.embedTexts(['x'])).toHaveLength(1);
  });

  it('refuses a text graph without input_ids with a message naming what it found', async () => {
    const { ort } = fakeOrt({ inputs: ['tokens'] });
    await expect(ClipModel.create(ort, files)).rejects.toThrow(/text model inputs are tokens — expected input_ids/);
  });
});
