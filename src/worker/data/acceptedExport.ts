// The "export accepted pairs" job: the accepted pairs as this app's dataset folder, zipped.

import { writeDatasetZip } from '../../core/export/zip.ts';
import { isCutApproved } from '../../core/model.ts';
import { APP_VERSION } from '../../core/version.ts';
import { mimeCache, readImage } from '../../persist/images.ts';
import { iterateItems, loadCut } from '../../persist/repo.ts';
import type { AcceptedExportRequest } from '../dataProtocol.ts';
import { db } from './context.ts';

export async function exportAccepted(request: AcceptedExportRequest, onProgress: (done: number, phase: string) => void, signal: AbortSignal) {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  // The manifest states the cut and whether it was approved as it stands.
  const cut = await loadCut(db, request.datasetId);
  const threshold = cut ? { model: cut.model, value: cut.value, mode: cut.mode, approved: isCutApproved(cut) ? cut.approval : null } : null;
  const accepted = () => iterateItems(db, request.datasetId, (i) => i.status === 'accepted' && i.kind === 'pair');
  const result = await writeDatasetZip(
    { items: accepted, image: (hash) => readImage(db, hash), mime: mimeCache(db) },
    {
      manifest: {
        app: 'clip-curator',
        version: APP_VERSION,
        dataset: request.datasetName,
        filter: 'status = accepted, kind = pair',
        threshold,
        exportedAt: new Date().toISOString(),
        exportedBy: request.reviewer,
      },
      onChunk: (c) => void chunks.push(c as Uint8Array<ArrayBuffer>),
      onProgress: (done, phase) => {
        if (signal.aborted) throw new Error('export cancelled');
        onProgress(done, phase);
      },
    },
  );
  return { blob: new Blob(chunks, { type: 'application/zip' }), ...result };
}
