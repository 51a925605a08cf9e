// Zip bombs against the streaming zip import (src/core/import/zip.ts): for each, the time until it is refused and the
// peak memory of a process that does nothing else, against a baseline process that reads a harmless zip. Each bomb is
// read in its own child process (Node's maxRSS is per process). Prints figures; asserts nothing.
//   npx tsx bench/zip-bomb.bench.ts

import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import { Zip, ZipDeflate, zipSync } from 'fflate';

const child = process.argv[2] === '--read';

if (child) {
  const { diskFile } = await import('../src/cli/fsSource.ts');
  const { expandZip } = await import('./../src/core/import/zip.ts');
  const path = process.argv[3];
  const t = performance.now();
  const { files, errors } = await expandZip(diskFile(path, 'bomb.zip', statSync(path).size));
  const ms = performance.now() - t;
  console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, files: files.length, errors: errors.map((e) => e.reason) }));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'zip-bomb-'));
  const GiB = 2 ** 30;

  /** A raw deflate stream of `bytes` zeros, made by streaming zlib (never holding the expanded data). */
  const deflatedZeros = (bytes: number) =>
    new Promise<Buffer>((resolve) => {
      const out: Buffer[] = [];
      const z = createDeflateRaw({ level: 9 });
      z.on('data', (c: Buffer) => out.push(c));
      z.on('end', () => resolve(Buffer.concat(out)));
      const chunk = Buffer.alloc(2 ** 24);
      let left = bytes;
      const write = () => {
        while (left > 0) {
          const n = Math.min(left, chunk.length);
          left -= n;
          if (!z.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void z.once('drain', write);
        }
        z.end();
      };
      write();
    });

  /** One deflated member with a local header; sizes declared (or 0 with the data-descriptor flag), and a central directory. */
  const zipOf = (name: string, data: Buffer, declared: { size: number; originalSize: number } | 'descriptor') => {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(declared === 'descriptor' ? 8 : 0, 6);
    local.writeUInt16LE(8, 8);
    if (declared !== 'descriptor') {
      local.writeUInt32LE(declared.size >>> 0, 18);
      local.writeUInt32LE(declared.originalSize >>> 0, 22);
    }
    local.writeUInt16LE(n.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(data.length, 8);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt16LE(n.length, 28);
    const body = Buffer.concat([local, n, data, declared === 'descriptor' ? descriptor : Buffer.alloc(0)]);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + n.length, 12);
    end.writeUInt32LE(body.length, 16);
    return Buffer.concat([body, central, n, end]);
  };

  const bombs: { name: string; make: () => Promise<Buffer> }[] = [
    { name: 'harmless (baseline): one 20-byte text', make: async () => Buffer.from(zipSync({ 'a.txt': new TextEncoder().encode('a cat on a mat') })) },
    {
      name: '1 GiB of zeros, sizes declared honestly (1,030:1)',
      make: async () => {
        const d = await deflatedZeros(GiB);
        return zipOf('zeros.jsonl', d, { size: d.length, originalSize: GiB });
      },
    },
    {
      name: '4 GiB of zeros without zip64 (declares 0 bytes expanded)',
      make: async () => {
        const d = await deflatedZeros(4 * GiB);
        return zipOf('zeros.jsonl', d, { size: d.length, originalSize: 4 * GiB });
      },
    },
    {
      name: '1 GiB of zeros, sizes only in a data descriptor',
      make: async () => zipOf('zeros.jsonl', await deflatedZeros(GiB), 'descriptor'),
    },
    {
      name: '1 GiB of zeros declaring 1 MiB expanded (a lying header)',
      make: async () => {
        const d = await deflatedZeros(GiB);
        return zipOf('zeros.jsonl', d, { size: d.length, originalSize: d.length });
      },
    },
    {
      name: '300 members of 4 MiB zeros, sizes in data descriptors (1.2 GiB in all)',
      make: async () => {
        const members: Record<string, Uint8Array> = {};
        const zeros = new Uint8Array(4 * 2 ** 20);
        for (let i = 0; i < 300; i++) members[`m${i}.bin`] = zeros;
        const chunks: Uint8Array[] = [];
        const z = new Zip((_, c) => chunks.push(c));
        for (const [name, data] of Object.entries(members)) {
          const f = new ZipDeflate(name, { level: 9 });
          z.add(f);
          f.push(data, true);
        }
        z.end();
        return Buffer.concat(chunks);
      },
    },
  ];

  for (const bomb of bombs) {
    const zip = await bomb.make();
    const path = join(dir, 'bomb.zip');
    writeFileSync(path, zip);
    const out = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--read', path], { encoding: 'utf8', maxBuffer: 2 ** 26 }),
    );
    console.log(
      JSON.stringify({
        bench: 'zip-bomb',
        bomb: bomb.name,
        zipBytes: zip.length,
        msToRefuse: Math.round(out.ms),
        peakRssMiB: Math.round(out.maxRssMiB),
        filesRead: out.files,
        errors: out.errors.length,
        firstError: out.errors[0],
      }),
    );
  }
}
