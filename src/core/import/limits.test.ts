import { Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, solidPng } from '../png.ts';
import { importFiles, summarizeImport } from './importer.ts';
import { memoryFile } from './source.ts';
import { expandZip } from './zip.ts';

/** A small PNG whose header declares width × height (with a valid CRC): a pixel bomb's header, without the pixels. */
function declaring(width: number, height: number): Uint8Array {
  const png = solidPng(4, 4, [200, 10, 10]);
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  dv.setUint32(16, width);
  dv.setUint32(20, height);
  dv.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}

describe('import limits, checked before the work', () => {
  it('an image whose header declares more than 100 megapixels is a row error naming its size; the others import', async () => {
    const summary = await summarizeImport(
      importFiles([
        memoryFile('m.jsonl', '{"file_name":"bomb.png","text":"a huge image"}\n{"file_name":"ok.png","text":"a small one"}\n'),
        memoryFile('bomb.png', declaring(60000, 60000)),
        memoryFile('ok.png', solidPng(4, 4, [0, 0, 255])),
      ]),
    );
    expect(summary.counts.pair).toBe(1);
    expect(summary.errors).toEqual([
      {
        source: 'm.jsonl',
        row: 1,
        reason: 'image "bomb.png" is 60000×60000 (3600 megapixels), over the 100-megapixel limit — downscale it, or raise the limit',
      },
    ]);
  });

  it('a caption over the limit is a row error with its length, and its image does not become a lone image', async () => {
    const long = 'word '.repeat(2500).trim();
    const summary = await summarizeImport(
      importFiles([memoryFile('m.jsonl', `${JSON.stringify({ file_name: 'a.png', text: long })}\n`), memoryFile('a.png', solidPng(4, 4, [0, 200, 0]))], {
        limits: { maxPixels: 100_000_000, maxCaptionChars: 10_000 },
      }),
    );
    expect(summary.counts).toEqual({ pair: 0, image: 0, text: 0 });
    expect(summary.errors).toEqual([{ source: 'm.jsonl', row: 1, reason: 'caption is 12,499 characters, over the 10,000-character limit — shorten it' }]);
  });

  it('a caption with a control character (NUL) is a row error naming it; tabs and line breaks stay; the other rows import', async () => {
    const rows = [
      { file_name: 'a.png', text: 'a nul\u0000 here' },
      { file_name: 'b.png', text: 'a tab\there and\r\na CRLF' },
    ];
    const summary = await summarizeImport(
      importFiles([
        memoryFile('m.jsonl', `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`),
        memoryFile('a.png', solidPng(4, 4, [0, 200, 0])),
        memoryFile('b.png', solidPng(4, 4, [0, 0, 200])),
      ]),
    );
    expect(summary.counts).toEqual({ pair: 1, image: 0, text: 0 });
    expect(summary.errors).toEqual([{ source: 'm.jsonl', row: 1, reason: 'caption holds the control character U+0000 at character 6 — remove it' }]);
  });
});

