// `clip-curator merge`: join the parts that a stage's shard tasks wrote (`--shard I/N`) into one dataset folder, the
// same as one process would have written: rows back in input order (part I holds the input's items I, I+N, I+2N, …),
// each image once, negatives in their items' order with the whole-dataset filter applied again over all of them.
// Every part must be there and complete, from the same stage and input; otherwise nothing is written and the error
// names the tasks to run again.

import { createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { jsonLine } from '../../core/export/jsonLine.ts';
import { FILTER_REASONS, markEasy } from '../../core/negatives/quality.ts';
import type { NegativeRow } from '../../core/negatives/rows.ts';
import { parse, usageError, type Io } from '../common.ts';
import { OutputFolder } from '../outputFolder.ts';
import { PART_NAME, partName, type ShardRecord, shardSize } from '../shard.ts';
import { readStoredVectors, writeVectors } from '../vectors.ts';

interface Part {
  dir: string;
  manifest: Record<string, unknown> & { stage?: string; shard?: ShardRecord; createdAt?: string };
  rows: string[];
}

function fail(message: string, exitCode = 1): Error {
  return Object.assign(new Error(message), { exitCode });
}

/** The part folders an argument names: a part itself, or a stage's --out folder holding parts. */
async function partsIn(arg: string): Promise<string[]> {
  const stat = await fs.stat(arg).catch(() => undefined);
  if (!stat?.isDirectory()) throw fail(`cannot read ${arg}: no such folder`, 2);
  if (PART_NAME.test(path.basename(path.resolve(arg)))) return [arg];
  const found = (await fs.readdir(arg)).filter((n) => PART_NAME.test(n)).sort();
  if (!found.length) throw fail(`${arg} holds no parts (folders named like part-00000-of-00004, written by a stage run with --shard I/N)`, 2);
  return found.map((n) => path.join(arg, n));
}

const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);

async function readPart(dir: string): Promise<Part> {
  const manifest = await fs
    .readFile(path.join(dir, 'manifest.json'), 'utf8')
    .then((t) => JSON.parse(t) as Part['manifest'])
    .catch(() => {
      throw fail(`${dir}: no readable manifest.json — this part is not complete; run its task again`);
    });
  if (!manifest.shard) throw fail(`${dir}: its manifest.json names no shard — it was not written by a stage run with --shard I/N`);
  // A part of a training-set export (WebDataset tars): no rows of its own.
  if (isExport(manifest)) return { dir, manifest, rows: [] };
  const rows = lines(await fs.readFile(path.join(dir, 'metadata.jsonl'), 'utf8'));
  const expected = shardSize(manifest.shard.inputItems, manifest.shard);
  if (rows.length !== manifest.shard.items || rows.length !== expected)
    throw fail(`${dir}: ${rows.length} rows where its shard of ${manifest.shard.inputItems} input items has ${expected} — run its task again with --force`);
  return { dir, manifest, rows };
}

const isExport = (m: Part['manifest']) => m.stage === undefined && typeof m.format === 'string';

/**
 * Join the parts of `export --format webdataset --shard I/N`: each wrote its own tars under the single run's names,
 * and the same manifest; the merged folder is every tar and that manifest (equal to the single run's, byte for byte).
 */
