import { describe, expect, it } from 'vitest';
import { crc32, solidPng } from '../png.ts';
import { importFiles, summarizeImport } from './importer.ts';
import { memoryFile } from './source.ts';

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
