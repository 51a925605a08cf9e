// Benchmark data: a captions JSONL of N rows naming a pool of distinct images, written to a temp folder.

import { closeSync, mkdirSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodePng } from '../src/core/png.ts';

export function patternPng(seed: number, size = 32): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) px.set([(x * 7 + seed * 13) & 255, (y * 5 + seed * 29) & 255, (seed * 37 + x * y) & 255, 255], (y * size + x) * 4);
  // The first pixel spells the seed, so that every seed gives a distinct image.
  px.set([seed & 255, (seed >> 8) & 255, 0, 255], 0);
  return encodePng(size, size, px);
}

const WORDS = ['red', 'blue', 'green', 'small', 'large', 'circle', 'square', 'triangle', 'left of', 'above', 'two', 'three', 'a', 'and', 'no'];

export function captionFor(i: number): string {
  const n = 5 + (i % 7);
  return `${Array.from({ length: n }, (_, k) => WORDS[(i * 31 + k * 17) % WORDS.length]).join(' ')} #${i}`;
}

export function jsonlLines(rows: number, images: number): string {
  const out: string[] = [];
  for (let i = 0; i < rows; i++) out.push(JSON.stringify({ file_name: `images/${i % images}.png`, text: captionFor(i) }));
  return `${out.join('\n')}\n`;
}

export function writeBenchFolder(rows: number, images: number): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cc-bench-')), 'bench100k');
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (let i = 0; i < images; i++) writeFileSync(path.join(dir, `images/${i}.png`), patternPng(i));
  writeFileSync(path.join(dir, 'captions.jsonl'), jsonlLines(rows, images));
  return dir;
}

/**
 * A folder of scored pairs (scores carried in metadata.jsonl, as an earlier stage writes them), naming `images`
 * distinct images: the threshold and the histogram work on it without scoring. Written line by line (a million rows
 * of JSON would not fit one string comfortably).
 */
export function writeScoredFolder(name: string, scores: number[], images: number, r: () => number): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'cc-bench-')), name);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  for (let i = 0; i < images; i++) writeFileSync(path.join(dir, `images/${i}.png`), patternPng(i));
  const fd = openSync(path.join(dir, 'metadata.jsonl'), 'w');
  const CHUNK = 10_000;
  for (let at = 0; at < scores.length; at += CHUNK) {
    const lines: string[] = [];
    for (let i = at; i < Math.min(scores.length, at + CHUNK); i++) {
      const s = scores[i];
      lines.push(
        JSON.stringify({
          file_name: `images/${i % images}.png`,
          text: `pair ${i} ${captionFor(i)}`,
          kind: 'pair',
          scores: { 'tiny-clip-vit': s, 'tiny-clip-cnn': s * 0.9 + 0.05 * r(), ensemble: s },
        }),
      );
    }
    writeSync(fd, `${lines.join('\n')}\n`);
  }
  closeSync(fd);
  return dir;
}
