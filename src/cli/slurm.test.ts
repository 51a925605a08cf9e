// On a real engine: Debian's slurm-wlm on this machine (scripts/slurm-local.sh starts munge, slurmctld and slurmd;
// .ci/run installs them). `plan --engine slurm` writes a 4-task array over a demo of 3,000 items; one task is
// requeued while it works (Slurm kills it and runs it again); the merge job runs after the array; its output equals
// the single-process run. Where Slurm cannot run here, the test is skipped and its name says why.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing.ts';

/** Why Slurm cannot run here, or undefined when its node is up (started by scripts/slurm-local.sh if need be). */
function slurmUnavailable(): string | undefined {
  if (spawnSync('sh', ['-c', 'command -v sbatch && command -v slurmctld']).status !== 0) return 'slurm-wlm is not installed';
  const up = () => /idle|mix|alloc/.test(spawnSync('sinfo', ['-h', '-o', '%T']).stdout?.toString() ?? '');
  if (up()) return undefined;
  const start = spawnSync('bash', [path.resolve('scripts/slurm-local.sh'), 'start'], { encoding: 'utf8' });
  if (start.status !== 0) return `Slurm did not start: ${(start.stderr || start.stdout).trim().split('\n').pop()}`;
  return up() ? undefined : 'the Slurm node is not up';
}

const reason = slurmUnavailable();
const sh = (cmd: string) => execFileSync('bash', ['-c', cmd], { encoding: 'utf8' }).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(reason)(`the shard array on Slurm${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('runs 4 tasks, survives one requeued mid-way, and merges to the single-process output', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-slurm-'));
    const demo = path.join(dir, 'demo');
    expect((await runCli(['demo', '--out', demo, '--seed', '31', '--count', '3000'])).code).toBe(0);
    const t0 = performance.now();
    expect((await runCli(['score', demo, '--out', path.join(dir, 'single'), '--threads', '1'])).code).toBe(0);
    const singleMs = performance.now() - t0;
    const parts = path.join(dir, 'parts');
    const plan = await runCli([
      'plan',
      '--engine',
      'slurm',
      '--stage',
      'score',
      '--shards',
      '4',
      '--out',
      parts,
      demo,
      '--cpus',
      '1',
      '--mem',
      '1500M',
      '--retries',
      '0',
    ]);
    expect(plan.code, plan.err).toBe(0);
    const t1 = performance.now();
    const submitted = sh(`bash ${path.join(`${parts}.plan`, 'submit.sh')}`);
    const job = /array job (\d+)/.exec(submitted)![1];
    // Requeue task 2 while it works: once it runs, before its part exists.
    let requeued = false;
    for (let i = 0; i < 600 && !requeued; i++) {
      const state = sh(`squeue -h -j ${job}_2 -o %T || true`);
      if (state === 'RUNNING') {
        await sleep(1500);
        expect(existsSync(path.join(parts, 'part-00002-of-00004'))).toBe(false);
        sh(`scontrol requeue ${job}_2`);
        requeued = true;
      } else await sleep(200);
    }
    expect(requeued).toBe(true);
    const merged = `${parts}.merged`;
    for (let i = 0; i < 1200 && !existsSync(path.join(merged, 'manifest.json')); i++) await sleep(250);
    const arrayMs = performance.now() - t1;
    expect(existsSync(path.join(merged, 'manifest.json')), readdirSync(`${parts}.plan/logs`).join(', ')).toBe(true);
    expect(sh(`scontrol show job ${job}_2`)).toMatch(/Restarts=1/);
    expect(readFileSync(path.join(merged, 'metadata.jsonl'), 'utf8')).toBe(readFileSync(path.join(dir, 'single/metadata.jsonl'), 'utf8'));
    expect(readdirSync(path.join(merged, 'images')).sort()).toEqual(readdirSync(path.join(dir, 'single/images')).sort());
    // The figures (one run, this machine; the requeued task runs twice).
    console.log(`slurm: single process ${Math.round(singleMs)} ms; 4-task array with one requeue, and merge: ${Math.round(arrayMs)} ms`);
    rmSync(dir, { recursive: true, force: true });
  }, 420_000);
});
