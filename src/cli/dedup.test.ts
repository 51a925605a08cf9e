// clip-curator dedup: a JPEG re-encode and a half-size copy of one photo cluster with it; the other photos do not.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from './testing.ts';

const PHOTOS = path.join(import.meta.dirname, '../../fixtures/photos');

describe('clip-curator dedup', () => {
  it('prints clusters of near-duplicates as the file_names of the metadata, largest first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cc-dedup-'));
    cpSync(PHOTOS, dir, { recursive: true });
    const rows = readFileSync(path.join(dir, 'metadata.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const original = rows[0].file_name as string;
    const bytes = readFileSync(path.join(dir, original));
    const { width } = await sharp(bytes).metadata();
    writeFileSync(path.join(dir, 'images/copy-q60.jpg'), await sharp(bytes).jpeg({ quality: 60 }).toBuffer());
    writeFileSync(
      path.join(dir, 'images/copy-half.png'),
      await sharp(bytes)
        .resize(Math.round(width! / 2))
        .png()
        .toBuffer(),
    );
    const extra = [
      { file_name: 'images/copy-q60.jpg', text: 'the same photo, saved again' },
      { file_name: 'images/copy-half.png', text: 'the same photo, smaller' },
    ];
    writeFileSync(path.join(dir, 'metadata.jsonl'), [...rows, ...extra].map((r) => JSON.stringify(r)).join('\n') + '\n');

    // The bundled tiny models know only synthetic scenes: to them every real photo looks alike (the retrained CNN puts
    // the cat and the coffee cup at cosine 0.97), so photos need a strict threshold; copies stay above 0.99.
    const run = await runCli(['dedup', dir, '--threshold', '0.99', '--json']);
    expect(run.code, run.err).toBe(0);
    const clusters = run.out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as string[]);
    const withOriginal = clusters.find((c) => c.includes(original));
    expect(withOriginal?.slice().sort()).toEqual([original, 'images/copy-half.png', 'images/copy-q60.jpg'].sort());
    // The five other photos are distinct: none of them is in a cluster.
    const others = rows.slice(1).map((r) => r.file_name);
    expect(clusters.flat().filter((n) => others.includes(n))).toEqual([]);
    expect(run.err).toMatch(/dedup: 8 images, 1 cluster\(s\) of near-duplicates at cosine ≥ 0\.99 \(2 image\(s\) beyond one per cluster\)/);

    const text = await runCli(['dedup', dir, '--threshold', '0.99']);
    expect(text.out).toMatch(/^cluster 1 \(3 images\): /);
    expect((await runCli(['dedup', dir, '--threshold', '2'])).code).toBe(1);
  });
});
