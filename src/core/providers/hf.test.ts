// The hosted provider through the real @huggingface/inference client, against a local server that speaks the routes
// the client uses (POST {endpoint}/v1/chat/completions; POST {endpoint} for text-to-image) and injects faults.

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solidPng } from '../png.ts';
import { HfProvider, validateCaption } from './hf.ts';
import { JobQueue, type Job, type JobStore } from './queue.ts';
import { DEFAULT_PROMPTS, type CaptionResult, type ImageResult } from './types.ts';
import { ProviderError } from '../retry.ts';

const TOKEN = 'hf_testSECRETtoken123';
type Fault = 'ok' | '429' | '503' | '500' | 'hang' | 'malformed' | '400' | 'sorry' | 'badimage';

const images = Array.from({ length: 8 }, (_, i) => solidPng(4, 4, [i * 30, 100, 200]));
const key = (b: Uint8Array) => Buffer.from(b).toString('base64');
// Each item's answers, in order; the last repeats.
const scripts: Fault[][] = [['429', 'ok'], ['503', 'ok'], ['500', '500', 'ok'], ['hang', 'ok'], ['malformed', 'ok'], ['ok'], ['400'], ['sorry']];
const byImage = new Map(images.map((b, i) => [key(b), i]));
const seen: { url: string; auth?: string; body: string }[] = [];
const calls = new Map<string, number>();

async function body(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return Buffer.concat(parts).toString();
}

let server: ReturnType<typeof createServer>;
let base: string;
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const text = await body(req);
    seen.push({ url: req.url ?? '', auth: req.headers.authorization, body: text });
    let item: string;
    if (req.url === '/v1/chat/completions') {
      const url = JSON.parse(text).messages[0].content[0].image_url.url as string;
      item = `chat-${byImage.get(url.split(',')[1])}`;
    } else item = `t2i-${JSON.parse(text).inputs}`;
    const n = calls.get(item) ?? 0;
    calls.set(item, n + 1);
    const script: Fault[] = item.startsWith('chat-') ? scripts[Number(item.slice(5))] : item === 't2i-broken image first' ? ['badimage', 'ok'] : ['ok'];
    const fault = script[Math.min(n, script.length - 1)];
    const json = (status: number, obj: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(obj));
    if (fault === 'hang') return; // never answers
    if (fault === '429') return json(429, { error: 'rate limited' }, { 'Retry-After': '1' });
    if (fault === '503') return json(503, { error: 'model loading' });
    if (fault === '500') return json(500, { error: 'boom' });
    if (fault === '400') return json(400, { error: 'bad request: this model takes no images' });
    if (fault === 'malformed') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"choices": [ {"message": ');
    if (req.url === '/v1/chat/completions') {
      const content = fault === 'sorry' ? "I'm sorry, I can't help with that." : `a caption for item ${item}`;
      return json(200, {
        id: 'x',
        object: 'chat.completion',
        created: 0,
        model: 'm',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
      });
    }
    if (fault === 'badimage') return res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from('not an image at all'));
    return res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from(solidPng(8, 8, [1, 2, 3])));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

describe('HfProvider under faults, driven by the job queue', () => {
  it('finishes every job done or failed with a reason, retrying what is worth retrying, adding nothing twice', async () => {
    const provider = new HfProvider({
      token: TOKEN,
      chatEndpointUrl: base,
      imageEndpointUrl: `${base}/t2i`,
      vlmModel: 'test/vlm',
      textToImageModel: 'test/t2i',
      editModel: 'test/edit',
    });
    const jobs = new Map<string, Job>();
    const store: JobStore = { unfinished: async () => [], put: async (j) => void jobs.set(j.id, { ...j }) };
    const applied = new Map<string, number>();
    const q = new JobQueue<CaptionResult | ImageResult>(
      store,
      {
        run: (job, signal) => {
          const i = Number(job.itemId);
          return job.route === 'generate'
            ? provider.textToImage(i === 100 ? 'broken image first' : 'a red circle', signal)
            : provider.caption({ bytes: images[i], mime: 'image/png' }, DEFAULT_PROMPTS.caption, signal);
        },
        apply: async (job) => void applied.set(job.itemId, (applied.get(job.itemId) ?? 0) + 1),
      },
      { concurrency: 3, baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 700, maxAttempts: 4 },
    );
    await q.enqueue([
      ...images.map((_, i) => ({ datasetId: 'd', itemId: String(i), route: 'caption' as const })),
      { datasetId: 'd', itemId: '100', route: 'generate' as const },
    ]);
    const t0 = Date.now();
    const counts = await q.run();
    const final = [...jobs.values()];
    expect(final.every((j) => j.status === 'done' || (j.status === 'failed' && j.error))).toBe(true);
    expect(counts.done).toBe(7);
    expect(counts.failed).toBe(2);
    const reason = (id: string) => final.find((j) => j.itemId === id)!.error;
    expect(reason('6')).toMatch(/400/);
    expect(reason('7')).toMatch(/gave up after 4 attempts: .*declined/);
    expect([...applied.values()].every((n) => n === 1)).toBe(true);
    expect(applied.size).toBe(7);
    // Requests: 429 (2), 503 (2), 500x2 (3), hang (2), malformed (2), ok (1), 400 (1), sorry (4), bad image (2).
    expect(counts.requests).toBe(19);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000); // Retry-After: 1 was honoured
    // The token travels only in the Authorization header.
    expect(seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(seen.some((s) => s.url.includes(TOKEN) || s.body.includes(TOKEN))).toBe(false);
    expect(final.some((j) => j.error?.includes(TOKEN))).toBe(false);
  });

  it('validates captions: one line of text, not structured data, not a refusal', () => {
    expect(validateCaption(' "a red circle" ')).toBe('a red circle');
    for (const bad of ['', '{"caption": "x"}', 'line one\nline two', "I'm sorry, I can't", 'x'.repeat(500), 42])
      expect(() => validateCaption(bad)).toThrow(ProviderError);
  });
});
