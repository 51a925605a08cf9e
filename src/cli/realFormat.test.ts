// A real-format CLIP export (fixtures/clip-real: CLIP's vocabulary, Xenova's ONNX names, both tokenizer_config.json
// forms, the original preprocessor form, random weights) scored by the CLI's code path against PyTorch + PIL's
// references (training/make_real_fixture.py). The browser's side is e2e/realFormat.spec.ts.

import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { l2normalize, type ClipModel } from '../core/clip/session.ts';
import { ClipTokenizer } from '../core/clip/tokenize.ts';
import { decodeImage } from './decode.ts';
import { loadNodeModel } from './models.ts';

const FIXTURE = path.resolve(__dirname, '../../fixtures/clip-real');
const json = (p: string) => JSON.parse(readFileSync(path.join(FIXTURE, p), 'utf8'));
const ref = json('reference.json') as {
  texts: string[];
  ids: number[][];
  images: string[];
  rgb_sha256: string[];
  image_embeds: number[][];
  text_embeds: number[][];
  cosines: number[][];
};

/** Largest elementwise difference between two lists of vectors. */
function maxDiff(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  a.forEach((v, i) => {
    expect(v.length).toBe(b[i].length);
    for (let k = 0; k < v.length; k++) max = Math.max(max, Math.abs(v[k] - b[i][k]));
  });
  return max;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
};

describe('tokenizer.json built from CLIP’s vocabulary gives openai’s ids', () => {
  for (const config of ['tokenizer_config.json', 'tokenizer_config.openai-2021.json']) {
    it(`with ${config}: case, punctuation, digits, contractions, accents (NFC and NFD), CJK, emoji, whitespace, 120 words`, () => {
      const tok = new ClipTokenizer(json('tokenizer.json'), json(config), 77);
      const ids = ref.texts.map((t) => tok.encode(t));
      ids.forEach((got, i) => expect(got, JSON.stringify(ref.texts[i])).toEqual(ref.ids[i]));
      const long = ref.ids.at(-1)!;
      expect(long).toHaveLength(77);
      expect(long.at(-1)).toBe(49407);
    });
  }
});

describe('the CLI scores the real-format export as PyTorch + PIL do (within 1e-4)', () => {
  let model: ClipModel;
  let legacyDir: string;
  beforeAll(async () => {
    model = await loadNodeModel(FIXTURE, 1);
    // The same export with the tokenizer config openai first published (special tokens as AddedToken objects).
    legacyDir = mkdtempSync(path.join(tmpdir(), 'clip-real-2021-'));
    cpSync(FIXTURE, legacyDir, { recursive: true });
    cpSync(path.join(FIXTURE, 'tokenizer_config.openai-2021.json'), path.join(legacyDir, 'tokenizer_config.json'));
  });
  afterAll(async () => {
    await model?.release();
    rmSync(legacyDir, { recursive: true, force: true });
  });

  it('decodes every image kind to PIL’s pixels exactly (RGB, grey, RGBA, palette with and without alpha, 20×30, 1000×300, JPEG 4:2:0)', async () => {
    for (const [i, name] of ref.images.entries()) {
      const img = await decodeImage(new Uint8Array(readFileSync(path.join(FIXTURE, 'images', name))));
      const rgb = new Uint8Array(img.width * img.height * 3);
      for (let p = 0; p < img.width * img.height; p++) rgb.set(img.data.subarray(p * 4, p * 4 + 3), p * 3);
      expect(createHash('sha256').update(rgb).digest('hex'), name).toBe(ref.rgb_sha256[i]);
    }
  });

  it('image and text embeddings, and the pair cosines', async () => {
    const decoded = await Promise.all(ref.images.map((n) => decodeImage(new Uint8Array(readFileSync(path.join(FIXTURE, 'images', n))))));
    const images = (await model.embedPixels(model.pixelBatch(decoded), decoded.length)).map(l2normalize);
    const texts = (await model.embedTexts(ref.texts)).map(l2normalize);
    const imageDiff = maxDiff(images, ref.image_embeds);
    const textDiff = maxDiff(texts, ref.text_embeds);
    const cosines = images.map((v) => texts.map((t) => dot(v, t)));
    const cosineDiff = maxDiff(cosines, ref.cosines);
    console.log(
      `real-format fixture, Node: largest difference image ${imageDiff.toExponential(2)}, text ${textDiff.toExponential(2)}, cosine ${cosineDiff.toExponential(2)}`,
    );
    expect(imageDiff).toBeLessThan(1e-4);
    expect(textDiff).toBeLessThan(1e-4);
    expect(cosineDiff).toBeLessThan(1e-4);
  });

  it('loads the export with the 2021 tokenizer config through the CLI’s loader, with the same text embeddings', async () => {
    const legacy = await loadNodeModel(legacyDir, 1);
    try {
      const texts = (await legacy.embedTexts(ref.texts)).map(l2normalize);
      expect(maxDiff(texts, ref.text_embeds)).toBeLessThan(1e-4);
    } finally {
      await legacy.release();
    }
  });
});
