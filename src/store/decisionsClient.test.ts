// The decisions worker is let go and a fresh one started after a call that changed many items (its heap stays as
// large as the command made it while it idles), never while another call is in flight.

import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PackedDecisions } from '../core/packed.ts';
import type { DecisionsWorkerApi } from '../worker/decisionsProtocol.ts';

const packed = (n: number): PackedDecisions => ({
  datasetId: 'd',
  ids: Array.from({ length: n }, (_, i) => `i${i}`),
  seqs: Float64Array.from({ length: n }, (_, i) => i),
  states: [{ status: 'accepted' }],
  state: new Uint32Array(n),
});

const started: FakeWorker[] = [];

/** A worker whose other end is a MessageChannel port in this thread, serving a fake API. */
class FakeWorker {
  terminated = false;
  private port: MessagePort;
  constructor() {
    const { port1, port2 } = new MessageChannel();
    const api: DecisionsWorkerApi = {
      bulkDecide: async (r) => ({ changed: packed(r.refs.ids.length), skipped: 0 }),
      undo: async () => {
        await new Promise((r) => setTimeout(r, 20));
        return { items: [], decisions: packed(5), negatives: [] };
      },
    };
    Comlink.expose(api, port2);
    this.port = port1;
    started.push(this);
  }
  postMessage(message: unknown, transfer?: Transferable[]) {
    this.port.postMessage(message, transfer ?? []);
  }
  addEventListener(type: string, listener: EventListener) {
    this.port.addEventListener(type, listener);
    this.port.start();
  }
  removeEventListener(type: string, listener: EventListener) {
    this.port.removeEventListener(type, listener);
  }
  terminate() {
    this.terminated = true;
    this.port.close();
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('the decisions worker', () => {
  it('is renewed after a call that changed many items, once no other call is in flight', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { bulkDecideInWorker, undoInWorker } = await import('./decisionsClient.ts');
    const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `i${i}`, datasetId: 'd', seq: i }));
    const request = { datasetId: 'd', status: 'accepted' as const, by: 'ana', label: 'accept all' };
    // A small command: the same worker goes on.
    expect((await bulkDecideInWorker({ ...request, items: refs(10) })).changed).toHaveLength(10);
    expect(started).toHaveLength(1);
    // A large one: that worker goes, a fresh one is started at once.
    expect((await bulkDecideInWorker({ ...request, items: refs(20_000) })).changed).toHaveLength(20_000);
    expect(started.map((w) => w.terminated)).toEqual([true, false]);
    // A large one while an undo is still running: nothing is let go under it; the undo still gets its answer.
    const undo = undoInWorker({ datasetId: 'd', by: 'ana' });
    await bulkDecideInWorker({ ...request, items: refs(20_000) });
    expect(started.map((w) => w.terminated)).toEqual([true, false]);
    expect((await undo).items).toHaveLength(5);
    expect(started).toHaveLength(2);
  });
});
