// clip-curator export --embeddings: clip-retrieval's layout per model, rows in the order of the training table, unit
// length, and each row's image·text product equal to the cosine `clip-curator score` reports for the pair.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing.ts';

/** Read a float32 .npy as NumPy would: magic, version 1.0, the header dict, then the data. */
function readNpy(file: string): { shape: number[]; data: Float32Array } {
  const b = readFileSync(file);
  expect([...b.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const len = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + len).toString('latin1');
  expect((10 + len) % 64).toBe(0);
  expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(\d+, \d+\), \} *\n$/);
  const shape = /\((\d+), (\d+)\)/.exec(header)!.slice(1).map(Number);
  const data = new Float32Array(b.buffer.slice(b.byteOffset + 10 + len, b.byteOffset + b.length));
  expect(data.length).toBe(shape[0] * shape[1]);
  return { shape, data };
}

describe('clip-curator export --embeddings', () => {
  it("writes each model's image and text embeddings and their metadata as clip-retrieval reads them", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-emb-'));
    await runCli(['demo', '--out', path.join(dir, 'demo'), '--seed', '5', '--count', '12']);
    const scores = (await runCli(['score', path.join(dir, 'demo'), '--json'])).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file_name: string; text: string; kind: string; scores: Record<string, number> });
    const run = await runCli(['export', path.join(dir, 'demo'), '--format', 'jsonl', '--out', path.join(dir, 'out'), '--embeddings', '--json']);
    expect(run.code, run.err).toBe(0);
    const table = readFileSync(path.join(dir, 'out', 'data.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file_name: string; text: string; id: string });
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.embeddings.layout).toBe('clip-retrieval');
    expect(manifest.embeddings.rows).toBe(table.length);
    for (const model of ['tiny-clip-vit', 'tiny-clip-cnn']) {
      // Each model's own width (its config's projection_dim: 256 for both bundled models now; a real export may differ).
      const dim = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../models', model, 'config.json'), 'utf8')).projection_dim as number;
      expect(manifest.embeddings.models[model]).toMatchObject({ dim, missingImage: 0, missingText: 0 });
      const folder = path.join(dir, 'out', 'embeddings', model);
      const img = readNpy(path.join(folder, 'img_emb', 'img_emb_0.npy'));
      const txt = readNpy(path.join(folder, 'text_emb', 'text_emb_0.npy'));
      expect(img.shape).toEqual([table.length, dim]);
      expect(txt.shape).toEqual([table.length, dim]);
      const meta = (await parquetReadObjects({ file: new Uint8Array(readFileSync(path.join(folder, 'metadata', 'metadata_0.parquet'))).buffer })) as {
        id: string;
        file_name: string;
        caption: string;
      }[];
      expect(meta.map((m) => [m.id, m.caption])).toEqual(table.map((r) => [r.id, r.text]));
      for (const [i, row] of table.entries()) {
        let dot = 0;
        let norm = 0;
        for (let d = 0; d < dim; d++) {
          dot += img.data[i * dim + d] * txt.data[i * dim + d];
          norm += img.data[i * dim + d] ** 2;
        }
        expect(norm).toBeCloseTo(1, 5);
        const scored = scores.find((s) => s.kind === 'pair' && s.text === row.text && s.file_name === row.file_name)!;
        expect(meta[i].file_name).toBe(row.file_name);
        expect(dot).toBeCloseTo(scored.scores[model], 5);
      }
    }
  }, 120_000);
});
