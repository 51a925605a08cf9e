// What every clip-curator command shares: the usage text, option parsing, reading inputs, writing dataset folders.

import { DEFAULT_DEDUP_THRESHOLD } from '../core/search/dedup.ts';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { importFiles, type ImportedItem, type ImportSummary } from '../core/import/importer.ts';
import type { Item } from '../core/model.ts';
import { toContentItem } from '../core/import/toItem.ts';
import { APP_VERSION } from '../core/version.ts';
import { DatasetFolderWriter } from './folder.ts';
import { sourcesForPath } from './fsSource.ts';
import { DEFAULT_MODELS } from './models.ts';
import { HF_DEFAULTS, HfProvider, type HfSettings } from '../core/providers/hf.ts';
import { OfflineProvider } from '../core/providers/offline.ts';
import type { Provider } from '../core/providers/types.ts';
import { decodeImage } from './decode.ts';
import { NEGATIVE_TYPES } from '../core/negatives/types.ts';
import { EXPORT_FORMATS } from '../core/export/formats.ts';

export const USAGE = `clip-curator — curate image–text data for CLIP-style models

Usage:
  clip-curator import <path...> [--json] [--out DIR] [--force]
      Read images with captions (JSONL, CSV/TSV, metadata.jsonl, .txt sidecars, WebDataset .tar, .zip),
      lone images and lone texts. Prints counts by kind, duplicates and every per-row error.
      With --out, writes the imported items as a dataset folder (metadata.jsonl + images/) for the next stage.

  clip-curator demo --out DIR [--seed N] [--count N]
      Write a demo dataset of synthetic scenes: correct and mismatched pairs, lone images, lone texts,
      with ground truth (a boolean "match" on pairs, the true caption and the scene).

  clip-curator score <path...> [--json] [--out DIR [--embeddings]] [--models a,b] [--batch N] [--threads N] [--shard I/N]
      Score every pair with CLIP in Node (onnxruntime-node): one line per item with its file_name, caption,
      each model's cosine and the ensemble. Models: names under models/ or model folders in the Hugging Face
      ONNX layout (default: ${DEFAULT_MODELS.join(', ')}). With --out, writes the scored dataset folder; with
      --embeddings also each model's embeddings in vectors/<model>/ (keys.txt, vectors.npy), which merge, dedup,
      search, score and the app's import reuse instead of encoding again.

  clip-curator search <path...> (--text "a prompt" | --image FILE) [--top K] [--models a,b] [--json]
      Rank the images by their similarity to a text prompt, or to an image (more like this): the best K (default 20)
      with file_name, caption and the ensemble's cosine, best first.

  clip-curator download <list> --out DIR [--url-col url] [--caption-col caption] [--concurrency N] [--timeout S]
                        [--retries N] [--max-mib M] [--force] [--json]
      Fetch the images of an img2dataset URL list (CSV, TSV, JSONL, Parquet, or .txt with one URL per line): N at
      a time (default 16), retrying 429 and 5xx answers, with a timeout (default 10 s), redirects, a size limit
      (default 32 MiB) and the pixel limit. Writes a dataset folder of what arrived (images/, metadata.jsonl) and
      download-report.json: the success and failure counts by reason, and each failed row with its reason.

  clip-curator dedup <path...> [--threshold T] [--models a,b] [--json]
  clip-curator dedup <path...> --shard I/N --out DIR [--models a,b]   dedup's embedding pass as a shard task (= score
      --embeddings); merge the parts, then dedup the merged folder: it reads the stored embeddings
      Clusters of near-duplicate images (their embeddings' cosine, the models' mean, at or above T; default
      ${DEFAULT_DEDUP_THRESHOLD}), largest first, each as the file_names the dataset uses (--json: one JSON array per line).

  clip-curator fetch-model <hub-id | base-url> [--out DIR] [--variant quantized|fp16] [--revision REV] [--hub URL]
      Download a CLIP model in the Hugging Face ONNX layout (for example Xenova/clip-vit-base-patch32) into
      models/<name> (or DIR), so that score, the app and Settings can use it. HF_TOKEN is sent, if set, as a header.

  clip-curator caption|repair|generate <path...> --provider offline|hf --out DIR [--threshold T] [--cut-model M] [--json]
        [--endpoint URL] [--image-endpoint URL] [--model ID] [--inference-provider NAME]
      Run one route of the paper's preprocessing headless: caption lone images, repair pairs that score under
      the threshold (default 0.3 on the ensemble), or generate images for lone texts; then score the results
      again and print a JSON summary (done, failed with reasons, requests, share now passing the threshold).
      The offline provider reads and draws the synthetic world only; hf calls Hugging Face models with the
      token from HF_TOKEN (sent only as a header to the endpoint, never printed).

  clip-curator compare-prompts <path...> --route caption|repair [--templates FILE.json] [--sample N] --provider offline|hf
      Run each prompt template (a JSON list of {id, version, text}; default: the built-in ones) on the same N items
      and print the mean CLIP score of what each produced, best first, with examples.

  clip-curator negatives <path...> --out DIR [--types color,count,...] [--seed N] [--grid 2|3|4] [--generator rules|llm]
        [--image-edits] [--provider offline|hf] [--threshold T] [--models a,b] [--json]
      Make hard negatives for the pairs that score at least T (default 0.3 on the ensemble; --threshold=-1 takes
      every pair). Types: ${NEGATIVE_TYPES.slice(0, 6).join(', ')},
      ${NEGATIVE_TYPES.slice(6).join(', ')}. Each is scored by the models (hardness = s(negative) − s(positive))
      and checked by the quality filters. Writes the dataset, negatives.jsonl (one line per negative: file_name,
      text, type, negative_text or negative_file_name, hardness, …) and negatives/ images; prints a JSON summary.

  clip-curator export <path> --format FORMAT --out DIR [--min-score T | --cut FILE] [--shard-size N] [--shard I/N] [--json]
                      [--min-words N] [--max-words N] [--min-side PX] [--max-aspect R] [--unique-captions]
      Write a training set from a dataset folder (and its negatives.jsonl, if any): every pair that is not rejected
      (with --min-score, only those whose ensemble score is at least T), with its kept hard negatives. DataComp's
      basics: caption words, the image's shorter side and aspect ratio, the first of each repeated caption.
      --cut FILE obeys the cut approved in the app: an app export's manifest.json (its "threshold") or
      {"model": M, "value": T}; an unapproved cut is refused unless --unapproved-cut. With --shard I/N (WebDataset
      only) a task writes the tars k with k mod N = I, under the single run's names; merge joins the parts.
      Formats: ${EXPORT_FORMATS.join(', ')}.
      Output is deterministic; a manifest.json states what was exported.

  clip-curator eval <path> [--models a,b] [--accepted-only] [--json]
  clip-curator eval --sugarcrepe FILE.json[,FILE.json] --images DIR [--models a,b] [--json]
  clip-curator eval --near-miss [--seed 777] [--pairs 400] [--models a,b] [--json]   held-out synthetic pairs vs
      their captions changed in one word or relation: paired accuracy and AUC per type
      Measure how compositional the models are: SugarCrepe-style accuracy per negative type (positive caption
      scored above the negative) and Winoground-style text, image and group scores where a case has both a text
      and an image negative, models side by side. Reads a folder with negatives.jsonl (from negatives), or
      SugarCrepe's JSON files ({id: {filename, caption, negative_caption}}) with their images.

  clip-curator merge <part-folder... | stage-out-folder> --out DIR [--force] [--json]
      Join the parts that a stage's shard tasks wrote (score, negatives, caption, repair or generate run with
      --shard I/N --out DIR write DIR/part-0000I-of-0000N) into one dataset folder equal to a single process's
      output: rows in input order, each image once, negatives in order with the whole-set filter applied again.
      Refuses an incomplete set and names the tasks to run again.

  clip-curator plan --engine slurm|kubernetes --stage score|negatives|caption|repair|generate|export|dedup --shards N --out DIR
                    <input...> [--merged DIR] [--to PLAN_DIR] [--cpus C] [--mem M] [--time T] [--partition P]
                    [--parallel K] [--retries R] [--workdir DIR] [--cli CMD] [--image IMG] [--claim PVC]
                    [--mount PATH] [--namespace NS] [--force] [-- STAGE OPTIONS…]
      Write what the engine needs to run the stage as N shard tasks and merge them: for slurm an sbatch array
      script (SLURM_ARRAY_TASK_ID, --requeue, retries), merge.sbatch and submit.sh (merge after every task
      succeeded); for kubernetes an Indexed Job (JOB_COMPLETION_INDEX, backoffLimitPerIndex, a volume claim),
      a merge Job and run.sh. Every stage above takes --shard I/N: the input items at positions I, I+N, I+2N, …;
      a task whose part is complete already does nothing.

Exit status: 0 when the input was readable (even if some rows failed), 2 when a path cannot be read, 1 on bad usage.`;

