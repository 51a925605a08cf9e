// Shards on one machine: the single-process `score` against the same input as 4 shard tasks (separate processes, 2 at
// a time as 2 cores allow, as a Slurm array would run them here) and the merge. Prints the per-task overhead (each
// task loads the models and reads the whole input list) and the per-shard rate, from which the README's estimate
// for 100 million pairs is made. Figures only, never asserted. Usage: npx tsx bench/shards.bench.ts [ITEMS]

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const items = Number(process.argv[2] ?? 3000);
const shards = 4;
const cli = ['bin/clip-curator.js'];
const dir = mkdtempSync(path.join(tmpdir(), 'cc-bench-shards-'));
const demo = path.join(dir, 'demo');

async function timed(args: string[]): Promise<number> {
  const t0 = performance.now();
  await run(process.execPath, [...cli, ...args], { maxBuffer: 1 << 28 });
  return performance.now() - t0;
}

await run(process.execPath, [...cli, 'demo', '--out', demo, '--seed', '31', '--count', String(items)]);
const pairs = readFileSync(path.join(demo, 'metadata.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.includes('"kind":"pair"')).length;
// The fixed cost of one process: load both models and read the input, scoring nothing (a shard of no items).
const empty = await timed(['score', demo, '--shard', `${items}/${items + 1}`, '--out', path.join(dir, 'empty'), '--threads', '1']);
const single = await timed(['score', demo, '--out', path.join(dir, 'single'), '--threads', '1']);
const taskMs: number[] = [];
const t0 = performance.now();
const queue = Array.from({ length: shards }, (_, i) => i);
await Promise.all(
  [0, 1].map(async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift())
      taskMs[i] = await timed(['score', demo, '--shard', `${i}/${shards}`, '--out', path.join(dir, 'parts'), '--threads', '1']);
  }),
);
const arrayMs = performance.now() - t0;
const mergeMs = await timed(['merge', path.join(dir, 'parts'), '--out', path.join(dir, 'merged')]);
const same = readFileSync(path.join(dir, 'merged/metadata.jsonl'), 'utf8') === readFileSync(path.join(dir, 'single/metadata.jsonl'), 'utf8');
const perTask = taskMs.reduce((a, b) => a + b, 0) / shards;
const figures = {
  items,
  pairs,
  shards,
  single_ms: Math.round(single),
  single_pairs_per_s: Math.round((pairs / single) * 1000),
  process_fixed_ms: Math.round(empty),
  task_ms: taskMs.map(Math.round),
  task_pairs_per_s: Math.round((pairs / shards / perTask) * 1000),
  overhead_per_task_ms: Math.round(perTask - single / shards),
  array_wall_ms_2_at_a_time: Math.round(arrayMs),
  array_vs_single: Number((single / arrayMs).toFixed(3)),
  merge_ms: Math.round(mergeMs),
  merge_rows_per_s: Math.round((items / mergeMs) * 1000),
  merged_equals_single: same,
};
for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(28)} ${Array.isArray(v) ? v.join(', ') : v}`);
console.log(JSON.stringify(figures));
rmSync(dir, { recursive: true, force: true });
