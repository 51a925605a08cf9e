// clip-curator download against a local server: good images, a redirect, 404, a 503 then success, a 429 with
// Retry-After, a hang, an HTML answer, an oversized answer (declared and streamed), a pixel bomb, and rows without a
// usable URL. What arrived is a dataset folder the importer reads; every failure is named with its reason.

import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng, solidPng } from '../core/png.ts';
import { runCli } from './testing.ts';

const red = solidPng(8, 8, [255, 0, 0]);
const blue = solidPng(8, 8, [0, 0, 255]);
/** A valid small PNG whose header declares 20,000 × 20,000 pixels. */
const bomb = (() => {
  const png = encodePng(2, 2, new Uint8Array(16));
  const dv = new DataView(png.buffer);
  dv.setUint32(16, 20_000);
  dv.setUint32(20, 20_000);
  return png;
})();

let server: Server;
let base = '';
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    const n = (hits.get(url) ?? 0) + 1;
    hits.set(url, n);
    const png = (bytes: Uint8Array) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': bytes.length });
      res.end(bytes);
    };
    if (url === '/red.png') return png(red);
    if (url === '/blue.png') return png(blue);
    if (url === '/moved') return res.writeHead(302, { location: '/blue.png' }).end();
    if (url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
    if (url === '/flaky') return n === 1 ? res.writeHead(503).end('busy') : png(red);
    if (url === '/limited') return n === 1 ? res.writeHead(429, { 'retry-after': '0' }).end() : png(blue);
    if (url === '/down') return res.writeHead(503).end('busy');
    if (url === '/hang') return; // never answers
    if (url === '/html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Not found</body></html>');
    if (url === '/huge') return res.writeHead(200, { 'content-length': String(64 * 2 ** 20) }).end();
    if (url === '/streamed-huge') {
      res.writeHead(200, { 'content-type': 'image/png' });
      const chunk = new Uint8Array(2 ** 20);
      let sent = 0;
      const pump = () => {
        while (sent < 8 && res.write(chunk)) sent++;
        if (sent < 8) res.once('drain', pump);
        else res.end();
      };
      return pump();
    }
    if (url === '/bomb.png') return png(bomb);
    res.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('clip-curator download', () => {
  it('fetches what it can, retries 429 and 5xx, and names every failure', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-download-'));
    const rows = [
      ['/red.png', 'a red square'],
      ['/moved', 'a blue square, behind a redirect'],
      ['/missing.png', 'gone'],
      ['/flaky', 'busy once, then red'],
      ['/limited', 'rate-limited once, then blue'],
      ['/down', 'always busy'],
      ['/hang', 'never answers'],
      ['/html', 'an error page'],
      ['/huge', 'declares 64 MiB'],
      ['/streamed-huge', 'streams 8 MiB'],
      ['/bomb.png', 'declares 400 megapixels'],
      ['/loop', 'redirects forever'],
    ].map(([p, caption]) => ({ url: `${base}${p}`, caption }));
    const list = path.join(dir, 'list.jsonl');
    writeFileSync(
      list,
      `${[...rows, { caption: 'no url' }, { url: 'ftp://example.com/a.png', caption: 'not http' }].map((r) => JSON.stringify(r)).join('\n')}\n`,
    );
    const out = path.join(dir, 'out');
    const run = await runCli(['download', list, '--out', out, '--concurrency', '4', '--timeout', '2', '--retries', '2', '--max-mib', '2', '--json']);
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out);
    console.log('download summary:', JSON.stringify(summary));
    expect(summary).toMatchObject({ count: 14, successes: 4, failed: 10 });
    const report = JSON.parse(readFileSync(path.join(out, 'download-report.json'), 'utf8'));
    expect(report).toMatchObject({ count: 14, successes: 4, failed: 10, out: 'out' });
    const failures = report.failedRows as { source_row: number; reason: string }[];
    expect(Object.fromEntries(failures.map((f) => [f.source_row, f.reason]))).toEqual({
      3: 'HTTP 404 Not Found',
      6: 'gave up after 3 attempts: HTTP 503 Service Unavailable',
      7: 'gave up after 3 attempts: no answer within 2 s (timeout)',
      8: 'the answer is an HTML page, not an image',
      9: 'the answer declares 64.0 MiB, over the 2.0 MiB limit',
      10: expect.stringMatching(/^the answer is over the 2\.0 MiB limit \(stopped reading at 2\.\d MiB\)$/),
      11: expect.stringMatching(/^image "the image" is 20000×20000 \(400 megapixels\), over the 100-megapixel limit/),
      12: 'more than 5 redirects',
      13: 'no url column — name it with --url-col',
      14: 'not an http(s) URL (ftp:)',
    });
    expect(hits.get('/flaky')).toBe(2);
    expect(hits.get('/limited')).toBe(2);
    expect(hits.get('/down')).toBe(3);
    // What arrived is a dataset folder: the importer reads it as four pairs with their captions.
    expect(readdirSync(path.join(out, 'images')).sort()).toEqual(['000000001.png', '000000002.png', '000000004.png', '000000005.png']);
    const back = JSON.parse((await runCli(['import', out, '--json'])).out);
    expect(back.counts).toEqual({ pair: 4, image: 0, text: 0 });
    // A second run into the same folder is refused without --force; nothing is half-written.
    expect((await runCli(['download', list, '--out', out])).code).toBe(1);
  }, 60_000);

  it('reads CSV lists with named columns', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-download-'));
    const list = path.join(dir, 'list.csv');
    writeFileSync(list, `link,alt_text\n${base}/red.png,"a red square, quoted"\n${base}/nope,missing\n`);
    const run = await runCli(['download', list, '--out', path.join(dir, 'o'), '--url-col', 'link', '--caption-col', 'alt_text']);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^downloaded 1 of 2 \(50\.0%\)/);
    expect(run.out).toContain('1 × HTTP 404 Not Found');
    const meta = JSON.parse(readFileSync(path.join(dir, 'o', 'metadata.jsonl'), 'utf8').trim());
    expect(meta).toMatchObject({ file_name: 'images/000000002.png', text: 'a red square, quoted', url: `${base}/red.png`, source_row: 2 });
  });
});
