// The scoring engine in Node (onnxruntime-node) on the committed tiny models: parity with PyTorch, held-out
// separation of matched and mismatched pairs, the Hub URL layout, and the score command.

import { createReadStream, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { httpReader, loadModelFiles, modelBaseUrl } from '../core/clip/modelFiles.ts';
import { memoryStore, scorePairs } from '../core/clip/pipeline.ts';
import { cosine, rocAuc } from '../core/clip/score.ts';
import { ClipModel, type OrtModule } from '../core/clip/session.ts';
import { demoItems, DEMO_IMAGE_SIZE, sceneStream, VAL_SEED } from '../core/synth/demo.ts';
import { renderScene } from '../core/synth/render.ts';
import { main } from './main.ts';
import { DEFAULT_MODELS, loadNodeModel, MODELS_DIR } from './models.ts';
import { readFileSync } from 'node:fs';

const models: Record<string, ClipModel> = {};
beforeAll(async () => {
  for (const name of DEFAULT_MODELS) models[name] = await loadNodeModel(name);
});

describe.each(DEFAULT_MODELS)('%s', (name) => {
  it('gives the embeddings PyTorch gave for the same rendered scenes and captions (cos ≥ 0.9999)', async () => {
    const ref = JSON.parse(readFileSync(path.join(MODELS_DIR, name, 'reference.json'), 'utf8')) as {
      texts: string[];
      image_embeds: number[][];
      text_embeds: number[][];
    };
    const stream = sceneStream(VAL_SEED);
    const images = ref.image_embeds.map(() => {
      const s = stream.next().value!;
      return { width: DEMO_IMAGE_SIZE, height: DEMO_IMAGE_SIZE, data: renderScene(s.scene, DEMO_IMAGE_SIZE, s.imageSeed) };
    });
    const m = models[name];
    const iv = await m.embedPixels(m.pixelBatch(images), images.length);
    const tv = await m.embedTexts(ref.texts);
    iv.forEach((v, i) => expect(cosine(v, Float32Array.from(ref.image_embeds[i]))).toBeGreaterThanOrEqual(0.9999));
    tv.forEach((v, i) => expect(cosine(v, Float32Array.from(ref.text_embeds[i]))).toBeGreaterThanOrEqual(0.9999));
  });

  it('separates matched from randomly mismatched pairs on a held-out demo seed (ROC AUC ≥ 0.97)', async () => {
    // Near-miss mismatches (one word or relation off) are the near-miss benchmark's business (eval --near-miss).
    const pairs = demoItems(4242, 400).filter((d) => d.kind === 'pair' && (d.match || d.mismatch === 'random'));
    const m = models[name];
    const scores: number[] = [];
    for (let i = 0; i < pairs.length; i += 32) {
      const batch = pairs.slice(i, i + 32);
      const iv = await m.embedPixels(
        m.pixelBatch(batch.map((d) => ({ width: DEMO_IMAGE_SIZE, height: DEMO_IMAGE_SIZE, data: renderScene(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!) }))),
        batch.length,
      );
      const tv = await m.embedTexts(batch.map((d) => d.caption!));
      iv.forEach((v, j) => scores.push(cosine(v, tv[j])));
    }
    const auc = rocAuc(
      scores,
      pairs.map((d) => d.match!),
    );
    console.log(`${name}: held-out demo AUC ${auc.toFixed(4)} on ${pairs.length} pairs`);
    expect(auc).toBeGreaterThanOrEqual(0.97);
  });
});

describe('loading a model in the Hub URL layout over HTTP', () => {
  let server: ReturnType<typeof createServer>;
  let base: string;
  beforeAll(async () => {
    // Serves models/<name>/<file> at /<owner>/<name>/resolve/main/<file>, as huggingface.co does.
    server = createServer((req, res) => {
      const m = /^\/clip-curator\/([\w.-]+)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = m && path.join(MODELS_DIR, m[1], m[2]);
      if (!file?.startsWith(MODELS_DIR) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('Entry not found');
        return;
      }
      res.writeHead(200);
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('loads by Hub id from a configured hub URL and embeds like the local copy', async () => {
    const files = await loadModelFiles('clip-curator/tiny-clip-vit', httpReader(modelBaseUrl('clip-curator/tiny-clip-vit', base)));
    const remote = await ClipModel.create(ort as unknown as OrtModule, files);
    const [a] = await remote.embedTexts(['a red circle left of a blue square']);
    const [b] = await models['tiny-clip-vit'].embedTexts(['a red circle left of a blue square']);
    expect(cosine(a, b)).toBeGreaterThan(0.99999);
    await remote.release();
  });

  it('clip-curator fetch-model downloads a Hub-layout model into a folder that scores', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'cc-fetch-')), 'tiny');
    const log: string[] = [];
    const code = await main(['fetch-model', 'clip-curator/tiny-clip-cnn', '--hub', base, '--out', out], { out: (s) => void log.push(s), err: () => {} });
    expect(code).toBe(0);
    expect(JSON.parse(log[0])).toMatchObject({ out, from: `${base}/clip-curator/tiny-clip-cnn/resolve/main/` });
    const fetched = await loadNodeModel(out);
    const [a] = await fetched.embedTexts(['two green squares']);
    const [b] = await models['tiny-clip-cnn'].embedTexts(['two green squares']);
    expect(cosine(a, b)).toBeGreaterThan(0.99999);
    await fetched.release();
  });

  it('fetch-model --variant quantized keeps the int8 files under their names: the folder scores as <name>@q8', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'cc-fetch-')), 'tiny');
    const log: string[] = [];
    const code = await main(['fetch-model', 'clip-curator/tiny-clip-vit', '--hub', base, '--out', out, '--variant', 'quantized'], {
      out: (s) => void log.push(s),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(JSON.parse(log[0])).toMatchObject({ out, use: 'tiny@q8' });
    expect(existsSync(path.join(out, 'onnx/vision_model_quantized.onnx'))).toBe(true);
    expect(existsSync(path.join(out, 'onnx/vision_model.onnx'))).toBe(false);
    const fetched = await loadNodeModel(`${out}@q8`);
    const local = await loadNodeModel('tiny-clip-vit@q8');
    const [a] = await fetched.embedTexts(['two green squares']);
    const [b] = await local.embedTexts(['two green squares']);
    expect(cosine(a, b)).toBeGreaterThan(0.99999);
    await fetched.release();
    await local.release();
  });

  it('fetch-model of a model the server does not have says so and leaves no folder behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-fetch-'));
    const out = path.join(dir, 'none');
    const err: string[] = [];
    const code = await main(['fetch-model', 'clip-curator/nothing-here', '--hub', base, '--out', out], { out: () => {}, err: (s) => void err.push(s) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/model "clip-curator\/nothing-here": .*config\.json was not found \(404\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("<command> --help prints that command's usage", async () => {
    const out: string[] = [];
    expect(await main(['fetch-model', '--help'], { out: (s) => void out.push(s), err: () => {} })).toBe(0);
    expect(out.join('\n')).toContain('clip-curator fetch-model <hub-id | base-url>');
    expect(out.join('\n')).not.toContain('clip-curator import');
    out.length = 0;
    expect(await main(['repair', '--help'], { out: (s) => void out.push(s), err: () => {} })).toBe(0);
    expect(out.join('\n')).toContain('clip-curator caption|repair|generate');
  });

  it('says which file is missing when a repository is not a CLIP ONNX export', async () => {
    await expect(loadModelFiles('clip-curator/nothing-here', httpReader(modelBaseUrl('clip-curator/nothing-here', base)))).rejects.toThrow(/404/);
    expect(() => modelBaseUrl('not a model id')).toThrow(/neither a Hub model id/);
  });
});

describe('clip-curator demo → score', () => {
  it('writes a demo folder, scores it, and caches nothing between runs it does not need', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-score-'));
    const out: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: () => {} };
    expect(await main(['demo', '--out', path.join(dir, 'demo'), '--seed', '31', '--count', '60'], io)).toBe(0);
    out.length = 0;
    expect(await main(['score', path.join(dir, 'demo'), '--json', '--out', path.join(dir, 'scored')], io)).toBe(0);
    const lines = out.map((l) => JSON.parse(l));
    expect(lines).toHaveLength(60);
    const pairs = lines.filter((l) => l.kind === 'pair');
    for (const l of pairs) {
      expect(Object.keys(l.scores).sort()).toEqual([...DEFAULT_MODELS].sort());
      expect(l.ensemble).toBeCloseTo((l.scores['tiny-clip-vit'] + l.scores['tiny-clip-cnn']) / 2, 10);
    }
    expect(lines.filter((l) => l.kind !== 'pair').every((l) => l.scores === null)).toBe(true);
    // The scored folder chains into the next stage with the scores and ground truth kept.
    const rows = readFileSync(path.join(dir, 'scored', 'metadata.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.filter((r) => r.kind === 'pair').every((r) => typeof r.scores.ensemble === 'number' && typeof r.match === 'boolean')).toBe(true);
  });

  it('reuses stored embeddings: a second pass embeds nothing, an edited caption embeds one text', async () => {
    const m = models['tiny-clip-cnn'];
    const items = demoItems(55, 20).filter((d) => d.kind === 'pair');
    const rendered = new Map(
      items.map((d, i) => [String(i), { width: DEMO_IMAGE_SIZE, height: DEMO_IMAGE_SIZE, data: renderScene(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!) }]),
    );
    const pairs = items.map((d, i) => ({ id: String(i), imageHash: String(i), text: d.caption! }));
    const store = memoryStore();
    const opts = { store, loadImage: async (h: string) => rendered.get(h)! };
    const first = await scorePairs([m], pairs, opts);
    expect(first.embedded.images).toBe(pairs.length);
    const again = await scorePairs([m], pairs, opts);
    expect(again.embedded).toEqual({ images: 0, texts: 0 });
    expect(again.scores.get('0')).toEqual(first.scores.get('0'));
    const edited = pairs.map((p, i) => (i === 0 ? { ...p, text: 'four purple circles' } : p));
    const third = await scorePairs([m], edited, opts);
    expect(third.embedded).toEqual({ images: 0, texts: 1 });
  });
});
