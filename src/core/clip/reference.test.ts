// The TypeScript side against references written by the PyTorch side (training/train.py) for the committed models.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocessImage, type PreprocessorConfig } from './preprocess.ts';
import { ClipTokenizer } from './tokenize.ts';

const MODELS = process.env.CC_MODELS_DIR ?? path.resolve(__dirname, '../../../models');
const json = (p: string) => JSON.parse(readFileSync(path.join(MODELS, p), 'utf8'));

describe('preprocessing matches CLIPImageProcessor as the training side runs it (PIL bicubic)', () => {
  const cfg: PreprocessorConfig = json('tiny-clip-vit/preprocessor_config.json');
  const ref = json('reference/preprocess.json') as { images: { width: number; height: number; rgb: string; pixel_values: string }[] };
  for (const [i, r] of ref.images.entries()) {
    it(`image ${i}: ${r.width}×${r.height}`, () => {
      const rgb = Buffer.from(r.rgb, 'base64');
      const rgba = new Uint8Array(r.width * r.height * 4);
      for (let p = 0; p < r.width * r.height; p++) rgba.set([rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2], 255], p * 4);
      const expected = new Float32Array(new Uint8Array(Buffer.from(r.pixel_values, 'base64')).buffer);
      const actual = preprocessImage({ width: r.width, height: r.height, data: rgba }, cfg);
      expect(actual.length).toBe(expected.length);
      let maxDiff = 0;
      for (let k = 0; k < actual.length; k++) maxDiff = Math.max(maxDiff, Math.abs(actual[k] - expected[k]));
      // PIL's 8-bit resampling is reproduced exactly; what is left is float rounding.
      expect(maxDiff).toBeLessThan(1e-5);
    });
  }
});

describe('tokenization with @huggingface/tokenizers matches the training side', () => {
  it('gives the same ids for synthetic captions, punctuation, case, CJK and emoji', () => {
    const ref = json('reference/tokenizer.json') as { texts: string[]; ids: number[][] };
    const tok = new ClipTokenizer(json('tiny-clip-vit/tokenizer.json'), json('tiny-clip-vit/tokenizer_config.json'), 32);
    expect(ref.texts.map((t) => tok.encode(t))).toEqual(ref.ids);
  });

  it('loads tokenizer_config.json in the form openai first published (special tokens as objects), with the same ids', () => {
    const ref = json('reference/tokenizer.json') as { texts: string[]; ids: number[][] };
    const token = (content: string) => ({ content, __type: 'AddedToken', lstrip: false, normalized: true, rstrip: false, single_word: false });
    const old = {
      ...json('tiny-clip-vit/tokenizer_config.json'),
      bos_token: token('<|startoftext|>'),
      eos_token: token('<|endoftext|>'),
      pad_token: token('<|endoftext|>'),
      unk_token: token('<|endoftext|>'),
    };
    const tok = new ClipTokenizer(json('tiny-clip-vit/tokenizer.json'), old, 32);
    expect(ref.texts.map((t) => tok.encode(t))).toEqual(ref.ids);
    expect(tok.eosId).toBe(new ClipTokenizer(json('tiny-clip-vit/tokenizer.json'), json('tiny-clip-vit/tokenizer_config.json'), 32).eosId);
  });

  it('pads a batch to its longest text with the pad token and keeps EOS last when truncating', () => {
    const tok = new ClipTokenizer(json('tiny-clip-vit/tokenizer.json'), json('tiny-clip-vit/tokenizer_config.json'), 6);
    const b = tok.encodeBatch(['a red circle', 'two small blue squares left of a green diamond']);
    expect(b.length).toBe(6);
    expect(b.ids.slice(6)).toHaveLength(6);
    expect(b.ids[11]).toBe(tok.eosId);
    expect(b.mask.slice(0, 6)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(b.ids[5]).toBe(tok.padId);
  });
});
