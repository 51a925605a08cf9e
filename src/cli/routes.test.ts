// The preprocessing routes, headless, with the offline provider: demo -> repair -> caption -> generate chain.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrueOf, parseCaption, type Scene } from '../core/synth/scene.ts';
import { runCli } from './testing.ts';

describe('clip-curator caption | repair | generate --provider offline', () => {
  it('turns every mismatched pair, lone image and lone text of the demo into a verified pair, keeping originals', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-routes-'));
    await runCli(['demo', '--out', path.join(dir, '0'), '--seed', '21', '--count', '80']);
    const steps = [
      ['repair', '0', '1'],
      ['caption', '1', '2'],
      ['generate', '2', '3'],
    ];
    for (const [route, from, to] of steps) {
      const r = await runCli([route, path.join(dir, from), '--provider', 'offline', '--json', '--out', path.join(dir, to)]);
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.out);
      expect(summary).toMatchObject({ route, failed: [], passRate: 1 });
      expect(summary.done).toBe(summary.candidates);
      console.log(`${route}: ${summary.done} done, ${summary.passing} pass the threshold ${summary.threshold.value}`);
    }
    const rows = readFileSync(path.join(dir, '3', 'metadata.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.every((r) => r.kind === 'pair')).toBe(true);
    // Repaired and generated captions describe their scene; the imported caption is still first in the history.
    for (const r of rows.filter((r) => r.caption_history.length > 1)) {
      expect(r.caption_history[0].provenance.origin).toBe('imported');
      expect(r.caption_history.at(-1).provenance).toMatchObject({
        origin: 'generated',
        provider: 'offline',
        model: 'offline/scene-reader',
        prompt: 'repair-plain',
      });
      expect(isTrueOf(parseCaption(r.text)!, r.synth_scene as Scene)).toBe(true);
    }
    expect(rows.filter((r) => r.image_provenance?.origin === 'generated').length).toBeGreaterThan(0);
  });

  it('runs --provider hf against an endpoint with HF_TOKEN, and never prints the token', async () => {
    const { createServer } = await import('node:http');
    const auths: string[] = [];
    const server = createServer((req, res) => {
      auths.push(req.headers.authorization ?? '');
      req.resume();
      req.on('end', () =>
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'two small red circles' } }] })),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-hf-'));
    await runCli(['demo', '--out', path.join(dir, 'demo'), '--seed', '5', '--count', '30']);
    process.env.HF_TOKEN = 'hf_cliSECRET987';
    try {
      const r = await runCli(['caption', path.join(dir, 'demo'), '--provider', 'hf', '--endpoint', endpoint, '--json', '--out', path.join(dir, 'out')]);
      const summary = JSON.parse(r.out);
      expect(summary.done).toBe(summary.candidates);
      expect(summary.candidates).toBeGreaterThan(0);
      expect(auths.every((a) => a === 'Bearer hf_cliSECRET987')).toBe(true);
      expect(r.out + r.err).not.toContain('hf_cliSECRET987');
      expect(readFileSync(path.join(dir, 'out', 'metadata.jsonl'), 'utf8')).not.toContain('hf_cliSECRET987');
      expect(readFileSync(path.join(dir, 'out', 'manifest.json'), 'utf8')).not.toContain('hf_cliSECRET987');
    } finally {
      delete process.env.HF_TOKEN;
      server.close();
    }
  });

  it('compare-prompts scores every template on the same sample and ranks them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-prompts-'));
    await runCli(['demo', '--out', path.join(dir, 'demo'), '--seed', '8', '--count', '30']);
    const templates = path.join(dir, 'templates.json');
    (await import('node:fs')).writeFileSync(
      templates,
      JSON.stringify([
        { id: 'a', version: 1, text: 'describe it' },
        { id: 'b', version: 2, text: 'list the objects' },
      ]),
    );
    const r = await runCli(['compare-prompts', path.join(dir, 'demo'), '--route', 'caption', '--sample', '6', '--templates', templates]);
    const out = JSON.parse(r.out);
    expect(out.sample).toBe(6);
    expect(out.templates.map((t: { template: { id: string } }) => t.template.id).sort()).toEqual(['a', 'b']);
    for (const t of out.templates) {
      expect(t.scored).toBe(6);
      expect(t.meanScore).toBeGreaterThan(0.3);
      expect(t.examples.length).toBeGreaterThan(0);
    }
    expect((await runCli(['compare-prompts', path.join(dir, 'demo'), '--templates', path.join(dir, 'missing.json')])).err).toMatch(/missing.json/);
  });

  it('says clearly what the offline provider cannot do, per item, and finishes the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-routes-'));
    const texts = path.join(dir, 'texts.txt');
    (await import('node:fs')).writeFileSync(texts, 'a red circle left of a blue square\na cat asleep on a sofa\n');
    const r = await runCli(['generate', texts, '--provider', 'offline', '--json']);
    const summary = JSON.parse(r.out);
    expect(summary.done).toBe(1);
    expect(summary.failed).toEqual([{ file: 'texts.txt', row: 2, reason: expect.stringMatching(/not a caption of the synthetic language/) }]);
    expect((await runCli(['repair', texts, '--provider', 'nope'])).err).toMatch(/unknown provider "nope"/);
  });
});
