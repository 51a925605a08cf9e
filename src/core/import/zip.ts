// Opens a .zip (for example an export of this app) into files the importers read, streaming: the archive is read in
// pieces through fflate's `Unzip` and never held whole. Names may not escape the archive; members over the size,
// total or ratio limits are errors, checked on the sizes a member's header declares before it is inflated, and again
// on the bytes it actually expands to (a header may lie or, with a data descriptor, declare nothing). The rest still
// imports.

import { type AsyncFlateStreamHandler, Inflate, Unzip, type UnzipDecoder, type UnzipFile, UnzipPassThrough } from 'fflate';
import type { RowError } from '../model.ts';
import { ARCHIVE_LIMITS, archiveMemberError, archiveOverrunError } from './limits.ts';
import { concat } from './lines.ts';
import { resolveInside, stripExtension } from './paths.ts';
import { memoryFile, type SourceFile } from './source.ts';

/** Pieces pushed into the unzipper. */
const PIECE = 64 * 1024;
/** Compressed bytes inflated at a time: deflate's ~1032:1 best makes this at most ~4 MiB of output per step. */
const INFLATE_STEP = 4 * 1024;

/** Expand a zip's members, streaming; one over the archive limits is an error and the others are still read. */
export async function expandZip(zip: SourceFile, limits = ARCHIVE_LIMITS): Promise<{ files: SourceFile[]; errors: RowError[] }> {
  const files: SourceFile[] = [];
  const errors: RowError[] = [];
  const root = stripExtension(zip.path);
  let expanded = 0;
  let head: Uint8Array | undefined;
  let failure: Error | undefined;
  // Compressed bytes the member being read has fed its inflater so far (members are read one after another).
  const current = { consumed: 0 };

  /**
   * fflate's UnzipInflate hands a member's whole compressed data to one inflate call when the sizes come after the
   * data (a data descriptor), so a 1 MiB bomb would become 1 GiB before anyone could look. This decoder inflates in
   * small steps, so the limits are checked after every few MiB of output and a refused member stops at once.
   */
  class SteppedInflate implements UnzipDecoder {
    static compression = 8;
    ondata: AsyncFlateStreamHandler = () => {};
    private stopped = false;
    private readonly inflate = new Inflate((data, final) => this.ondata(null, data, final));
    constructor() {
      current.consumed = 0;
    }
    push(chunk: Uint8Array, final: boolean) {
      if (chunk.length === 0) this.inflate.push(chunk, final);
      for (let i = 0; i < chunk.length && !this.stopped; i += INFLATE_STEP) {
        const step = chunk.subarray(i, i + INFLATE_STEP);
        current.consumed += step.length;
        this.inflate.push(step, final && i + INFLATE_STEP >= chunk.length);
      }
    }
    terminate() {
      this.stopped = true;
    }
  }

  const unzip = new Unzip((member: UnzipFile) => {
    if (member.name.endsWith('/')) return;
    const safe = resolveInside(root, member.name);
    if ('error' in safe) {
      errors.push({ source: zip.path, reason: `member ${safe.error}; it was not read` });
      return;
    }
    const declared = member.originalSize !== undefined && member.size !== undefined;
    if (declared) {
      const refused = archiveMemberError({ name: member.name, size: member.size ?? 0, originalSize: member.originalSize ?? 0 }, expanded, limits);
      if (refused) {
        errors.push({ source: zip.path, reason: refused });
        return;
      }
    }
    const parts: Uint8Array[] = [];
    let length = 0;
    let stopped = false;
    member.ondata = (err, data, final) => {
      if (stopped) return;
      if (err) {
        stopped = true;
        errors.push({ source: zip.path, reason: `member "${member.name}" could not be inflated (${err.message}); it was not read` });
        return;
      }
      length += data.length;
      // Counted as it inflates: a header that lies, or one that declares no sizes, cannot take more than the limits.
      const overrun = archiveOverrunError(
        {
          name: member.name,
          declared: declared ? member.originalSize : undefined,
          produced: length,
          consumedAtMost: member.compression === 8 ? current.consumed : length,
        },
        expanded,
        limits,
      );
      if (overrun) {
        stopped = true;
        member.terminate();
        parts.length = 0;
        errors.push({ source: zip.path, reason: overrun });
        return;
      }
      parts.push(data);
      if (final) {
        expanded += length;
        files.push(memoryFile(safe.path, concat(parts, length)));
      }
    };
    member.start();
  });
  unzip.register(SteppedInflate);
  unzip.register(UnzipPassThrough);

  try {
    const reader = zip.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      head ??= value.slice(0, 4);
      for (let i = 0; i < value.length; i += PIECE) {
        unzip.push(value.subarray(i, i + PIECE));
      }
    }
    unzip.push(new Uint8Array(0), true);
  } catch (e) {
    failure = e as Error;
  }
  if (failure && files.length === 0 && errors.length === 0)
    return { files, errors: [{ source: zip.path, reason: `not a readable zip archive (${failure.message})` }] };
  if (failure) errors.push({ source: zip.path, reason: `the archive is damaged past this point (${failure.message}); members after it were not read` });
  if (!failure && files.length === 0 && errors.length === 0 && head && !looksLikeZip(head))
    return { files, errors: [{ source: zip.path, reason: 'not a readable zip archive (no zip member headers found)' }] };
  return { files, errors };
}

/** A zip starts with a member header (PK\x03\x04) or, when empty, the end-of-directory record (PK\x05\x06). */
function looksLikeZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 5 || head[2] === 3) && (head[3] === 6 || head[3] === 4);
}
