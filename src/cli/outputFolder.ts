// A CLI output folder appears under its name only when complete: the work is written into a hidden sibling
// (".name.partial-PID"), renamed into place at the end; --force replaces the whole old folder (no stale files);
// a failure, Ctrl-C or SIGTERM removes the partial folder. Paths that cannot be written fail at once.

import { rmSync, promises as fs } from 'node:fs';
import path from 'node:path';

const open = new Set<string>();
let handlersInstalled = false;

/** On Ctrl-C or SIGTERM: remove every partial folder, then exit as interrupted. */
function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      for (const dir of open) rmSync(dir, { recursive: true, force: true });
      process.stderr.write(`\nclip-curator: interrupted — nothing was written under the output name\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
}

export class OutputFolder {
  private constructor(
    readonly target: string,
    /** Where to write: the partial folder. */
    readonly dir: string,
    private readonly force: boolean,
  ) {}

  /** `describe` says what an existing folder holds, for the refusal without --force. */
  static async create(target: string, force = false, describe = 'files'): Promise<OutputFolder> {
    const resolved = path.resolve(target);
    const parent = path.dirname(resolved);
    const stat = await fs.stat(parent).catch(() => undefined);
    if (!stat?.isDirectory()) throw withExit(`--out ${target}: the folder ${parent} does not exist — create it first`, 2);
    const existing = await fs
      .readdir(resolved)
      .catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : e.code === 'ENOTDIR' ? ['(a file)'] : []));
    if (existing?.length && !force) throw withExit(`${target} already holds ${describe} — choose another --out folder or pass --force to replace it`, 1);
    const dir = path.join(parent, `.${path.basename(resolved)}.partial-${process.pid}`);
    await fs.rm(dir, { recursive: true, force: true });
    // Not recursive: a path that cannot hold a folder (/proc/…, read-only, no permission) fails at once.
    await fs.mkdir(dir).catch((e: NodeJS.ErrnoException) => {
      throw withExit(`--out ${target}: cannot create a folder in ${parent} (${e.code}) — choose a writable place`, 2);
    });
    open.add(dir);
    installSignalHandlers();
    return new OutputFolder(resolved, dir, force);
  }

  /** Everything is written: put the folder in place (replacing the old one with --force). */
  async commit(): Promise<void> {
    const old = path.join(path.dirname(this.target), `.${path.basename(this.target)}.old-${process.pid}`);
    const existing = await fs.stat(this.target).catch(() => undefined);
    if (existing) {
      if (!this.force && (await fs.readdir(this.target).catch(() => ['?'])).length)
        throw new Error(`${this.target} appeared while this command ran — nothing was replaced`);
      await fs.rename(this.target, old);
    }
    await fs.rename(this.dir, this.target);
    open.delete(this.dir);
    if (existing) await fs.rm(old, { recursive: true, force: true });
  }
}

function withExit(message: string, exitCode: number): Error {
  return Object.assign(new Error(message), { exitCode });
}

/** A command failed: remove every partial folder it left open (the dispatcher calls this). */
export async function abortOpenOutputs(): Promise<void> {
  for (const dir of [...open]) {
    await fs.rm(dir, { recursive: true, force: true });
    open.delete(dir);
  }
}
