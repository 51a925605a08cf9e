// What an importer reads: a file with a relative path, from a folder pick, a drop, a tar shard or the disk.

export interface SourceFile {
  /** Path relative to the import root, with forward slashes. */
  path: string;
  size: number;
  bytes(): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
  /**
   * The file itself, where it is already a Blob (a browser's picked or dropped File): an image is stored as it, not
   * as a new Blob made from its bytes (in a browser, each new Blob is a copy sent to another process).
   */
  blob?: Blob;
}

/** Wrap bytes already in memory (tests, tar members, zip members). */
export function memoryFile(path: string, data: Uint8Array | string): SourceFile {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return {
    path,
    size: bytes.byteLength,
    bytes: async () => bytes,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          // Hand out in 64 KiB pieces so stream consumers see realistic chunking.
          for (let i = 0; i < bytes.byteLength; i += 65536) controller.enqueue(bytes.subarray(i, i + 65536));
          controller.close();
        },
      }),
  };
}
