// Opens a .zip (for example an export of this app) into files the importers read; names may not escape the archive,
// and members over the size, total or ratio limits are errors (checked before inflating; the rest still imports).

import { unzipSync } from 'fflate';
import type { RowError } from '../model.ts';
import { ARCHIVE_LIMITS, archiveMemberError } from './limits.ts';
import { resolveInside, stripExtension } from './paths.ts';
import { memoryFile, type SourceFile } from './source.ts';

/** Expand a zip's members; one over the archive limits (checked on declared sizes, before inflating) is an error. */
export async function expandZip(zip: SourceFile, limits = ARCHIVE_LIMITS): Promise<{ files: SourceFile[]; errors: RowError[] }> {
  const files: SourceFile[] = [];
  const errors: RowError[] = [];
  let members: Record<string, Uint8Array>;
  let expanded = 0;
  try {
    members = unzipSync(await zip.bytes(), {
      filter: (m) => {
        if (m.name.endsWith('/')) return false;
        const refused = archiveMemberError(m, expanded, limits);
        if (refused) errors.push({ source: zip.path, reason: refused });
        else expanded += m.originalSize;
        return !refused;
      },
    });
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