describe('zip archive limits, on the declared sizes before inflating and the real ones as it streams', () => {
  const zeros = (mib: number) => new Uint8Array(mib * 2 ** 20);
  it('a member over the size limit, one that expands like a bomb, and one past the total are named; the rest imports', async () => {
    const limits = { maxMemberBytes: 4 * 2 ** 20, maxTotalBytes: 6 * 2 ** 20, maxRatio: 200 };
    const zip = zipSync({
      'set/a.png': solidPng(4, 4, [0, 200, 0]),
      'set/m.jsonl': new TextEncoder().encode('{"file_name":"a.png","text":"a green square"}\n'),
      'set/big.bin': new Uint8Array(5 * 2 ** 20).map((_, i) => (i * 2654435761) >>> 24),
      'set/bomb.jsonl': zeros(3),
      'set/fill.bin': new Uint8Array(3 * 2 ** 20).map((_, i) => (i * 40503) >>> 8),
      'set/last.bin': new Uint8Array(4 * 2 ** 20).map((_, i) => (i * 2246822519) >>> 24),
    });
    const { files, errors } = await expandZip(memoryFile('x.zip', zip), limits);
    expect(files.map((f) => f.path).sort()).toEqual(['x/set/a.png', 'x/set/fill.bin', 'x/set/m.jsonl']);
    expect(errors.map((e) => e.reason)).toEqual([
      'member "set/big.bin" would expand to 5 MiB, over the 4 MiB limit for one member; it was not read — split the archive',
      expect.stringMatching(/^member "set\/bomb\.jsonl" would expand [\d,]+:1 \([\d,]+ KiB to 3 MiB\), over the 200:1 limit — a zip bomb\?; it was not read$/),
      'member "set/last.bin" would take the archive past 6 MiB expanded; it was not read — split the archive',
    ]);
    const summary = await summarizeImport(importFiles([memoryFile('x.zip', zip)], {}));
    expect(summary.counts.pair).toBe(1);
  });

  /** Rewrite the sizes in the first local member header (signature 0x04034b50; compressed at +18, expanded at +22). */
  const declare = (zip: Uint8Array, sizes: { compressed?: number; expanded?: number }) => {
    const dv = new DataView(zip.buffer, zip.byteOffset);
    expect(dv.getUint32(0, true)).toBe(0x04034b50);
    if (sizes.compressed !== undefined) dv.setUint32(18, sizes.compressed, true);
    if (sizes.expanded !== undefined) dv.setUint32(22, sizes.expanded, true);
    return zip;
  };

  it('a member whose declared size is smaller than its compressed data (a lying header) is refused before inflating', async () => {
    const zip = declare(zipSync({ 'liar.jsonl': new Uint8Array(2 ** 20).map((_, i) => (i * 2654435761) >>> 24) }, { level: 0 }), { expanded: 10 });
    const { files, errors } = await expandZip(memoryFile('x.zip', zip));
    expect(files).toEqual([]);
    expect(errors[0].reason).toBe(
      'member "liar.jsonl" declares 1 KiB expanded but holds 1 MiB compressed — the archive is damaged or hostile; it was not read',
    );
  });

  it('a member that expands past what its header declares is stopped as it inflates; the next member still reads', async () => {
    const text = new TextEncoder().encode('a cat on a mat\n'.repeat(200_000)); // 2.9 MiB, compresses ~100:1
    const zip = zipSync({ 'grows.txt': text, 'after.txt': new TextEncoder().encode('still here') });
    declare(zip, { expanded: 64 * 1024 });
    const { files, errors } = await expandZip(memoryFile('x.zip', zip));
    expect(files.map((f) => f.path)).toEqual(['x/after.txt']);
    expect(errors.map((e) => e.reason)).toEqual([
      'member "grows.txt" expands past the 64 KiB its header declares — the archive is damaged or hostile; it was not read',
    ]);
  });

  it('a streamed zip (sizes only in data descriptors) is held to the limits as it inflates', async () => {
    const streamed = async (members: Record<string, Uint8Array>) => {
      const chunks: Uint8Array[] = [];
      const done = new Promise<void>((resolve, reject) => {
        const z = new Zip((err, chunk, final) => {
          if (err) reject(err);
          chunks.push(chunk);
          if (final) resolve();
        });
        for (const [name, data] of Object.entries(members)) {
          const f = new ZipDeflate(name, { level: 9 });
          z.add(f);
          f.push(data, true);
        }
        z.end();
      });
      await done;
      const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      chunks.reduce((o, c) => (out.set(c, o), o + c.length), 0);
      return out;
    };
    const zip = await streamed({
      'bomb.bin': zeros(40),
      'big.bin': new Uint8Array(9 * 2 ** 20).map((_, i) => (i * 2654435761) >>> 24),
      'ok.txt': new TextEncoder().encode('fine'),
    });
    expect(new DataView(zip.buffer).getUint16(6, true) & 8).toBe(8); // the data-descriptor flag: no sizes up front
    const { files, errors } = await expandZip(memoryFile('x.zip', zip), { maxMemberBytes: 8 * 2 ** 20, maxTotalBytes: 2 ** 30, maxRatio: 200 });
    expect(files.map((f) => f.path)).toEqual(['x/ok.txt']);
    expect(errors.map((e) => e.reason)).toEqual([
      expect.stringMatching(/^member "bomb\.bin" expands more than 200:1 \([\d.]+ MiB from at most [\d,]+ KiB\) — a zip bomb\?; it was not read$/),
      'member "big.bin" expands past 8 MiB, the limit for one member; it was not read — split the archive',
    ]);
  });

  it('a file that is not a zip is named as such', async () => {
    const { files, errors } = await expandZip(memoryFile('x.zip', 'just some text, not an archive'));
    expect(files).toEqual([]);
    expect(errors.map((e) => e.reason)).toEqual([expect.stringMatching(/^not a readable zip archive/)]);
  });
});

describe('tar members over the size limit', () => {
  it('are skipped as they stream by and named; the members around them are read', async () => {
    const { readTar, tarEntry } = await import('./tar.ts');
    const parts = [
      ...tarEntry('a.txt', new TextEncoder().encode('first')),
      ...tarEntry('big.bin', new Uint8Array(3 * 2 ** 20 + 17)),
      ...tarEntry('c.txt', new TextEncoder().encode('last')),
      new Uint8Array(1024),
    ];
    // Delivered in 64 KiB chunks, as a file stream is.
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) all.set(p, (o += p.length) - p.length);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < all.length; i += 65536) c.enqueue(all.slice(i, i + 65536));
        c.close();
      },
    });
    const members = [];
    for await (const m of readTar(stream, 2 ** 20)) members.push({ name: m.name, size: m.bytes.length, tooLarge: m.tooLarge });
    expect(members).toEqual([
      { name: 'a.txt', size: 5, tooLarge: undefined },
      { name: 'big.bin', size: 0, tooLarge: 3 * 2 ** 20 + 17 },
      { name: 'c.txt', size: 4, tooLarge: undefined },
    ]);
  });
});
