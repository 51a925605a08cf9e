import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { solidPng } from '../core/png.ts';
import { main } from './main.ts';

function fixture() {
  const dir = mkdtempSync(path.join(tmpdir(), 'cc-cli-'));
  mkdirSync(path.join(dir, 'imgs'));
  writeFileSync(path.join(dir, 'imgs/a.png'), solidPng(4, 4, [255, 0, 0]));
  writeFileSync(path.join(dir, 'imgs/b.png'), solidPng(4, 4, [0, 0, 255]));
  writeFileSync(path.join(dir, 'imgs/lone.png'), solidPng(4, 4, [0, 255, 0]));
  writeFileSync(path.join(dir, 'imgs/copy.png'), solidPng(4, 4, [255, 0, 0]));
  writeFileSync(
    path.join(dir, 'captions.jsonl'),
    [
      '{"file_name":"imgs/a.png","text":"a red square"}',
      '{"file_name":"imgs/b.png","text":""}',
      '{"file_name":"imgs/copy.png","text":"the same red square"}',
      '{"text":"a lone caption 🐙"}',
    ].join('\n'),
  );
  return dir;
}

async function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('clip-curator import', () => {
  it('prints one JSON object with counts, duplicates and per-row errors, and exits 0', async () => {
    const dir = fixture();
    const { code, out } = await capture(['import', dir, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.counts).toEqual({ pair: 2, image: 1, text: 1 });
    expect(result.duplicates).toBe(1);
    expect(result.errors).toEqual([{ source: path.join(dir, 'captions.jsonl'), row: 2, reason: expect.stringMatching(/caption is empty/) }]);
  });

  it('given only a captions file, reads the images its rows name and no others', async () => {
    const dir = fixture();
    const { out } = await capture(['import', path.join(dir, 'captions.jsonl'), '--json']);
    expect(JSON.parse(out).counts).toEqual({ pair: 2, image: 0, text: 1 });
  });

  it('exits non-zero with a clear message when a path cannot be read', async () => {
    const { code, err } = await capture(['import', '/no/such/place', '--json']);
    expect(code).toBe(2);
    expect(err).toMatch(/cannot read \/no\/such\/place: no such file or folder/);
  });

  it('writes a dataset folder that imports again with the same counts and captions', async () => {
    const dir = fixture();
    const out = path.join(dir, 'stage1');
    await capture(['import', dir, '--out', out]);
    const rows = readFileSync(path.join(out, 'metadata.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.text)).toEqual(['a red square', 'the same red square', 'a lone caption 🐙', null]);
    const again = JSON.parse((await capture(['import', out, '--json'])).out);
    expect(again.counts).toEqual({ pair: 2, image: 1, text: 1 });
    expect(again.errors).toEqual([]);
    const refused = await capture(['import', dir, '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/already holds a dataset/);
  });

  it('runs as the installed bin (npx clip-curator)', async () => {
    const dir = fixture();
    const { stdout } = await promisify(execFile)(process.execPath, [path.resolve('bin/clip-curator.js'), 'import', dir, '--json']);
    expect(JSON.parse(stdout).counts.pair).toBe(2);
  });
});
