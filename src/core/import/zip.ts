// Opens a .zip (for example an export of this app) into files the importers read; names may not escape the archive.

import { unzipSync } from 'fflate';
import type { RowError } from '../model.ts';
import { resolveInside, stripExtension } from './paths.ts';
import { memoryFile, type SourceFile } from './source.ts';

export async function expandZip(zip: SourceFile): Promise<{ files: SourceFile[]; errors: RowError[] }> {
  const files: SourceFile[] = [];
  const errors: RowError[] = [];
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(await zip.bytes());
  } catch (e) {
    return { files, errors: [{ source: zip.path, reason: `not a readable zip archive (${(e as Error).message})` }] };
  }
  const root = stripExtension(zip.path);
  for (const [name, bytes] of Object.entries(members)) {
    if (name.endsWith('/')) continue;
    const safe = resolveInside(root, name);
    if ('error' in safe) errors.push({ source: zip.path, reason: `member ${safe.error}; it was not read` });
    else files.push(memoryFile(safe.path, bytes));
  }
  return { files, errors };
}
