// Every export format: re-imported through the app's own importers with nothing lost, byte-identical when repeated,
// and readable by an independent reader: GNU tar (WebDataset), hyparquet (Parquet), papaparse (the TSV tables, as
// Python's csv module and pandas read them: quoted fields keep tabs, line breaks and quotes).

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { contentHash, sniffImage, type ImageInfo } from '../import/image.ts';
import { importFiles, type ImportedItem } from '../import/importer.ts';
import { memoryFile } from '../import/source.ts';
import type { Item } from '../model.ts';
import type { Negative } from '../negatives/types.ts';
import { solidPng } from '../png.ts';
import { EXPORT_FORMATS, exportDataset, pythonList, sanitizeName, type ExportFormat, type ExportPair, type ExportSink } from './formats.ts';

const CAPTIONS = [
  'a red square above a blue circle',
  'two dogs, one "happy"',
  'tab\there and\na new line',
  '<img src=x onerror=alert(1)> 犬が二匹 🐕',
  "it's a cat's toy \\ backslash",
  '=SUM(A1) "quoted" and\r\na CRLF',
];

async function fixture() {
  const images = new Map<string, { bytes: Uint8Array; mime: ImageInfo['mime'] }>();
  const put = async (bytes: Uint8Array) => {
    const hash = await contentHash(bytes);
    images.set(hash, { bytes, mime: 'image/png' });
    return hash;
  };
  const pairs: ExportPair[] = [];
  for (const [i, text] of CAPTIONS.entries()) {
    const hash = await put(solidPng(6 + i, 5, [i * 40, 100, 200 - i * 30]));
    const item: Item = {
      id: `item-${i}`,
      datasetId: 'd',
      seq: i,
      kind: 'pair',
      imageHash: hash,
      captions: [{ text, provenance: { origin: 'imported', at: '2026-01-01T00:00:00Z' } }],
      status: i % 2 ? 'accepted' : 'pending',
      scores: { 'tiny-clip-vit': 0.5 + i / 100, ensemble: 0.4 + i / 100 },
      source: { file: 'captions.jsonl', row: i + 1 },
    };
    const negImage = await put(solidPng(6 + i, 5, [1, 2, i]));
    const base = {
      datasetId: 'd',
      itemId: item.id,
      seed: 1,
      positiveText: text,
      positiveImageHash: hash,
      status: 'pending' as const,
      createdAt: 'x',
      hardness: -0.1,
    };
    const negatives: Negative[] = [
      {
        ...base,
        id: `${item.id}|color`,
        family: 'compositional',
        type: 'color',
        modality: 'text',
        generator: 'rules',
        text: `${text} (but green)`,
        change: { from: 'red', to: 'green' },
      },
      { ...base, id: `${item.id}|patch`, family: 'structure', type: 'patch-shuffle', modality: 'image', generator: 'structure', imageHash: negImage, grid: 2 },
    ];
    pairs.push({ item, negatives });
  }
  return { pairs, images };
}

/** A sink that keeps files in memory, as a zip or a folder would receive them. */
function memorySink() {
  const files = new Map<string, Uint8Array>();
  let current: { path: string; parts: Uint8Array[] } | undefined;
  const sink: ExportSink = {
    begin: async (p) => void (current = { path: p, parts: [] }),
    write: async (c) => void current!.parts.push(c.slice()),
    end: async () => {
      const size = current!.parts.reduce((a, p) => a + p.byteLength, 0);
      const out = new Uint8Array(size);
      let o = 0;
      for (const p of current!.parts) out.set(p, (o += p.byteLength) - p.byteLength);
      files.set(current!.path, out);
      current = undefined;
    },
  };
  return { sink, files };
}

async function run(format: ExportFormat) {
  const { pairs, images } = await fixture();
  const { sink, files } = memorySink();
  const result = await exportDataset(
    {
      pairs: async function* () {
        yield* pairs;
      },
      image: async (h) => images.get(h)!,
      mime: async (h) => images.get(h)!.mime,
    },
    sink,
    { format, shardSize: 4, manifest: { app: 'clip-curator', threshold: { model: 'ensemble', value: 0.3 } } },
  );
  return { pairs, images, files, result };
}

