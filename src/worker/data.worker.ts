// The data worker: imports files into IndexedDB and writes export zips, so the page stays responsive.

import { writeDatasetZip } from '../core/export/zip.ts';
import { importFiles } from '../core/import/importer.ts';
import { demoFiles } from '../core/synth/demoFiles.ts';
import type { SourceFile } from '../core/import/source.ts';
import { APP_VERSION } from '../core/version.ts';
import { CuratorDB } from '../store/db.ts';
import { importIntoDataset, iterateItems } from '../store/repo.ts';
import type { DataRequest, DataResponse, PickedFile } from './protocol.ts';
import { makeThumbnail } from './thumbnail.ts';

const db = new CuratorDB();
const running = new Map<string, AbortController>();
const post = (m: DataResponse) => (self as unknown as Worker).postMessage(m);

function toSource({ path, file }: PickedFile): SourceFile {
  return { path, size: file.size, bytes: async () => new Uint8Array(await file.arrayBuffer()), stream: () => file.stream() };
}

self.onmessage = async (e: MessageEvent<DataRequest>) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    running.get(msg.jobId)?.abort();
    return;
  }
  const abort = new AbortController();
  running.set(msg.jobId, abort);
  try {
    if (msg.type === 'import' || msg.type === 'demo') {
      let last = 0;
      const files = msg.type === 'demo' ? demoFiles(msg.seed, msg.count) : msg.files.map(toSource);
      const report = await importIntoDataset(db, msg.datasetId, [...new Set(files.map((f) => f.path.split('/')[0]))], importFiles(files), {
        thumbnailer: makeThumbnail,
        signal: abort.signal,
        onProgress: (progress) => {
          const now = performance.now();
          if (now - last > 100) {
            last = now;
            post({ type: 'import-progress', jobId: msg.jobId, progress });
          }
        },
      });
      post({ type: 'import-done', jobId: msg.jobId, report });
    } else {
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      // The manifest states the cut and whether it was approved as it stands.
      const cut = await db.cuts.get(msg.datasetId);
      const threshold = cut
        ? { model: cut.model, value: cut.value, mode: cut.mode, approved: cut.approval && cut.approval.value === cut.value && cut.approval.model === cut.model ? cut.approval : null }
        : null;
      const accepted = () => iterateItems(db, msg.datasetId, (i) => i.status === 'accepted' && i.kind === 'pair');
      const result = await writeDatasetZip(
        {
          items: accepted,
          image: async (hash) => {
            const rec = await db.images.get(hash);
            if (!rec) throw new Error(`image ${hash} is missing from the database — re-import the item's image`);
            return { bytes: new Uint8Array(await rec.blob.arrayBuffer()), mime: rec.mime };
          },
          mime: async (hash) => (await db.images.get(hash))?.mime ?? 'image/png',
        },
        {
          manifest: { app: 'clip-curator', version: APP_VERSION, dataset: msg.datasetName, filter: 'status = accepted, kind = pair', threshold, exportedAt: new Date().toISOString(), exportedBy: msg.reviewer },
          onChunk: (c) => void chunks.push(c as Uint8Array<ArrayBuffer>),
          onProgress: (done, phase) => {
            if (abort.signal.aborted) throw new Error('export cancelled');
            post({ type: 'export-progress', jobId: msg.jobId, done, phase });
          },
        },
      );
      post({ type: 'export-done', jobId: msg.jobId, blob: new Blob(chunks, { type: 'application/zip' }), ...result });
    }
  } catch (err) {
    post({ type: 'failed', jobId: msg.jobId, message: (err as Error).message });
  } finally {
    running.delete(msg.jobId);
  }
};
