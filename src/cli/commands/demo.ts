// `clip-curator demo`: write the synthetic demo dataset as a dataset folder.

import { writeDemo } from '../synth.ts';
import { parse, usageError, type Io } from '../common.ts';

export async function runDemo(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' }, seed: { type: 'string' }, count: { type: 'string' }, force: { type: 'boolean' } });
  if (!values.out) throw usageError('demo needs --out DIR');
  const seed = Number(values.seed ?? 1);
  const count = Number(values.count ?? 200);
  if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) throw usageError('--seed and --count must be whole numbers (count at least 1)');
  const counts = await writeDemo(values.out, seed, count, values.force);
  io.out(JSON.stringify({ out: values.out, seed, count, counts }));
  return 0;
}
