// Turns what the browser hands over (a file input, a folder input, a drop with folders) into relative-path files.

import type { PickedFile } from '../../store/dataClient.ts';

export function fromFileList(list: FileList | File[]): PickedFile[] {
  return Array.from(list, (file) => ({ path: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name, file }));
}

/** Files from a drop, walking dropped folders (FileSystemEntry API, where the browser has it). */
export async function fromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(data.items)
    .map((i) => (i.kind === 'file' ? i.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return fromFileList(data.files);
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push({ path: entry.fullPath.replace(/^\//, ''), file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      // readEntries returns at most ~100 entries per call: read until it returns none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

/** The File System Access folder picker, where the browser has it (Chromium). */
export async function fromDirectoryPicker(): Promise<PickedFile[] | null> {
  const picker = (window as unknown as { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker;
  if (!picker) return null;
  const root = await picker();
  const out: PickedFile[] = [];
  const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
    for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      if (handle.kind === 'file') out.push({ path: `${prefix}${name}`, file: await (handle as FileSystemFileHandle).getFile() });
      else await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
    }
  };
  await walk(root, `${root.name}/`);
  return out;
}
