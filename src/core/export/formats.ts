// Curated training sets in the formats training code reads: JSONL with full provenance and negatives, OpenCLIP CSV,
// NegCLIP-style TSV, WebDataset tar shards, Hugging Face imagefolder, and Parquet with image bytes. Each format is one
// writer under writers/, listed in writers/index.ts. Every format is written file by file, chunk by chunk, into a
// sink (a zip in the browser, a folder in the CLI): rows stream from the database and images are read one at a time.
// Output is deterministic for the same data and settings.

import { writeEmbeddings } from './embeddings.ts';
import type { ExportInput, ExportResult, ExportSettings, ExportSink } from './types.ts';
import { EXPORT_WRITERS } from './writers/index.ts';
import { WriteContext, writeText } from './writers/shared.ts';

export type { ExportInput, ExportPair, ExportResult, ExportSettings, ExportSink } from './types.ts';
export { pythonList, sanitizeName } from './writers/shared.ts';

export type ExportFormat = (typeof EXPORT_WRITERS)[number]['id'];
export const EXPORT_FORMATS: readonly ExportFormat[] = EXPORT_WRITERS.map((w) => w.id);
export const FORMAT_NAMES = Object.fromEntries(EXPORT_WRITERS.map((w) => [w.id, w.label])) as Record<ExportFormat, string>;

/** Which pairs a training set holds: accepted ones, every pair not rejected, or those not rejected at or above the cut. */
export type TrainingFilter = 'accepted' | 'not-rejected' | 'cut';

export async function exportDataset(input: ExportInput, sink: ExportSink, settings: ExportSettings): Promise<ExportResult> {
  const writer = EXPORT_WRITERS.find((w) => w.id === settings.format);
  if (!writer) throw new Error(`unknown export format "${settings.format}" — use one of ${EXPORT_FORMATS.join(', ')}`);
  if (settings.onlyTars && writer.id !== 'webdataset')
    throw new Error(`only WebDataset exports are written by tar shard; ${writer.label} is one table — export the merged dataset once`);
  const ctx = new WriteContext(input, sink, settings.shardSize, settings.onProgress, settings.onlyTars);
  const { images, manifest: own } = await writer.write(ctx);
  ctx.progress();
  const { pairs, negatives, files } = ctx;
  const warnings = ctx.formulaLike
    ? [
        `${ctx.formulaLike.toLocaleString('en-US')} caption${ctx.formulaLike === 1 ? ' starts' : 's start'} with =, +, - or @: written unchanged for training code, but a spreadsheet may run ${ctx.formulaLike === 1 ? 'it' : 'them'} as a formula — do not open the tables in one`,
      ]
    : [];
  const embeddings = settings.embeddings ? await writeEmbeddings(input, sink, settings.embeddings, files) : undefined;
  if (embeddings)
    for (const [model, m] of Object.entries(embeddings.models))
      if (m.missingImage || m.missingText)
        warnings.push(
          `${model}: ${m.missingImage} image and ${m.missingText} caption embedding(s) were not computed yet and are rows of zeros — score the pairs first`,
        );
  const manifest = {
    ...settings.manifest,
    format: writer.id,
    formatName: writer.label,
    ...own,
    pairs,
    images,
    negatives,
    ...(embeddings ? { embeddings } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
  await writeText(sink, 'manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  files.push('manifest.json');
  return { pairs, images, negatives, files, warnings };
}
