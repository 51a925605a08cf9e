import { describe, expect, it } from 'vitest';
import { solidPng } from '../png.ts';
import { importFiles, summarizeImport, type ImportedItem } from './importer.ts';
import { memoryFile } from './source.ts';
import { TAR_END, tarEntry, tarLinkEntry } from './tar.ts';
import { strToU8, zipSync } from 'fflate';

const red = solidPng(4, 4, [255, 0, 0]);
const blue = solidPng(4, 3, [0, 0, 255]);
const green = solidPng(2, 2, [0, 255, 0]);

async function run(files: ReturnType<typeof memoryFile>[], options?: Parameters<typeof importFiles>[1]) {
  const items: ImportedItem[] = [];
  const summary = await summarizeImport(importFiles(files, options), (i) => void items.push(i));
  return { items, summary };
}

/**
 * Files whose reads take a while (a browser reads a picked file through another process), counting the most reads in
 * flight at once.
 */
function slowReads() {
  let inFlight = 0;
  const reads = {
    most: 0,
    file: (path: string, bytes: Uint8Array) => ({
      ...memoryFile(path, bytes),
      bytes: async () => {
        reads.most = Math.max(reads.most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return bytes;
      },
    }),
  };
  return reads;
}

describe('importFiles', () => {
  it('reads JSONL captions with file_name/text and image/caption keys, and lone-text rows', async () => {
    const { items, summary } = await run([
      memoryFile('data/captions.jsonl', '{"file_name":"a.png","text":"a red square"}\n{"image":"b.png","caption":"a blue box"}\n{"text":"only words"}\n'),
      memoryFile('data/a.png', red),
      memoryFile('data/b.png', blue),
    ]);
    expect(summary.errors).toEqual([]);
    expect(summary.counts).toEqual({ pair: 2, image: 0, text: 1 });
    expect(items.map((i) => [i.kind, i.caption, i.image?.name])).toEqual([
      ['pair', 'a red square', 'data/a.png'],
      ['pair', 'a blue box', 'data/b.png'],
      ['text', 'only words', undefined],
    ]);
    expect(items[1].image).toMatchObject({ mime: 'image/png', width: 4, height: 3 });
  });

  it('reports each bad row with its number and reason, and imports every good row', async () => {
    const lines = [
      '{"file_name":"a.png","text":"good one"}',
      '{"file_name":"missing.png","text":"no such file"}',
      '{"file_name":"a.png","text":"   "}',
      '{not json',
      '{"file_name":"../../etc/passwd","text":"escape"}',
      '{"file_name":"broken.png","text":"bad bytes"}',
      '{"file_name":"b.png","text":"good two"}',
    ];
    const { items, summary } = await run([
      memoryFile('c.jsonl', lines.join('\n')),
      memoryFile('a.png', red),
      memoryFile('b.png', blue),
      memoryFile('broken.png', red.subarray(0, 40)),
    ]);
    expect(items.map((i) => i.caption)).toEqual(['good one', 'good two']);
    expect(summary.errors.map((e) => [e.source, e.row])).toEqual([
      ['c.jsonl', 2],
      ['c.jsonl', 3],
      ['c.jsonl', 4],
      ['c.jsonl', 5],
      ['c.jsonl', 6],
    ]);
    expect(summary.errors[0].reason).toMatch(/not found/);
    expect(summary.errors[1].reason).toMatch(/caption is empty/);
    expect(summary.errors[2].reason).toMatch(/not valid JSON/);
    expect(summary.errors[3].reason).toMatch(/outside the import folder/);
    expect(summary.errors[4].reason).toMatch(/cannot be decoded/);
  });

  it('reports a line that is not UTF-8 and keeps the lines around it', async () => {
    const enc = new TextEncoder();
    const bad = new Uint8Array([...enc.encode('{"text":"ok 1"}\n{"text":"'), 0xff, 0xfe, ...enc.encode('"}\n{"text":"ok 2"}\n')]);
    const { items, summary } = await run([memoryFile('t.jsonl', bad)]);
    expect(items.map((i) => i.caption)).toEqual(['ok 1', 'ok 2']);
    expect(summary.errors).toEqual([{ source: 't.jsonl', row: 2, reason: expect.stringMatching(/UTF-8/) }]);
  });

  it('keeps Unicode captions (CJK, emoji, RTL, combining marks) byte for byte', async () => {
    const captions = ['赤い四角が二つ', '🐱 on a 🛹', 'قطة على الطاولة', 'e\u0301 cafe\u0301', '한국어 캡션'];
    const { items } = await run([memoryFile('u.jsonl', `\uFEFF${captions.map((text) => JSON.stringify({ text })).join('\r\n')}`)]);
    expect(items.map((i) => i.caption)).toEqual(captions);
  });

  it('reads OpenCLIP tab-separated CSV (filepath/title) and comma CSV with quoted multi-line fields', async () => {
    const tsv = 'filepath\ttitle\nimg/a.png\ta red square\nimg/b.png\ta "quoted" blue\n';
    const csv = 'file_name,text,extra\na.png,"two lines,\nwith comma",x\nb.png,short\n';
    const { items, summary } = await run([
      memoryFile('train.csv', tsv),
      memoryFile('img/a.png', red),
      memoryFile('img/b.png', blue),
      memoryFile('other/meta.csv', csv),
      memoryFile('other/a.png', green),
      memoryFile('other/b.png', red),
    ]);
    // Files are read in path order, so other/meta.csv comes before train.csv.
    expect(items.map((i) => [i.caption, i.image?.name])).toEqual([
      ['two lines,\nwith comma', 'other/a.png'],
      ['a red square', 'img/a.png'],
      ['a "quoted" blue', 'img/b.png'],
      // The broken row names no image the importer can trust, so its image arrives as a lone image.
      [undefined, 'other/b.png'],
    ]);
    expect(items[0].extra).toEqual({ extra: 'x' });
    expect(summary.errors).toEqual([{ source: 'other/meta.csv', row: 4, reason: expect.stringMatching(/2 fields but the header has 3/) }]);
  });

  it('detects a duplicate image: stored once, counted, both items kept', async () => {
    const { items, summary } = await run([
      memoryFile('m.jsonl', '{"file_name":"a.png","text":"one"}\n{"file_name":"copy.png","text":"two"}\n'),
      memoryFile('a.png', red),
      memoryFile('copy.png', red),
    ]);
    expect(summary.duplicates).toBe(1);
    expect(items[0].image!.hash).toBe(items[1].image!.hash);
    expect(items[0].image!.bytes).toBeDefined();
    expect(items[1].image!.bytes).toBeUndefined();
  });

  it('pairs images with same-named .txt sidecars; other images are lone; other .txt are lone texts', async () => {
    const { items, summary } = await run([
      memoryFile('x/cat.png', red),
      memoryFile('x/cat.txt', 'a cat\n'),
      memoryFile('x/dog.png', blue),
      memoryFile('x/empty.png', green),
      memoryFile('x/empty.txt', '  '),
      memoryFile('prompts.txt', 'first prompt\n\nsecond prompt\n'),
      memoryFile('notes.md', '# hi'),
    ]);
    expect(items.map((i) => [i.kind, i.caption ?? i.image?.name])).toEqual([
      ['text', 'first prompt'],
      ['text', 'second prompt'],
      ['pair', 'a cat'],
      ['image', 'x/dog.png'],
    ]);
    expect(items[1].source).toEqual({ file: 'prompts.txt', row: 3 });
    expect(summary.errors).toEqual([{ source: 'x/empty.txt', reason: expect.stringMatching(/caption file is empty/) }]);
    expect(summary.skipped).toEqual(['notes.md']);
  });

  it('reads HF imagefolder metadata.jsonl rows without a caption column as lone images', async () => {
    const { items } = await run([memoryFile('metadata.jsonl', '{"file_name":"a.png","label":3}\n'), memoryFile('a.png', red)]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'image', extra: { label: 3 } });
  });

  it('carries fields written by an earlier stage: id, status, decision, caption history, scores', async () => {
    const row = {
      file_name: 'a.png',
      text: 'edited',
      id: 'it-1',
      kind: 'pair',
      status: 'accepted',
      decided_by: 'ana',
      decided_at: '2026-01-01T00:00:00Z',
      caption_history: [
        { text: 'orig', provenance: { origin: 'imported', at: 't0' } },
        { text: 'edited', provenance: { origin: 'edited', at: 't1', by: 'ana' } },
      ],
      scores: { vit: 0.31 },
      match: true,
    };
    const { items } = await run([memoryFile('metadata.jsonl', JSON.stringify(row)), memoryFile('a.png', red)]);
    expect(items[0].carried).toEqual({
      id: 'it-1',
      status: 'accepted',
      decision: { status: 'accepted', by: 'ana', at: '2026-01-01T00:00:00Z' },
      captions: row.caption_history,
      scores: { vit: 0.31 },
    });
    expect(items[0].extra).toEqual({ match: true });
  });

  it('reads WebDataset shards: key.png + key.txt / key.json, lone members, and refuses escaping names', async () => {
    const enc = new TextEncoder();
    const shard = [
      ...tarEntry('s/0001.png', red),
      ...tarEntry('s/0001.txt', enc.encode('a red tile')),
      ...tarEntry('s/0002.png', blue),
      ...tarEntry('s/0002.json', enc.encode('{"caption":"a blue tile","w":4}')),
      ...tarEntry('s/0003.png', green),
      ...tarEntry('s/0004.txt', enc.encode('words only')),
      ...tarEntry('../evil.txt', enc.encode('nope')),
      TAR_END,
    ];
    const bytes = new Uint8Array(shard.reduce((n, p) => n + p.byteLength, 0));
    let o = 0;
    for (const p of shard) bytes.set(p, o), (o += p.byteLength);
    const { items, summary } = await run([memoryFile('shard-000.tar', bytes)]);
    expect(items.map((i) => [i.kind, i.caption])).toEqual([
      ['pair', 'a red tile'],
      ['pair', 'a blue tile'],
      ['image', undefined],
      ['text', 'words only'],
    ]);
    expect(items[1].extra).toMatchObject({ w: 4 });
    expect(summary.errors).toEqual([{ source: 'shard-000.tar', reason: expect.stringMatching(/outside the import folder/) }]);
  });

  it('imports the samples before a truncation in a damaged shard and reports the damage', async () => {
    const enc = new TextEncoder();
    const parts = [...tarEntry('0001.png', red), ...tarEntry('0001.txt', enc.encode('kept')), ...tarEntry('0002.png', blue)];
    const whole = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let o = 0;
    for (const p of parts) whole.set(p, o), (o += p.byteLength);
    const { items, summary } = await run([memoryFile('bad.tar', whole.subarray(0, whole.byteLength - 100))]);
    expect(items.map((i) => i.caption)).toEqual(['kept']);
    expect(summary.errors[0]).toMatchObject({ source: 'bad.tar', reason: expect.stringMatching(/truncated/) });
  });
});

