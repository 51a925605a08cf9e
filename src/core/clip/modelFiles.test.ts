import { describe, expect, it } from 'vitest';
import { httpReader, loadModelFiles, modelVariant, onnxFiles } from './modelFiles.ts';

const answering = (status: number) => (async () => new Response('no', { status, statusText: 'Nope' })) as unknown as typeof fetch;

describe('a model that cannot be fetched says which, where, why and what to do', () => {
  it('offline (the request itself fails): names the model and URL, the likely causes, and fetch-model', async () => {
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const read = httpReader('https://huggingface.co/Xenova/clip-vit-base-patch32/resolve/main/', {
      modelId: 'Xenova/clip-vit-base-patch32',
      fetchImpl: offline,
    });
    const err = await loadModelFiles('Xenova/clip-vit-base-patch32', read).catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /^model "Xenova\/clip-vit-base-patch32": https:\/\/huggingface\.co\/Xenova\/clip-vit-base-patch32\/resolve\/main\/[\w/.]+ did not answer \(Failed to fetch\)/,
    );
    expect((err as Error).message).toContain('offline');
    expect((err as Error).message).toContain('CORS');
    expect((err as Error).message).toContain('npx clip-curator fetch-model Xenova/clip-vit-base-patch32');
  });

  it('401/403: gated or private, with the token as the way out; 404: the id or the layout', async () => {
    const gated = await httpReader('https://x.test/m/', { modelId: 'org/gated', fetchImpl: answering(403) })('config.json').catch((e: Error) => e.message);
    expect(gated).toBe(
      'model "org/gated": https://x.test/m/config.json was refused (403): the model is gated or private — accept its terms on the Hub and set a token (HF_TOKEN for the CLI, Settings in the app), or use a public ONNX export.',
    );
    const missing = await httpReader('https://x.test/m/', { modelId: 'org/none', fetchImpl: answering(404) })('onnx/vision_model.onnx').catch(
      (e: Error) => e.message,
    );
    expect(missing).toContain('model "org/none": https://x.test/m/onnx/vision_model.onnx was not found (404)');
    expect(missing).toContain('ONNX export in the Hub layout');
    const busy = await httpReader('https://x.test/m/', { modelId: 'org/busy', fetchImpl: answering(503) })('config.json').catch((e: Error) => e.message);
    expect(busy).toContain('the server answered 503 Nope — try again later');
  });
});

describe('int8 variants: "name@q8" reads the quantized files', () => {
  it('names the files, and a missing one says how to make it', async () => {
    expect(modelVariant('Xenova/clip-vit-base-patch32@q8')).toEqual({ name: 'Xenova/clip-vit-base-patch32', int8: true });
    expect(modelVariant('tiny-clip-vit')).toEqual({ name: 'tiny-clip-vit', int8: false });
    expect(onnxFiles('a/b@q8')).toEqual({ vision: 'onnx/vision_model_quantized.onnx', text: 'onnx/text_model_quantized.onnx' });
    expect(onnxFiles('a/b')).toEqual({ vision: 'onnx/vision_model.onnx', text: 'onnx/text_model.onnx' });
    const asked: string[] = [];
    const read = async (p: string) => {
      asked.push(p);
      if (p.endsWith('.json')) return new TextEncoder().encode('{}');
      return new Uint8Array(1);
    };
    await loadModelFiles('a/b@q8', read);
    expect(asked.filter((p) => p.endsWith('.onnx')).sort()).toEqual(['onnx/text_model_quantized.onnx', 'onnx/vision_model_quantized.onnx']);
    const missing = await httpReader('https://x.test/m/', { modelId: 'a/b@q8', fetchImpl: answering(404) })('onnx/vision_model_quantized.onnx').catch(
      (e: Error) => e.message,
    );
    expect(missing).toContain('asks for the int8 files');
    expect(missing).toContain('training/quantize.py');
  });
});
