import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importFiles, summarizeImport, type ImportedItem } from '../import/importer.ts';
import { sniffImage } from '../import/image.ts';
import { memoryFile } from '../import/source.ts';
import { toItem } from '../import/toItem.ts';
import { withDecision, withEditedCaption, type Item } from '../model.ts';
import { solidPng } from '../png.ts';
import { writeDatasetZip } from './zip.ts';

describe('writeDatasetZip', () => {
  it('writes metadata.jsonl, each image once, and a manifest; the zip re-imports with nothing lost', async () => {
    const red = solidPng(3, 3, [200, 10, 10]);
    const imported: ImportedItem[] = [];
    await summarizeImport(
      importFiles([
        memoryFile('m.jsonl', '{"file_name":"a.png","text":"a red one","match":true}\n{"file_name":"b.png","text":"same pixels 🎈"}\n{"text":"lone words"}\n'),
        memoryFile('a.png', red),
        memoryFile('b.png', red),
      ]),
      (i) => void imported.push(i),
    );
    const items: Item[] = imported.map((i, n) => toItem(i, 'ds', n, '2026-01-01T00:00:00Z'));
    items[0] = withDecision(withEditedCaption(items[0], 'a small red square', 'ana', 't1'), 'accepted', 'ana', 't2');
    items[1] = withDecision(items[1], 'rejected', 'bo', 't3');
    const images = new Map(imported.filter((i) => i.image?.bytes).map((i) => [i.image!.hash, i.image!.bytes!]));

    const chunks: Uint8Array[] = [];
    const result = await writeDatasetZip(
      {
        items: async function* () {
          yield* items;
        },
        image: async (h) => ({ bytes: images.get(h)!, mime: 'image/png' }),
        mime: async () => 'image/png',
      },
      { manifest: { app: 'clip-curator' }, onChunk: (c) => void chunks.push(c) },
    );
    expect(result).toEqual({ rows: 3, images: 1 });
    const zipBytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let o = 0;
    for (const c of chunks) zipBytes.set(c, o), (o += c.byteLength);
    const files = unzipSync(zipBytes);
    expect(Object.keys(files).sort()).toEqual([`images/${items[0].imageHash!.slice(0, 20)}.png`, 'manifest.json', 'metadata.jsonl'].sort());
    const rows = new TextDecoder()
      .decode(files['metadata.jsonl'])
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows[0]).toMatchObject({ text: 'a small red square', status: 'accepted', decided_by: 'ana', match: true });
    expect(rows[2]).toMatchObject({ text: 'lone words', kind: 'text' });
    expect(rows[2].file_name).toBeUndefined();
    expect(sniffImage(files[rows[0].file_name])).toMatchObject({ width: 3 });

    const back: ImportedItem[] = [];
    const summary = await summarizeImport(importFiles([memoryFile('export.zip', zipBytes)]), (i) => void back.push(i));
    expect(summary.errors).toEqual([]);
    const again = back.map((i, n) => toItem(i, 'ds2', n, 'later'));
    expect(again.map(({ datasetId: _d, seq: _s, imageName: _n, ...rest }) => rest)).toEqual(
      items.map(({ datasetId: _d, seq: _s, imageName: _n, ...rest }) => rest),
    );
  });
});