describe('what an import cannot read, it names', () => {
  const bytesOf = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let o = 0;
    for (const p of parts) out.set(p, o), (o += p.byteLength);
    return out;
  };

  it('tar links are errors with their targets, not lone texts or silence', async () => {
    const enc = new TextEncoder();
    const shard = bytesOf([
      ...tarEntry('0001.png', red),
      ...tarEntry('0001.txt', enc.encode('a red tile')),
      ...tarLinkEntry('0002.png', '/etc/passwd', 'symbolic'),
      ...tarEntry('0002.txt', enc.encode('a caption whose image is a link')),
      ...tarLinkEntry('0003.png', '0001.png', 'hard'),
      TAR_END,
    ]);
    const { items, summary } = await run([memoryFile('links.tar', shard)]);
    expect(items.map((i) => [i.kind, i.caption])).toEqual([
      ['pair', 'a red tile'],
      ['text', 'a caption whose image is a link'],
    ]);
    expect(summary.errors.map((e) => e.reason)).toEqual([
      'member 0002.png is a symbolic link to /etc/passwd — links are not followed; put the file itself in the shard',
      'member 0003.png is a hard link to 0001.png — links are not followed; put the file itself in the shard',
    ]);
  });

  it('a zip inside a zip is an error, and a folder with nothing importable says so', async () => {
    const inner = zipSync({ 'a.txt': strToU8('a caption') });
    const outer = zipSync({ 'inner.zip': inner, 'b.txt': strToU8('another caption') });
    const { items, summary } = await run([memoryFile('outer.zip', outer)]);
    expect(items.map((i) => i.caption)).toEqual(['another caption']);
    expect(summary.errors).toEqual([
      { source: 'outer/inner.zip', reason: 'a zip inside a zip is not read — unzip it and import its contents, or import it on its own' },
    ]);

    const nothing = await run([memoryFile('docs/readme.md', strToU8('# notes')), memoryFile('docs/data.bin', new Uint8Array([1, 2, 3]))]);
    expect(nothing.items).toEqual([]);
    expect(nothing.summary.errors).toEqual([
      {
        source: 'docs',
        reason:
          'nothing to import: no images, captions tables (JSONL, CSV, TSV, Parquet), .txt files or .tar shards among 2 files — choose the folder that holds them',
      },
    ]);
  });
});

