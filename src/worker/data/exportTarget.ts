// Where an export zip goes: a file in the origin-private file system, written through a sync access handle, so a
// large export streams to disk and the download reads it from there; where OPFS is missing, a Blob folded every
// 32 MiB (the browser may keep large Blobs on disk). Earlier export files are removed first.

export interface ExportTarget {
  write: (chunk: Uint8Array) => void;
  close: () => Promise<Blob>;
}

interface SyncAccessHandle {
  write(b: Uint8Array, o: { at: number }): number;
  flush(): void;
  close(): void;
  truncate(n: number): void;
}

export async function exportTarget(name: string): Promise<ExportTarget> {
  try {
    return await opfsTarget(name);
  } catch {
    return blobTarget();
  }
}

async function opfsTarget(name: string): Promise<ExportTarget> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry('exports', { recursive: true }).catch(() => {});
  const dir = await root.getDirectoryHandle('exports', { create: true });
  const handle = await dir.getFileHandle(name.replace(/[^\w.-]+/g, '_'), { create: true });
  const access = await (handle as FileSystemFileHandle & { createSyncAccessHandle(): Promise<SyncAccessHandle> }).createSyncAccessHandle();
  access.truncate(0);
  let at = 0;
  // Small chunks (tar headers, zip records) are gathered into 4 MiB writes: one write per chunk is slow.
  const buffer = new Uint8Array(4 * 2 ** 20);
  let used = 0;
  const flush = () => {
    if (used) at += access.write(buffer.subarray(0, used), { at });
    used = 0;
  };
  return {
    write: (chunk) => {
      if (used + chunk.byteLength > buffer.byteLength) flush();
      if (chunk.byteLength >= buffer.byteLength) at += access.write(chunk, { at });
      else {
        buffer.set(chunk, used);
        used += chunk.byteLength;
      }
    },
    close: async () => {
      flush();
      access.flush();
      access.close();
      return handle.getFile();
    },
  };
}

function blobTarget(): ExportTarget {
  let blob = new Blob([], { type: 'application/zip' });
  let chunks: Uint8Array<ArrayBuffer>[] = [];
  let pending = 0;
  const fold = () => {
    blob = new Blob([blob, ...chunks], { type: 'application/zip' });
    chunks = [];
    pending = 0;
  };
  return {
    write: (chunk) => {
      chunks.push(chunk as Uint8Array<ArrayBuffer>);
      pending += chunk.byteLength;
      if (pending > 32 * 2 ** 20) fold();
    },
    close: async () => (fold(), blob),
  };
}
