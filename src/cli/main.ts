// The clip-curator command line: the same core as the app, headless. Each stage reads and writes dataset folders.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importFiles, type ImportSummary } from '../core/import/importer.ts';
import { toItem } from '../core/import/toItem.ts';
import { APP_VERSION } from '../core/version.ts';
import { DatasetFolderWriter } from './folder.ts';
import { sourcesForPath } from './fsSource.ts';

const USAGE = `clip-curator — curate image–text data for CLIP-style models

Usage:
  clip-curator import <path...> [--json] [--out DIR] [--force]
      Read images with captions (JSONL, CSV/TSV, metadata.jsonl, .txt sidecars, WebDataset .tar, .zip),
      lone images and lone texts. Prints counts by kind, duplicates and every per-row error.
      With --out, writes the imported items as a dataset folder (metadata.jsonl + images/) for the next stage.

Exit status: 0 when the input was readable (even if some rows failed), 2 when a path cannot be read, 1 on bad usage.`;

type Io = { out: (s: string) => void; err: (s: string) => void };
const stdio: Io = { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n') };

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 1;
  }
  try {
    if (command === 'import') return await runImport(rest, io);
    io.err(`clip-curator: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  } catch (e) {
    io.err(`clip-curator ${command}: ${(e as Error).message}`);
    return (e as { exitCode?: number }).exitCode ?? 1;
  }
}

function usageError(message: string): Error {
  return Object.assign(new Error(`${message}\n\n${USAGE}`), { exitCode: 1 });
}

async function runImport(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, out: { type: 'string' }, force: { type: 'boolean' } } });
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const { positionals: paths, values } = parsed;
  if (!paths.length) throw usageError('import needs at least one path');
  // Check every path before writing anything: an unreadable path is the user's to fix, not a row error.
  const sources = [];
  for (const p of paths) {
    try {
      sources.push({ arg: p, ...(await sourcesForPath(p)) });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      throw Object.assign(new Error(`cannot read ${p}: ${why}`), { exitCode: 2 });
    }
  }
  const writer = values.out ? await DatasetFolderWriter.open(values.out, values.force) : undefined;
  const summary: ImportSummary = { counts: { pair: 0, image: 0, text: 0 }, duplicates: 0, errors: [], skipped: [] };
  const seenHashes = new Set<string>();
  const now = new Date().toISOString();
  let seq = 0;
  for (const source of sources) {
    const isFolder = (await fs.stat(source.arg)).isDirectory();
    const shown = (name: string) => (isFolder ? path.join(source.arg, name) : path.join(path.dirname(source.arg), name));
    for await (const ev of importFiles(source.files, { loneImages: source.loneImages })) {
      if (ev.type === 'item') {
        const it = ev.item;
        summary.counts[it.kind]++;
        if (it.image) {
          if (seenHashes.has(it.image.hash)) summary.duplicates++;
          seenHashes.add(it.image.hash);
        }
        if (writer) {
          const item = toItem(it, 'cli', seq++, now);
          const bytes = it.image?.bytes;
          await writer.add(item, it.image ? { mime: it.image.mime, bytes: bytes ? async () => bytes : undefined } : undefined);
        }
      } else if (ev.type === 'error') {
        if (ev.error.reason.startsWith('skipped:')) summary.skipped.push(shown(ev.error.source));
        else summary.errors.push({ ...ev.error, source: shown(ev.error.source) });
      }
    }
  }
  if (writer) await writer.close({ app: 'clip-curator', version: APP_VERSION, stage: 'import', sources: paths, createdAt: now });
  if (values.json) io.out(JSON.stringify({ ...summary, ...(values.out ? { out: values.out } : {}) }));
  else {
    io.out(`imported ${summary.counts.pair} pairs, ${summary.counts.image} lone images, ${summary.counts.text} lone texts; ${summary.duplicates} duplicate images`);
    for (const e of summary.errors) io.out(`  ${e.source}${e.row !== undefined ? `:${e.row}` : ''}: ${e.reason}`);
    if (summary.skipped.length) io.out(`  skipped ${summary.skipped.length} files of unknown type: ${summary.skipped.slice(0, 5).join(', ')}${summary.skipped.length > 5 ? ', …' : ''}`);
    if (values.out) io.out(`wrote ${values.out}/metadata.jsonl`);
  }
  return 0;
}
