// A local stand-in for the Hugging Face Inference routes the @huggingface/inference client calls with an endpoint
// URL: POST {endpoint}/v1/chat/completions (VLM) and POST {endpoint} with {"inputs": text} (text-to-image). It answers
// the browser with CORS, records every request, and injects faults chosen by a hash of the request's content, so
// each item meets the same fault on every run: 429 with Retry-After, 503, 500, a request that hangs, malformed JSON,
// a permanent 400, an image that does not decode.

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { solidPng } from '../src/core/png.ts';

export type Fault = 'ok' | '429' | '503' | '500' | 'hang' | 'malformed' | '400' | 'badimage';
export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  fault: Fault | 'preflight';
}

const CHAT_SCRIPTS: Fault[][] = [['429', 'ok'], ['503', 'ok'], ['500', 'ok'], ['hang', 'ok'], ['malformed', 'ok'], ['ok'], ['ok'], ['400']];
const T2I_SCRIPTS: Fault[][] = [['badimage', 'ok'], ['429', 'ok'], ['ok'], ['ok']];

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const p of req) parts.push(p as Buffer);
  return Buffer.concat(parts).toString();
}

const pick = (key: string, scripts: Fault[][]) => scripts[createHash('sha1').update(key).digest()[0] % scripts.length];

export async function startFakeHf(delayMs: number): Promise<{ base: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const calls = new Map<string, number>();
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After', 'Cross-Origin-Resource-Policy': 'cross-origin' };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method === 'OPTIONS') {
      seen.push({ method: 'OPTIONS', url: req.url ?? '', headers: req.headers, body, fault: 'preflight' });
      return res
        .writeHead(204, {
          ...cors,
          'Access-Control-Allow-Methods': 'POST',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
          'Access-Control-Max-Age': '600',
        })
        .end();
    }
    const chat = req.url === '/v1/chat/completions';
    let key: string;
    try {
      key = chat ? (JSON.parse(body).messages[0].content[0].image_url.url as string) : `t2i:${JSON.parse(body).inputs}`;
    } catch {
      return res.writeHead(400, { ...cors, 'Content-Type': 'application/json' }).end('{"error":"unreadable request"}');
    }
    const n = calls.get(key) ?? 0;
    calls.set(key, n + 1);
    const script = pick(key, chat ? CHAT_SCRIPTS : T2I_SCRIPTS);
    const fault = script[Math.min(n, script.length - 1)];
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, fault });
    await new Promise((r) => setTimeout(r, delayMs));
    const json = (status: number, obj: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { ...cors, 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(obj));
    if (fault === 'hang') return; // never answers
    if (fault === '429') return json(429, { error: 'rate limited' }, { 'Retry-After': '1' });
    if (fault === '503') return json(503, { error: 'model is loading' });
    if (fault === '500') return json(500, { error: 'internal error' });
    if (fault === '400') return json(400, { error: 'bad request: this model does not take images' });
    if (fault === 'malformed') return res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{"choices": [ {"message": ');
    if (chat) {
      const content = `a picture described by the hosted model (${createHash('sha1').update(key).digest('hex').slice(0, 6)})`;
      return json(200, {
        id: 'x',
        object: 'chat.completion',
        created: 0,
        model: 'test/vlm',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
      });
    }
    if (fault === 'badimage') return res.writeHead(200, { ...cors, 'Content-Type': 'image/png' }).end(Buffer.from('this is not an image'));
    const h = createHash('sha1').update(key).digest();
    return res.writeHead(200, { ...cors, 'Content-Type': 'image/png' }).end(Buffer.from(solidPng(64, 64, [h[0], h[1], h[2]])));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    seen,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
