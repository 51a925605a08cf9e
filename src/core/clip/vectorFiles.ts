// Embeddings beside a dataset folder, so that the next stage (a merge, dedup, the browser) reuses them instead of
// encoding again: per model, vectors/<model>/model.json ({model, dim, count}), keys.txt (one key per line, the
// embedding store's keys: "image:<content hash>" or a caption's text key) and vectors.npy (float32, count × dim,
// NumPy's .npy v1.0, row i for key i). Keys are sorted, so the files are the same however the work was split.

import { npyHeader } from '../export/embeddings.ts';
import { sanitizeName } from '../export/writers/shared.ts';

export const VECTORS_DIR = 'vectors';
/** Limits checked before anything is allocated: a hostile file cannot ask for more. */
export const MAX_VECTOR_DIM = 4096;
export const MAX_VECTOR_ROWS = 50_000_000;

export interface VectorFiles {
  folder: string;
  model: string;
  dim: number;
  count: number;
  files: Record<'model.json' | 'keys.txt' | 'vectors.npy', Uint8Array>;
}

/** The files for one model's embeddings (sorted by key). Null when there are none. */
export function encodeVectors(model: string, entries: Iterable<[string, Float32Array]>): VectorFiles | null {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (!sorted.length) return null;
  const dim = sorted[0][1].length;
  const header = npyHeader(sorted.length, dim);
  const npy = new Uint8Array(header.length + sorted.length * dim * 4);
  npy.set(header, 0);
  const data = new Float32Array(npy.buffer, header.length, sorted.length * dim);
  sorted.forEach(([key, v], i) => {
    if (v.length !== dim) throw new Error(`${model}: the embedding of ${key} has ${v.length} numbers where the others have ${dim}`);
    data.set(v, i * dim);
  });
  const text = new TextEncoder();
  return {
    folder: `${VECTORS_DIR}/${sanitizeName(model)}`,
    model,
    dim,
    count: sorted.length,
    files: {
      'model.json': text.encode(`${JSON.stringify({ model, dim, count: sorted.length })}\n`),
      'keys.txt': text.encode(`${sorted.map(([k]) => k).join('\n')}\n`),
      'vectors.npy': npy,
    },
  };
}

/** Shape of a float32 little-endian C-order .npy matrix, and where its data starts. */
export function npyMatrix(bytes: Uint8Array): { rows: number; dim: number; offset: number } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new Error('not a .npy file (no NUMPY magic)');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (len > 65536 || start + len > bytes.length) throw new Error('.npy header is cut short');
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + len));
  if (!/'descr':\s*'<f4'/.test(header)) throw new Error(`.npy holds ${/'descr':\s*'([^']*)'/.exec(header)?.[1] ?? 'an unknown type'}, not float32 ('<f4')`);
  if (!/'fortran_order':\s*False/.test(header)) throw new Error('.npy is in Fortran order; write it in C order');
  const shape = /'shape':\s*\((\d+),\s*(\d+)\)/.exec(header);
  if (!shape) throw new Error('.npy is not a 2-D matrix');
  const rows = Number(shape[1]);
  const dim = Number(shape[2]);
  if (dim < 1 || dim > MAX_VECTOR_DIM || rows > MAX_VECTOR_ROWS)
    throw new Error(`.npy shape (${rows}, ${dim}) is beyond the limits (${MAX_VECTOR_ROWS} rows, ${MAX_VECTOR_DIM} wide)`);
  const offset = start + len;
  if (bytes.length !== offset + rows * dim * 4) throw new Error(`.npy should hold ${rows} × ${dim} numbers but has ${Math.floor((bytes.length - offset) / 4)}`);
  return { rows, dim, offset };
}

/** Read one model's files back: its name and [key, vector] pairs. Throws with the reason when they do not agree. */
export function decodeVectors(modelJson: Uint8Array, keysTxt: Uint8Array, npy: Uint8Array): { model: string; entries: [string, Float32Array][] } {
  let meta: { model?: unknown; dim?: unknown; count?: unknown };
  try {
    meta = JSON.parse(new TextDecoder().decode(modelJson));
  } catch {
    throw new Error('model.json is not JSON');
  }
  if (typeof meta.model !== 'string' || !meta.model) throw new Error('model.json names no model');
  const { rows, dim, offset } = npyMatrix(npy);
  const keys = new TextDecoder()
    .decode(keysTxt)
    .split('\n')
    .filter((k) => k.length > 0);
  if (keys.length !== rows) throw new Error(`keys.txt has ${keys.length} keys for ${rows} vectors`);
  if (meta.dim !== dim || meta.count !== rows) throw new Error(`model.json says ${meta.count} × ${meta.dim}, vectors.npy holds ${rows} × ${dim}`);
  // Copied out of the file's buffer: its data may not be 4-byte aligned, and a Node Buffer's slice is a view of a
  // larger pool (new Uint8Array(view) copies exactly the bytes).
  const data = new Float32Array(new Uint8Array(npy.subarray(offset)).buffer);
  return { model: meta.model, entries: keys.map((k, i) => [k, data.slice(i * dim, (i + 1) * dim)]) };
}

/** A path inside a dataset folder that holds embeddings (read apart from the rows, never as captions or images). */
export const isVectorFile = (p: string): boolean => /(^|\/)vectors\/[^/]+\/(model\.json|keys\.txt|vectors\.npy)$/.test(p);