async function reimport(files: Map<string, Uint8Array>) {
  const items: ImportedItem[] = [];
  const errors: string[] = [];
  for await (const ev of importFiles([...files].map(([p, b]) => memoryFile(`export/${p}`, b)))) {
    if (ev.type === 'item') items.push(ev.item);
    if (ev.type === 'error' && !ev.error.reason.startsWith('skipped:')) errors.push(`${ev.error.source}:${ev.error.row}: ${ev.error.reason}`);
  }
  return { items, errors };
}

describe('export formats', () => {
  for (const format of EXPORT_FORMATS)
    it(`${format}: re-imports with every pair, caption and image intact, and repeats byte for byte`, async () => {
      const a = await run(format);
      expect(a.result).toMatchObject({ pairs: CAPTIONS.length, negatives: CAPTIONS.length * 2 });
      const { items, errors } = await reimport(a.files);
      expect(errors).toEqual([]);
      expect(items.filter((i) => i.kind === 'pair')).toHaveLength(CAPTIONS.length);
      expect(items.filter((i) => i.kind !== 'pair')).toEqual([]);
      const got = items.map((i) => `${i.image!.hash}|${i.caption}`).sort();
      const want = a.pairs.map((p) => `${p.item.imageHash}|${p.item.captions[0].text.trim()}`).sort();
      expect(got).toEqual(want);
      // Negatives travel with the pairs where the format has room for them.
      const carried = items.map((i) => JSON.stringify(i.extra ?? {})).join('\n');
      if (format !== 'openclip-csv') expect(carried).toContain('(but green)');
      const manifest = JSON.parse(new TextDecoder().decode(a.files.get('manifest.json')));
      expect(manifest).toMatchObject({ format, pairs: CAPTIONS.length, threshold: { value: 0.3 } });
      // Deterministic: the same data and settings give the same bytes.
      const b = await run(format);
      expect([...b.files.keys()]).toEqual([...a.files.keys()]);
      for (const [name, bytes] of a.files) expect(Buffer.compare(Buffer.from(bytes), Buffer.from(b.files.get(name)!)), name).toBe(0);
    });

  it('webdataset shards read with GNU tar: key.png, key.txt, key.json per sample, negatives beside them', async () => {
    const { files, pairs } = await run('webdataset');
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-wds-'));
    const shards = [...files.keys()].filter((f) => f.endsWith('.tar'));
    expect(shards).toEqual(['shard-000000.tar', 'shard-000001.tar']); // 6 samples, 4 per shard
    for (const s of shards) writeFileSync(path.join(dir, s), files.get(s)!);
    const members = execFileSync('tar', ['-tf', path.join(dir, shards[0])], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(members.slice(0, 4)).toEqual(['000000000.png', '000000000.txt', '000000000.neg1.png', '000000000.json']);
    mkdirSync(path.join(dir, 'x'));
    execFileSync('tar', ['-xf', path.join(dir, shards[1]), '-C', path.join(dir, 'x')]);
    expect(readFileSync(path.join(dir, 'x', '000000005.txt'), 'utf8')).toBe(pairs[5].item.captions[0].text);
    const meta = JSON.parse(readFileSync(path.join(dir, 'x', '000000005.json'), 'utf8'));
    expect(meta.negatives.map((n: { type: string }) => n.type)).toEqual(['color', 'patch-shuffle']);
    expect(await contentHash(readFileSync(path.join(dir, 'x', '000000005.png')))).toBe(pairs[5].item.imageHash);
  });

  it('parquet reads with hyparquet: image structs with bytes, captions, and the features datasets needs', async () => {
    const { files, pairs } = await run('parquet');
    const bytes = files.get('data/train-00000-of-00001.parquet')!;
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(buf);
    expect(Number(meta.num_rows)).toBe(CAPTIONS.length);
    const hf = JSON.parse(meta.key_value_metadata!.find((k) => k.key === 'huggingface')!.value!);
    expect(hf.info.features.image._type).toBe('Image');
    expect(meta.row_groups[0].columns.map((c) => c.meta_data?.codec)).toContain('SNAPPY');
    const rows = (await parquetReadObjects({ file: buf, utf8: false })) as {
      image: { bytes: Uint8Array; path: string };
      text: string;
      negatives: { text: string; type: string; seed: bigint; change_from: string | null }[];
    }[];
    for (const [i, r] of rows.entries()) {
      expect(r.text).toBe(pairs[i].item.captions[0].text);
      expect(await contentHash(r.image.bytes)).toBe(pairs[i].item.imageHash);
      expect(sniffImage(r.image.bytes)).toMatchObject({ mime: 'image/png' });
      // Negatives are a real list of records, not a JSON string.
      expect(r.negatives[0].text).toContain('(but green)');
      expect(r.negatives[0]).toMatchObject({ type: 'color', family: 'compositional', status: expect.any(String) });
      expect(typeof r.negatives[0].seed).toBe('bigint');
    }
  });

  it('negclip-tsv: title, filepath and Python list literals that ast.literal_eval reads', async () => {
    const { files, pairs } = await run('negclip-tsv');
    const table = Papa.parse<string[]>(new TextDecoder().decode(files.get('negclip.tsv')), { delimiter: '\t', newline: '\n', skipEmptyLines: true });
    expect(table.errors).toEqual([]);
    expect(table.data[0]).toEqual(['', 'title', 'filepath', 'neg_caption', 'neg_image', 'neg_filepath', 'neg_type']);
    const cols = table.data[5];
    expect(cols[0]).toBe('4');
    expect(cols[1]).toBe(pairs[4].item.captions[0].text);
    expect(cols[3]).toBe("['it\\'s a cat\\'s toy \\\\ backslash (but green)']");
    expect(cols[4]).toMatch(/^\[\d, \d, \d\]$/);
    expect(cols[5]).toMatch(/^\['negatives\/[0-9a-f]{20}\.png'\]$/);
    // Every caption reads back exact: tabs, line breaks, CRLF, quotes, a formula-like start.
    expect(table.data.slice(1).map((r) => r[1])).toEqual(pairs.map((p) => p.item.captions[0].text));
    expect(table.data[3][3]).toBe("['tab\\there and\\na new line (but green)']");
    expect(pythonList(["it's", 'a\\b', 3])).toBe("['it\\'s', 'a\\\\b', 3]");
    expect(pythonList(['nul\u0000 bell\u0007 del\u007f nel\u0085'])).toBe("['nul\\u0000 bell\\u0007 del\\u007f nel\\u0085']");
  });

  it('openclip-csv: pandas-style reading gives every caption exact; formula-like captions are counted with a warning', async () => {
    const { files, pairs, result } = await run('openclip-csv');
    const table = Papa.parse<Record<string, string>>(new TextDecoder().decode(files.get('train.csv')), {
      delimiter: '\t',
      newline: '\n',
      header: true,
      skipEmptyLines: true,
    });
    expect(table.errors).toEqual([]);
    expect(table.data.map((r) => r.title)).toEqual(pairs.map((p) => p.item.captions[0].text));
    expect(result.warnings).toEqual([
      // The pair's caption and its colour negative.
      '2 captions start with =, +, - or @: written unchanged for training code, but a spreadsheet may run them as a formula — do not open the tables in one',
    ]);
    expect(JSON.parse(new TextDecoder().decode(files.get('manifest.json'))).warnings).toEqual(result.warnings);
  });

  it('sanitizes names: no path separators, no leading dots, nothing empty', () => {
    expect(sanitizeName('../../etc/passwd')).toBe('etc_passwd');
    expect(sanitizeName('Demo (synthetic scenes, seed 1)')).toBe('Demo_synthetic_scenes_seed_1_');
    expect(sanitizeName('犬 photos')).toBe('犬_photos');
    expect(sanitizeName('///')).toBe('file');
  });
});