describe('the formats curators have: COCO captions and Flickr30k', () => {
  it('COCO: one pair per annotation, images from the split folder beside annotations/; missing ones are named', async () => {
    const coco = {
      images: [
        { id: 1, file_name: '000000000001.png' },
        { id: 2, file_name: '000000000002.png' },
        { id: 3, file_name: '000000000003.png' },
      ],
      annotations: [
        { id: 10, image_id: 1, caption: 'A red tile on a table.' },
        { id: 11, image_id: 1, caption: 'Something red and square.' },
        { id: 12, image_id: 2, caption: 'A blue tile.' },
        { id: 13, image_id: 99, caption: 'No such image.' },
        { id: 14, image_id: 3, caption: 'Its file is missing.' },
      ],
    };
    const { items, summary } = await run([
      memoryFile('coco/annotations/captions_val2017.json', JSON.stringify(coco)),
      memoryFile('coco/val2017/000000000001.png', red),
      memoryFile('coco/val2017/000000000002.png', solidPng(4, 4, [0, 0, 255])),
    ]);
    expect(summary.counts).toEqual({ pair: 3, image: 0, text: 0 });
    expect(items.map((i) => i.caption)).toEqual(['A red tile on a table.', 'Something red and square.', 'A blue tile.']);
    expect(items[0].extra).toEqual({ coco_image_id: 1, coco_annotation_id: 10 });
    expect(summary.errors.map((e) => `${e.row}: ${e.reason}`)).toEqual([
      '4: annotation 13 names image_id 99, which "images" does not list',
      '5: image "000000000003.png" was not found — put the val2017/ folder beside annotations/',
    ]);
  });

  it('Flickr30k: results.csv with "|" fields and flickr30k_images/ beside it', async () => {
    const csv = 'image_name| comment_number| comment\n1000.png| 0| Two tiles , one red .\n1000.png| 1| A red square\n2000.png| 0| A blue square\n';
    const { items, summary } = await run([
      memoryFile('f30k/results.csv', csv),
      memoryFile('f30k/flickr30k_images/1000.png', red),
      memoryFile('f30k/flickr30k_images/2000.png', solidPng(4, 4, [0, 0, 255])),
    ]);
    expect(summary.errors).toEqual([]);
    expect(summary.counts).toEqual({ pair: 3, image: 0, text: 0 });
    expect(items.map((i) => [i.image?.name, i.caption])).toEqual([
      ['f30k/flickr30k_images/1000.png', 'Two tiles , one red .'],
      ['f30k/flickr30k_images/1000.png', 'A red square'],
      ['f30k/flickr30k_images/2000.png', 'A blue square'],
    ]);
  });
});

