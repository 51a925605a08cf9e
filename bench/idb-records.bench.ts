// npx tsx bench/idb-records.bench.ts: what one stored item costs in Chromium's IndexedDB, the floor under the UI
// import (issue 15 asks for 20,000 rows/s, 50 µs a row). 30,000 items shaped like the app's (an imported pair with
// one caption version), written in transactions of 1,000 puts: with the items table's compound index, without any
// index, in transactions of 10,000, and as 30 records of 1,000 items each (pages), with and without a multi-entry
// index of the page's item ids (how a page is found from an item's id). Prints µs per item; asserts nothing.

import { launch, servePreview, stopServer } from './browser.ts';

const N = Number(process.env.ITEMS ?? 30_000);
const PORT = 4185;
const server = await servePreview(PORT);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/?demo=0`);
  // Passed as a string: tsx would wrap a function literal with helpers that do not exist in the page.
  const figures = await page.evaluate(`(async () => {
    const open = (name, index) => new Promise((resolve, reject) => {
      const r = indexedDB.open(name, 1);
      r.onupgradeneeded = () => {
        const s = r.result.createObjectStore('items', { keyPath: 'id' });
        if (index === 'seq') s.createIndex('datasetId_seq', ['datasetId', 'seq']);
        if (index === 'ids') s.createIndex('ids', 'ids', { multiEntry: true });
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const at = new Date().toISOString();
    const item = (i) => ({ id: crypto.randomUUID(), datasetId: 'bench', seq: i, kind: 'pair', imageHash: 'a'.repeat(64), imageName: 'img' + (i % 1000) + '.png',
      imageSize: [128, 128], captions: [{ text: 'a red circle above a blue square, row ' + i, provenance: { origin: 'imported', at, file: 'captions.jsonl', row: i } }],
      status: 'pending', source: { file: 'captions.jsonl', row: i }, importId: 1 });
    const out = {};
    for (const [label, index, perTx, perRecord] of [['puts_indexed_tx1000', 'seq', 1000, 1], ['puts_no_index_tx1000', '', 1000, 1], ['puts_indexed_tx10000', 'seq', 10000, 1], ['pages_of_1000', '', 1000, 1000], ['pages_of_1000_id_index', 'ids', 1000, 1000], ['pages_of_1000_id_index_default_durability', 'ids', 1000, 1000]]) {
      const name = 'bench-' + label;
      await new Promise((r) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = d.onerror = r; });
      const db = await open(name, index);
      const t0 = performance.now();
      for (let b = 0; b < ${N}; b += perTx)
        await new Promise((resolve, reject) => {
          const tx = db.transaction('items', 'readwrite', { durability: label.endsWith('default_durability') ? 'default' : 'relaxed' });
          const store = tx.objectStore('items');
          if (perRecord > 1) {
            const items = Array.from({ length: perTx }, (_, k) => item(b + k));
            store.put({ id: 'page-' + b, datasetId: 'bench', items, ...(index === 'ids' ? { ids: items.map((x) => x.id) } : {}) });
          }
          else for (let i = b; i < b + perTx; i++) store.put(item(i));
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      out[label + '_us_per_item'] = Math.round(((performance.now() - t0) / ${N}) * 1000);
      db.close();
      await new Promise((r) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = d.onerror = r; });
    }
    const t1 = performance.now();
    for (let i = 0; i < ${N}; i++) item(i);
    out.make_object_us_per_item = Math.round(((performance.now() - t1) / ${N}) * 1000);
    return out;
  })()`);
  const f = figures as Record<string, number>;
  console.log(
    JSON.stringify({ bench: 'idb-records', items: N, ...f, pages_vs_puts: +(f.puts_indexed_tx1000_us_per_item / f.pages_of_1000_us_per_item).toFixed(1) }),
  );
} finally {
  await browser.close();
  stopServer(server);
}
