// Shards: the unit of work on a cluster. `--shard I/N` (0-based, as SLURM_ARRAY_TASK_ID and Kubernetes'
// JOB_COMPLETION_INDEX count) gives a task the input items whose position in the input is I modulo N, so a task knows
// its items while it reads, whatever the input's length. Its output is one part, `OUT/part-0000I-of-0000N`, written
// as every CLI output folder is (in a hidden sibling, renamed into place when complete): a task killed half-way
// leaves no part, and a task run again after its part is complete skips the work, so nothing is made twice.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { usageError } from './common.ts';

export interface Shard {
  index: number;
  count: number;
}

/** What a part's manifest.json records about its shard; `merge` checks it. */
export interface ShardRecord extends Shard {
  /** Items in the whole input (all shards). */
  inputItems: number;
  /** Items in this part. */
  items: number;
}

export const MAX_SHARDS = 99999;

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || count > MAX_SHARDS || index >= count)
    throw usageError(`--shard ${text}: give I/N with 0 ≤ I < N ≤ ${MAX_SHARDS} (I counts from 0, as SLURM_ARRAY_TASK_ID does)`);
  return { index, count };
}

export const inShard = (seq: number, shard: Shard | undefined): boolean => !shard || seq % shard.count === shard.index;

/** How many of `total` input items fall in a shard. */
export const shardSize = (total: number, shard: Shard): number => Math.max(0, Math.ceil((total - shard.index) / shard.count));

const pad = (n: number) => String(n).padStart(5, '0');
export const partName = (shard: Shard): string => `part-${pad(shard.index)}-of-${pad(shard.count)}`;
export const PART_NAME = /^part-(\d{5})-of-(\d{5})$/;

/**
 * Where a sharded stage writes: OUT (created if missing; every task of an array shares it) / the part's name.
 * `done` when the part is already complete and --force was not given: the task has nothing to do. Partial folders
 * a killed run of this same part left behind are removed (one task runs a shard at a time: the engine's job).
 */
export async function partTarget(out: string, shard: Shard, force: boolean | undefined): Promise<{ target: string; done: boolean }> {
  await fs.mkdir(out, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
    throw Object.assign(new Error(`--out ${out}: cannot create the folder (${e.code}) — choose a writable place`), { exitCode: 2 });
  });
  const name = partName(shard);
  const target = path.join(out, name);
  for (const entry of await fs.readdir(out)) if (entry.startsWith(`.${name}.partial-`)) await fs.rm(path.join(out, entry), { recursive: true, force: true });
  const complete = await fs
    .stat(path.join(target, 'manifest.json'))
    .then(() => true)
    .catch(() => false);
  return { target, done: complete && !force };
}

/** A stage's output, sharded or not: where it goes, which input items it takes, and whether it is already done. */
export interface StageOutput {
  /** The folder to write (the part's, for a shard); absent without --out. */
  out?: string;
  shard?: Shard;
  select?: (seq: number) => boolean;
  /** The part is complete already: say so and do nothing. */
  done: boolean;
}

export async function stageOutput(values: { out?: string; shard?: string; force?: boolean }): Promise<StageOutput> {
  if (values.shard === undefined) return { out: values.out, done: false };
  const shard = parseShard(values.shard);
  if (!values.out) throw usageError('--shard needs --out DIR: every task writes its part under DIR');
  const { target, done } = await partTarget(values.out, shard, values.force);
  return { out: target, shard, select: (seq) => inShard(seq, shard), done };
}

/** The manifest's record of a part: which shard, of how many input items, holding how many. */
export function shardRecord(output: StageOutput, inputs: { inputItems: number; items: unknown[] }): { shard?: ShardRecord } {
  return output.shard ? { shard: { ...output.shard, inputItems: inputs.inputItems, items: inputs.items.length } } : {};
}

export const alreadyDone = (output: StageOutput) => `${output.out}: this part is complete already — nothing to do (--force makes it again)`;
