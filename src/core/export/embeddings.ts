// Embeddings go out with a training set, as clip-retrieval's embedding folders hold them, so that they can be reused
// without re-encoding: per model, embeddings/<model>/img_emb/img_emb_0.npy and text_emb/text_emb_0.npy (float32,
// unit length, one row per exported pair, in the order of the training table) and metadata/metadata_0.parquet (id, file_name,
// image_hash, caption for each row). A pair without a stored embedding gets a row of zeros, counted in the manifest.

import { type EmbeddingStore, imageKey, textKey } from '../clip/pipeline.ts';
import { currentCaption } from '../model.ts';
import { ParquetWriter } from './parquet.ts';
import { imageFileName } from './rows.ts';
import type { EmbeddingSource, ExportInput, ExportSink } from './types.ts';

export type { EmbeddingSource } from './types.ts';
import { sanitizeName } from './writers/shared.ts';

export interface EmbeddingsReport {
  layout: 'clip-retrieval';
  rows: number;
  models: Record<string, { dim: number; folder: string; missingImage: number; missingText: number }>;
}

const BATCH = 1024;

/** A source reading an embedding store (the browser's IndexedDB table, or the CLI's memory after scoring). */
export function storedEmbeddings(models: string[], store: Pick<EmbeddingStore, 'get'>): EmbeddingSource {
  return {
    models,
    vectors: async (model, rows) => {
      const got = await store.get(model, [...rows.map((r) => imageKey(r.imageHash)), ...rows.map((r) => textKey(r.text))]);
      return { image: got.slice(0, rows.length), text: got.slice(rows.length) };
    },
  };
}

/** A NumPy .npy v1.0 header for a float32 matrix of rows × dim (the data follows, row-major, little-endian). */
export function npyHeader(rows: number, dim: number): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${dim}), }`;
  // Magic (6) + version (2) + header length (2) + dict + padding + newline, a multiple of 64.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const out = new Uint8Array(total);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, total - 10, true);
  out.set(new TextEncoder().encode(dict.padEnd(total - 11, ' ') + '\n'), 10);
  return out;
}

export async function writeEmbeddings(input: ExportInput, sink: ExportSink, source: EmbeddingSource, files: string[]): Promise<EmbeddingsReport> {
  const rows: { id: string; imageHash: string; text: string }[] = [];
  for await (const { item } of input.pairs()) rows.push({ id: item.id, imageHash: item.imageHash!, text: currentCaption(item) ?? '' });
  const report: EmbeddingsReport = { layout: 'clip-retrieval', rows: rows.length, models: {} };
  for (const model of source.models) {
    const folder = `embeddings/${sanitizeName(model)}`;
    // The dimension, from the first row that has a vector.
    let dim = 0;
    for (let i = 0; i < rows.length && !dim; i += BATCH) {
      const v = await source.vectors(model, rows.slice(i, i + BATCH));
      dim = [...v.image, ...v.text].find((x) => x)?.length ?? 0;
    }
    if (!dim) continue;
    let missingImage = 0;
    let missingText = 0;
    for (const kind of ['image', 'text'] as const) {
      const name = kind === 'image' ? `${folder}/img_emb/img_emb_0.npy` : `${folder}/text_emb/text_emb_0.npy`;
      await sink.begin(name, { compress: true });
      await sink.write(npyHeader(rows.length, dim));
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        const vectors = (await source.vectors(model, batch))[kind];
        const out = new Float32Array(batch.length * dim);
        vectors.forEach((v, k) => {
          if (v && v.length === dim) {
            // Unit length, as clip-retrieval stores them (an inner product is then the cosine).
            let n = 0;
            for (let d = 0; d < dim; d++) n += v[d] * v[d];
            const scale = 1 / (Math.sqrt(n) || 1);
            for (let d = 0; d < dim; d++) out[k * dim + d] = v[d] * scale;
          } else if (kind === 'image') missingImage++;
          else missingText++;
        });
        await sink.write(new Uint8Array(out.buffer));
      }
      await sink.end();
      files.push(name);
    }
    const metadata = `${folder}/metadata/metadata_0.parquet`;
    await sink.begin(metadata, { compress: false });
    const writer = new ParquetWriter(
      [
        { name: 'id', type: 'string' },
        { name: 'file_name', type: 'string' },
        { name: 'image_hash', type: 'string' },
        { name: 'caption', type: 'string' },
      ],
      (chunk) => sink.write(chunk),
      { rowGroupSize: 10_000 },
    );
    for (const r of rows) await writer.add([r.id, imageFileName(r.imageHash, await input.mime(r.imageHash)), r.imageHash, r.text]);
    await writer.close();
    await sink.end();
    files.push(metadata);
    report.models[model] = { dim, folder, missingImage, missingText };
  }
  return report;
}