describe('URL lists (img2dataset input)', () => {
  it('a row whose image is a URL is a named error, not a lone text', async () => {
    const { items, summary } = await run([
      memoryFile('list.csv', 'url,caption\nhttps://example.org/a.jpg,a red car\n'),
      memoryFile('list.jsonl', '{"url": "http://example.org/b.png", "caption": "a blue car"}\n'),
    ]);
    expect(items).toEqual([]);
    expect(summary.errors.map((e) => `${e.source}:${e.row}: ${e.reason}`)).toEqual([
      'list.csv:2: the image is a URL (https://example.org/a.jpg) — the importer does not download: fetch the list first (img2dataset, for example) and import the folder it writes',
      'list.jsonl:1: the image is a URL (http://example.org/b.png) — the importer does not download: fetch the list first (img2dataset, for example) and import the folder it writes',
    ]);
  });

  it("reads a table's images several at a time, and hands the rows out in order", async () => {
    // Each image read takes a while (a browser reads a picked file through another process): the rows' reads overlap.
    const reads = slowReads();
    const n = 20;
    const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ file_name: `${i}.png`, text: `row ${i}` }));
    const { items, summary } = await run([
      memoryFile('t.jsonl', lines.join('\n')),
      ...Array.from({ length: n }, (_, i) => reads.file(`${i}.png`, solidPng(2, 2, [i, 0, 0]))),
    ]);
    expect(summary.errors).toEqual([]);
    expect(items.map((i) => i.caption)).toEqual(lines.map((_, i) => `row ${i}`));
    expect(reads.most).toBe(n);
  });

  it('reads lone images and caption sidecars several files at a time, in file order, the first of two equal images kept', async () => {
    const reads = slowReads();
    const n = 10;
    const pngs = Array.from({ length: n }, (_, i) => solidPng(2, 2, [i, 0, 0]));
    const { items } = await run([
      ...pngs.map((png, i) => reads.file(`pairs/${i}.png`, png)),
      ...pngs.map((_, i) => memoryFile(`pairs/${i}.txt`, `sidecar ${i}`)),
      ...pngs.map((_, i) => reads.file(`lone/${i}.png`, i === 0 ? pngs[9] : solidPng(3, 3, [i, 0, 0]))),
    ]);
    expect(reads.most).toBeGreaterThan(n / 2);
    expect(items.map((i) => [i.kind, i.caption ?? i.image?.name, Boolean(i.duplicateImage)])).toEqual([
      ...pngs.map((_, i) => ['pair', `sidecar ${i}`, false]),
      ['image', 'lone/0.png', true],
      ...pngs.slice(1).map((_, i) => ['image', `lone/${i + 1}.png`, false]),
    ]);
  });

  it('reads ahead at most readAheadBytes of images (one image always), rows in order', async () => {
    const reads = slowReads();
    const pngs = Array.from({ length: 12 }, (_, i) => solidPng(2, 2, [i, 1, 0]));
    const size = pngs[0].byteLength;
    const lines = pngs.map((_, i) => JSON.stringify({ file_name: `${i}.png`, text: `row ${i}` }));
    const files = [memoryFile('t.jsonl', lines.join('\n')), ...pngs.map((png, i) => reads.file(`${i}.png`, png))];
    const { items } = await run(files, { readAheadBytes: size * 3 });
    expect(items.map((i) => i.caption)).toEqual(lines.map((_, i) => `row ${i}`));
    expect(reads.most).toBe(3);
    reads.most = 0;
    // A budget smaller than one image still reads them, one at a time.
    const small = await run(files, { readAheadBytes: 1 });
    expect(small.items).toHaveLength(12);
    expect(reads.most).toBe(1);
  });
});
