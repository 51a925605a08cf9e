// Outputs appear only when complete: a temporary sibling renamed into place, --force replaces the whole folder,
// a failure or Ctrl-C leaves nothing under the target name, and an impossible --out fails at once.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/clip-curator.js');
const quiet = () => {
  const err: string[] = [];
  return { io: { out: () => {}, err: (s: string) => void err.push(s) }, err };
};

describe('CLI output folders', () => {
  it('export --force replaces the whole folder: no stale shards or images from the earlier run', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-out-'));
    const demo = path.join(dir, 'demo');
    const out = path.join(dir, 'train');
    const { io } = quiet();
    expect(await main(['demo', '--out', demo, '--count', '120', '--seed', '3'], io)).toBe(0);
    expect(await main(['export', demo, '--format', 'webdataset', '--shard-size', '50', '--out', out], io)).toBe(0);
    const shards = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).shards as number;
    expect(shards).toBeGreaterThan(1);
    expect(readdirSync(out).filter((f) => f.endsWith('.tar'))).toHaveLength(shards);
    // Without --force an existing folder is refused, and nothing changes.
    const refused = quiet();
    expect(await main(['export', demo, '--format', 'webdataset', '--shard-size', '1000', '--out', out], refused.io)).toBe(1);
    expect(refused.err.join('\n')).toContain('already holds files');
    expect(readdirSync(out).filter((f) => f.endsWith('.tar'))).toHaveLength(shards);
    expect(await main(['export', demo, '--format', 'webdataset', '--shard-size', '1000', '--out', out, '--force'], io)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'shard-000000.tar']);
    expect(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'))).toMatchObject({ shards: 1 });
    // No partial or old folder is left beside it.
    expect(readdirSync(dir).sort()).toEqual(['demo', 'train']);
  });

  it('a failed command leaves no folder, and an --out that cannot exist fails at once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-out-'));
    const failed = quiet();
    expect(await main(['export', path.join(dir, 'missing'), '--format', 'jsonl', '--out', path.join(dir, 'train')], failed.io)).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const t0 = performance.now();
    const proc = quiet();
    expect(await main(['export', path.join(dir, 'missing'), '--format', 'jsonl', '--out', '/proc/x'], proc.io)).toBe(2);
    expect(proc.err.join('\n')).toContain('--out /proc/x: cannot create a folder in /proc');
    expect(performance.now() - t0).toBeLessThan(5000);
    const nowhere = quiet();
    expect(await main(['demo', '--out', path.join(dir, 'no/such/parent/d')], nowhere.io)).toBe(2);
    expect(nowhere.err.join('\n')).toContain('does not exist — create it first');
  });

  it('Ctrl-C in the middle leaves nothing under the target name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-out-'));
    const child = spawn(process.execPath, [BIN, 'demo', '--out', path.join(dir, 'big'), '--count', '1500'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Wait until the partial folder exists and holds images, then interrupt.
    for (let i = 0; i < 600; i++) {
      const partial = readdirSync(dir).find((f) => f.startsWith('.big.partial-'));
      if (partial && existsSync(path.join(dir, partial, 'images')) && readdirSync(path.join(dir, partial, 'images')).length > 20) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readdirSync(dir).some((f) => f.startsWith('.big.partial-'))).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted — nothing was written under the output name');
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});
