// Turns what the browser hands over (a file input, a folder input, a drop with folders) into relative-path files.

import { Budget } from '../../core/budget.ts';
import type { PickedFile } from '../../store/dataClient.ts';

export function fromFileList(list: FileList | File[]): PickedFile[] {
  return Array.from(list, (file) => ({ path: (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name, file }));
}

/**
 * Files whose contents are asked for at once while a folder is listed: each getFile() or entry.file() is a round trip
 * to the browser's process. Headless Chromium, 2,000 files in an origin-private folder: 0.4-0.66 ms a file one at a
 * time, 0.17-0.19 ms with all of a folder's asked at once.
 */
const LIST_AHEAD = 64;

/** How often (in files) a listing reports how many it has found. */
const COUNT_EVERY = 250;

/** Collects a listing's files and tells how many it has found, every COUNT_EVERY files. */
function collector(onCount?: (files: number) => void) {
  const out: PickedFile[] = [];
  return {
    out,
    add(file: PickedFile) {
      out.push(file);
      if (out.length % COUNT_EVERY === 0) onCount?.(out.length);
    },
  };
}

/** Files from a drop, walking dropped folders (FileSystemEntry API, where the browser has it). */
export async function fromDrop(data: DataTransfer, onCount?: (files: number) => void): Promise<PickedFile[]> {
  const entries = Array.from(data.items)
    .map((i) => (i.kind === 'file' ? i.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => !!e);
  if (!entries.length) return fromFileList(data.files);
  const { out, add } = collector(onCount);
  const asking = new Budget(LIST_AHEAD);
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      const file = await asking.with(1, () => new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej)));
      add({ path: entry.fullPath.replace(/^\//, ''), file });
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      const children: Promise<void>[] = [];
      // readEntries returns at most ~100 entries per call: read until it returns none.
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const child of batch) children.push(walk(child));
      }
      await Promise.all(children);
    }
  };
  await Promise.all(entries.map(walk));
  return out;
}

/** Every file under a folder handle, with paths that begin with the folder's name. */
export async function listDirectory(root: FileSystemDirectoryHandle, onCount?: (files: number) => void): Promise<PickedFile[]> {
  const { out, add } = collector(onCount);
  const asking = new Budget(LIST_AHEAD);
  const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
    const children: Promise<void>[] = [];
    for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
      if (handle.kind === 'file')
        children.push(asking.with(1, async () => add({ path: `${prefix}${name}`, file: await (handle as FileSystemFileHandle).getFile() })));
      else children.push(walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`));
    }
    await Promise.all(children);
  };
  await walk(root, `${root.name}/`);
  return out;
}

/** The File System Access folder picker, where the browser has it (Chromium). */
export async function fromDirectoryPicker(onCount?: (files: number) => void): Promise<PickedFile[] | null> {
  const picker = (window as unknown as { showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker;
  if (!picker) return null;
  return listDirectory(await picker(), onCount);
}