export type Io = { out: (s: string) => void; err: (s: string) => void };
export const stdio: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

export function usageError(message: string): Error {
  return Object.assign(new Error(`${message}\n\n${USAGE}`), { exitCode: 1 });
}

/** Parse a command's options; a parse error is a usage error. */
export function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (e) {
    throw usageError((e as Error).message);
  }
}

export interface Inputs {
  items: ImportedItem[];
  summary: ImportSummary;
  /** Image bytes by content hash (each stored once). */
  images: Map<string, Uint8Array>;
  /** Items in the whole input, the selected or not (`items` holds the selected ones). */
  inputItems: number;
}

/**
 * Read every path with the importers. A path that cannot be read at all stops the command (exit 2). `select` keeps
 * the items at some positions of the input only (a shard); the others are counted and their images dropped.
 */
export async function readInputs(paths: string[], select?: (seq: number) => boolean): Promise<Inputs> {
  if (!paths.length) throw usageError('give at least one path');
  const sources = [];
  for (const p of paths) {
    try {
      sources.push({ arg: p, isFolder: (await fs.stat(p)).isDirectory(), ...(await sourcesForPath(p)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      throw Object.assign(new Error(`cannot read ${p}: ${why}`), { exitCode: 2 });
    }
  }
  const summary: ImportSummary = { counts: { pair: 0, image: 0, text: 0 }, duplicates: 0, errors: [], skipped: [] };
  const items: ImportedItem[] = [];
  const images = new Map<string, Uint8Array>();
  let seq = 0;
  const kept = new Set<string>();
  for (const source of sources) {
    const shown = (name: string) => (source.isFolder ? path.join(source.arg, name) : path.join(path.dirname(source.arg), name));
    for await (const ev of importFiles(source.files, { loneImages: source.loneImages })) {
      if (ev.type === 'item') {
        const it = ev.item;
        // Every image is kept until the end: a later selected item may share the content of one left out.
        if (it.image?.bytes && !images.has(it.image.hash)) images.set(it.image.hash, it.image.bytes);
        if (select && !select(seq++)) continue;
        summary.counts[it.kind]++;
        if (it.image) {
          if (kept.has(it.image.hash)) summary.duplicates++;
          kept.add(it.image.hash);
        }
        items.push(it);
      } else if (ev.type === 'error') {
        if (ev.error.reason.startsWith('skipped:')) summary.skipped.push(shown(ev.error.source));
        else summary.errors.push({ ...ev.error, source: shown(ev.error.source) });
      }
    }
  }
  const inputItems = select ? seq : items.length;
  if (select) for (const hash of images.keys()) if (!kept.has(hash)) images.delete(hash);
  return { items, summary, images, inputItems };
}

/** Write items (with their images) as a dataset folder for the next stage. */
export async function writeFolder(
  out: string,
  force: boolean | undefined,
  inputs: Inputs,
  stage: string,
  extra: (item: Item) => Item = (i) => i,
  manifest: Record<string, unknown> = {},
  /** Writes a stage's own files into the folder before it is put in place; returns more manifest fields. */
  beforeClose?: (dir: string) => Promise<Record<string, unknown>>,
) {
  const writer = await DatasetFolderWriter.open(out, force);
  const now = new Date().toISOString();
  for (const [seq, it] of inputs.items.entries()) {
    const item = extra(toContentItem(it, 'cli', seq, now));
    const bytes = it.image ? inputs.images.get(it.image.hash) : undefined;
    await writer.add(item, it.image ? { mime: it.image.mime, bytes: bytes ? async () => bytes : undefined } : undefined);
  }
  const more = beforeClose ? await beforeClose(writer.dir) : {};
  await writer.close({ app: 'clip-curator', version: APP_VERSION, stage, createdAt: now, ...manifest, ...more });
}

/**
 * The provider a command asked for (--provider offline|hf; offline when absent). For hf the token comes from
 * HF_TOKEN, as in Hugging Face's own tools, and is never printed.
 */
export function cliProvider(name: string | undefined, hf: Partial<HfSettings> = {}): { name: 'offline' | 'hf'; provider: Provider } {
  const kind = name ?? 'offline';
  if (kind !== 'offline' && kind !== 'hf') throw usageError(`unknown provider "${kind}" — use offline or hf`);
  return {
    name: kind,
    provider:
      kind === 'hf'
        ? new HfProvider({ ...HF_DEFAULTS, token: process.env.HF_TOKEN || undefined, ...hf })
        : new OfflineProvider(async (img) => decodeImage(img.bytes)),
  };
}

/** One command's part of the usage (its synopsis lines and their description), for `clip-curator <command> --help`. */
export function commandUsage(command: string): string | undefined {
  const blocks = USAGE.split('\n\n').filter((b) => b.includes('clip-curator '));
  const named = (b: string) =>
    b
      .split('\n')
      .filter((l) => /^\s+clip-curator /.test(l))
      .some((l) => l.trim().split(/\s+/)[1].split('|').includes(command));
  const block = blocks.find(named);
  return block ? `Usage:\n${block.replace(/^Usage:\n/, '')}` : undefined;
}
