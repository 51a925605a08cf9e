// node --expose-gc --import tsx bench/item-memory.bench.ts: the heap an item of a large list costs once read back from
// storage, with and without persist/items.ts's itemSharer (IndexedDB hands every item its own copy of each repeated
// string). 200,000 items shaped like an imported, scored pair, serialized in pages of 1,000 with V8's serializer (the
// structured-clone format IndexedDB stores), read back one page at a time. Prints bytes an item; asserts nothing.

import v8 from 'node:v8';
import type { Item } from '../src/core/model.ts';
import { itemSharer } from '../src/persist/items.ts';

const N = Number(process.env.ITEMS ?? 200_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx bench/item-memory.bench.ts');

function pages(): Buffer[] {
  const at = new Date().toISOString();
  const out: Buffer[] = [];
  for (let p = 0; p < N; p += 1000) {
    const items: Item[] = [];
    for (let i = p; i < Math.min(N, p + 1000); i++)
      items.push({
        id: crypto.randomUUID(),
        datasetId: '3f1c8e2a-1111-4222-8333-944455556666',
        seq: i,
        kind: 'pair',
        imageHash: (i % 1000).toString(16).padStart(64, 'a'),
        imageName: `images/${i % 1000}.png`,
        imageSize: [128, 128],
        captions: [{ text: `pair ${i} a small red circle above a large blue square`, provenance: { origin: 'imported', at, file: 'metadata.jsonl', row: i } }],
        status: 'pending',
        source: { file: 'metadata.jsonl', row: i },
        importId: 1,
        scores: { 'tiny-clip-vit': Math.random(), 'tiny-clip-cnn': Math.random(), ensemble: Math.random() },
      });
    out.push(v8.serialize(items));
  }
  return out;
}

async function heapAfterGc(): Promise<number> {
  gc!();
  await new Promise((r) => setTimeout(r, 50));
  gc!();
  return process.memoryUsage().heapUsed;
}

async function measure(serialized: Buffer[], share: boolean): Promise<{ bytesPerItem: number; msPer1000: number }> {
  const before = await heapAfterGc();
  const fn = share ? itemSharer() : () => {};
  const list: Item[] = [];
  const t0 = performance.now();
  for (const b of serialized)
    for (const item of v8.deserialize(b) as Item[]) {
      fn(item);
      list.push(item);
    }
  const ms = performance.now() - t0;
  const after = await heapAfterGc();
  if (list.length !== N) throw new Error('lost items');
  return { bytesPerItem: Math.round((after - before) / N), msPer1000: Math.round((ms / (N / 1000)) * 100) / 100 };
}

const serialized = pages();
const plain = await measure(serialized, false);
const shared = await measure(serialized, true);
console.log(
  JSON.stringify({
    bench: 'item-memory',
    items: N,
    plainBytesPerItem: plain.bytesPerItem,
    sharedBytesPerItem: shared.bytesPerItem,
    sharedOverPlain: Math.round((shared.bytesPerItem / plain.bytesPerItem) * 1000) / 1000,
    plainReadMsPer1000: plain.msPer1000,
    sharedReadMsPer1000: shared.msPer1000,
  }),
);