async function mergeExport(parts: Part[], out: OutputFolder, io: Io, values: { out?: string; json?: boolean }): Promise<number> {
  const strip = (m: Part['manifest']) => {
    const { shard: _shard, ...rest } = m;
    return rest;
  };
  const manifest = strip(parts[0].manifest);
  for (const p of parts)
    if (JSON.stringify(strip(p.manifest)) !== JSON.stringify(manifest))
      throw fail(`${p.dir} was exported with other settings or input than ${parts[0].dir} — export every part the same way`);
  const done = new Set<string>();
  let files = 0;
  for (const p of parts)
    for (const name of (await fs.readdir(p.dir)).filter((n) => n !== 'manifest.json').sort()) {
      if (done.has(name)) throw fail(`${name} is in two parts (${p.dir} and another) — merge the parts of one run only`);
      done.add(name);
      await linkOrCopy(path.join(p.dir, name), path.join(out.dir, name));
      files++;
    }
  const expected = Number(manifest.shards ?? files);
  if (files !== expected) throw fail(`the parts hold ${files} tar shards where the export has ${expected} — run the parts again with --force`);
  await fs.writeFile(path.join(out.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await out.commit();
  const summary = { command: 'merge', parts: parts.length, format: manifest.format, shards: files, pairs: manifest.pairs, out: values.out };
  io.out(values.json ? JSON.stringify(summary) : `merge: ${parts.length} parts → ${files} tar shards, ${manifest.pairs} pairs in ${values.out}`);
  return 0;
}

/** Check that the parts are one complete set: same stage, same input, every index of 0..N−1 once. */
function checkSet(parts: Part[]): number {
  const first = parts[0].manifest;
  const count = first.shard!.count;
  for (const p of parts) {
    const s = p.manifest.shard!;
    if (s.count !== count) throw fail(`${p.dir} is a part of ${s.count} shards, ${parts[0].dir} of ${count} — merge the parts of one run only`);
    if (p.manifest.stage !== first.stage) throw fail(`${p.dir} comes from the stage "${p.manifest.stage}", ${parts[0].dir} from "${first.stage}"`);
    if (s.inputItems !== first.shard!.inputItems)
      throw fail(`${p.dir} read ${s.inputItems} input items, ${parts[0].dir} ${first.shard!.inputItems} — the tasks read different inputs`);
  }
  const seen = new Map<number, string>();
  for (const p of parts) {
    const i = p.manifest.shard!.index;
    if (seen.has(i)) throw fail(`shard ${i} is given twice (${seen.get(i)} and ${p.dir})`);
    seen.set(i, p.dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length) {
    const names = missing.slice(0, 10).map((index) => partName({ index, count }));
    throw fail(
      `${missing.length} of ${count} parts are missing (${names.join(', ')}${missing.length > 10 ? ', …' : ''}) — run tasks ${missing.slice(0, 20).join(',')} again (sbatch --array=${missing.slice(0, 20).join(',')} …), then merge`,
    );
  }
  return count;
}

/** A hard link where the file system allows (parts' files never change once written), else a copy. */
const linkOrCopy = (from: string, to: string) => fs.link(from, to).catch(() => fs.copyFile(from, to));

/** Put a part's files under `sub` in the merged folder (content-addressed names: one of each). */
async function copyFiles(from: string, to: string, sub: string, done: Set<string>): Promise<number> {
  const names = await fs.readdir(path.join(from, sub)).catch(() => [] as string[]);
  if (!names.length) return 0;
  await fs.mkdir(path.join(to, sub), { recursive: true });
  let copied = 0;
  for (const name of names) {
    const key = `${sub}/${name}`;
    if (done.has(key)) continue;
    done.add(key);
    await linkOrCopy(path.join(from, sub, name), path.join(to, sub, name));
    copied++;
  }
  return copied;
}

/** The item id a negative belongs to: its id is `itemId|type|generator|seed`. */
const negativeItem = (id: string) => id.split('|').slice(0, -3).join('|');

export async function runMerge(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(args, { out: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } });
  if (!positionals.length) throw usageError('merge needs the parts (or the folder that holds them)');
  if (!values.out) throw usageError('merge needs --out DIR');
  const dirs = (await Promise.all(positionals.map(partsIn))).flat();
  const parts = await Promise.all(dirs.map(readPart));
  const count = checkSet(parts);
  parts.sort((a, b) => a.manifest.shard!.index - b.manifest.shard!.index);
  const total = parts[0].manifest.shard!.inputItems;

  const out = await OutputFolder.create(values.out, values.force, 'a dataset');
  if (isExport(parts[0].manifest)) return mergeExport(parts, out, io, values);
  const negParts = await Promise.all(parts.map((p) => fs.readFile(path.join(p.dir, 'negatives.jsonl'), 'utf8').catch(() => undefined)));
  const withNegatives = negParts.some((t) => t !== undefined);
  // Rows in input order: item j is row ⌊j/N⌋ of part j mod N.
  const rows = createWriteStream(path.join(out.dir, 'metadata.jsonl'));
  const position = new Map<string, number>();
  for (let j = 0; j < total; j++) {
    const line = parts[j % count].rows[Math.floor(j / count)];
    if (withNegatives) {
      const id = (JSON.parse(line) as { id?: string }).id;
      if (id !== undefined && !position.has(id)) position.set(id, j);
    }
    if (!rows.write(`${line}\n`)) await once(rows, 'drain');
  }
  rows.end();
  await once(rows, 'finish');
  const copied = new Set<string>();
  let images = 0;
  for (const p of parts) {
    images += await copyFiles(p.dir, out.dir, 'images', copied);
    await copyFiles(p.dir, out.dir, 'negatives', copied);
  }
  // Stored embeddings: every part's, one per key (sorted, as a single run writes them).
  const stored = await readStoredVectors(
    parts.map((p) => p.dir),
    io,
  );
  const vectors = stored.size
    ? await writeVectors(
        out.dir,
        { entries: (m) => [...(stored.get(m) ?? [])] },
        // In the order the parts' manifests list them (the stage's model order), then any others.
        [...new Set([...Object.keys((parts[0].manifest.vectors as Record<string, unknown>) ?? {}), ...stored.keys()])].filter((m) => stored.has(m)),
        null,
      )
    : undefined;
  // Negatives: in their items' order (a part keeps each item's own order), the "far easier" filter over them all.
  let negatives: number | undefined;
  if (withNegatives) {
    const all = negParts.flatMap((t) => lines(t ?? '').map((l) => JSON.parse(l) as NegativeRow & { id: string }));
    const at = (n: { id: string }) => position.get(negativeItem(n.id)) ?? Number.MAX_SAFE_INTEGER;
    const order = all.map((n, k) => ({ n, k, pos: at(n) })).sort((a, b) => a.pos - b.pos || a.k - b.k);
    const sorted = order.map((o) => o.n);
    for (const n of sorted) if (n.filtered === FILTER_REASONS.easy) n.filtered = null;
    markEasy(sorted);
    await fs.writeFile(path.join(out.dir, 'negatives.jsonl'), sorted.map((n) => `${jsonLine(n)}\n`).join(''));
    negatives = sorted.length;
  }
  const { shard: _shard, ...rest } = parts[0].manifest;
  const manifest = {
    ...rest,
    createdAt: parts.map((p) => p.manifest.createdAt ?? '').sort()[0] || rest.createdAt,
    rows: total,
    images,
    ...(negatives !== undefined && 'negatives' in rest ? { negatives } : {}),
    ...(vectors ? { vectors } : {}),
    merged: { parts: count, from: parts.map((p) => path.basename(p.dir)) },
  };
  await fs.writeFile(path.join(out.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await out.commit();
  const summary = { command: 'merge', parts: count, rows: total, images, ...(negatives !== undefined ? { negatives } : {}), out: values.out };
  io.out(
    values.json
      ? JSON.stringify(summary)
      : `merge: ${count} parts → ${total} rows, ${images} images${negatives !== undefined ? `, ${negatives} negatives` : ''} in ${values.out}`,
  );
  return 0;
}
