// `clip-curator eval`: per-type accuracy and Winoground scores on negatives folders or SugarCrepe JSON.

import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { scorePairs, memoryStore } from '../../core/clip/pipeline.ts';
import { decodeImage } from '../decode.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../models.ts';
import { casesFromNegatives, evaluate, formatEval, parseSugarCrepe, type EvalCase } from '../../core/eval/eval.ts';
import type { NegativeRow } from '../../core/negatives/rows.ts';
import { parse, usageError, type Io } from '../common.ts';
import { formatNearMiss, runNearMissBenchmark } from '../../core/eval/nearMiss.ts';
import { HELD_OUT_DEMO_SEED } from '../../core/synth/demo.ts';

/** `eval --near-miss`: held-out synthetic pairs against their captions changed in one word or relation. */
async function runNearMiss(values: { models?: string; json?: boolean; seed?: string; pairs?: string }, io: Io): Promise<number> {
  const seed = values.seed === undefined ? HELD_OUT_DEMO_SEED : Number(values.seed);
  const count = values.pairs === undefined ? 400 : Number(values.pairs);
  if (!Number.isInteger(seed)) throw usageError(`--seed ${values.seed} is not a whole number`);
  if (!Number.isInteger(count) || count < 10 || count > 100_000) throw usageError(`--pairs ${values.pairs} must be a whole number from 10 to 100000`);
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const run = await runNearMissBenchmark(models, seed, count);
  for (const m of models) await m.release();
  io.out(
    values.json
      ? JSON.stringify({ command: 'eval', benchmark: 'near-miss', ...run })
      : `near-miss benchmark: ${run.pairs} held-out pairs (seed ${seed}), ${run.cases} near-misses\n${formatNearMiss(run.results)}`,
  );
  return 0;
}

export async function runEval(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    models: { type: 'string' },
    'accepted-only': { type: 'boolean' },
    sugarcrepe: { type: 'string' },
    images: { type: 'string' },
    json: { type: 'boolean' },
    'near-miss': { type: 'boolean' },
    seed: { type: 'string' },
    pairs: { type: 'string' },
  });
  if (values['near-miss']) return runNearMiss(values, io);
  let cases: EvalCase[] = [];
  const errors: string[] = [];
  // Images by path: read (and decoded) only when a pair needs them.
  let root: string;
  if (values.sugarcrepe) {
    if (!values.images) throw usageError('--sugarcrepe needs --images DIR, the folder with the images the files name');
    root = values.images;
    for (const file of values.sugarcrepe.split(',')) {
      const type = path.basename(file).replace(/\.json$/, '');
      const parsed = parseSugarCrepe(
        await fs.readFile(file, 'utf8').catch(() => {
          throw Object.assign(new Error(`cannot read ${file}`), { exitCode: 2 });
        }),
        type,
      );
      cases.push(...parsed.cases);
      errors.push(...parsed.errors);
    }
  } else {
    const [dir] = paths;
    if (!dir) throw usageError('eval needs a folder with negatives.jsonl, or --sugarcrepe FILE.json --images DIR');
    root = dir;
    const file = path.join(dir, 'negatives.jsonl');
    if (!existsSync(file))
      throw Object.assign(new Error(`${file} does not exist — make negatives first (clip-curator negatives … --out ${dir})`), { exitCode: 2 });
    const rows = (await fs.readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as NegativeRow);
    cases = casesFromNegatives(
      rows.map((r) => ({
        type: r.type,
        family: r.family,
        modality: r.modality,
        positiveImageHash: r.file_name,
        positiveText: r.text,
        text: r.negative_text,
        imageHash: r.negative_file_name,
        status: r.status,
        filtered: r.filtered ?? undefined,
      })),
      !!values['accepted-only'],
    );
  }
  const models = await loadNodeModels(values.models ? values.models.split(',').map((m) => m.trim()) : DEFAULT_MODELS);
  const store = memoryStore();
  const missing = new Set<string>();
  const results = await evaluate(cases, async (pairs) => {
    const r = await scorePairs(
      models,
      pairs.map((p, i) => ({ id: String(i), imageHash: p.image, text: p.text })),
      {
        store,
        loadImage: async (name) => {
          const resolved = path.resolve(root, name);
          if (!resolved.startsWith(path.resolve(root) + path.sep)) throw new Error(`"${name}" is outside ${root}`);
          try {
            return decodeImage(new Uint8Array(await fs.readFile(resolved)));
          } catch (e) {
            missing.add(name);
            throw e;
          }
        },
      },
    );
    return pairs.map((_, i) => r.scores.get(String(i)) ?? null);
  });
  for (const m of models) await m.release();
  if (missing.size) errors.push(`${missing.size} images could not be read, e.g. ${[...missing][0]} — their cases are left out`);
  io.out(values.json ? JSON.stringify({ command: 'eval', cases: cases.length, results, errors }) : formatEval(results));
  for (const e of errors.slice(0, 20)) io.err(`  ${e}`);
  return 0;
}
