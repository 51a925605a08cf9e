// Core import throughput in Node: parse a 100,000-row captions JSONL (rows naming 1,000 images), hash and sniff images.
// Prints figures; asserts nothing about time.

import { importFiles, summarizeImport } from '../src/core/import/importer.ts';
import { memoryFile } from '../src/core/import/source.ts';
import { jsonlLines, patternPng } from './fixture.ts';

const ROWS = Number(process.env.ROWS ?? 100_000);
const IMAGES = 1_000;
const files = [memoryFile('captions.jsonl', jsonlLines(ROWS, IMAGES))];
for (let i = 0; i < IMAGES; i++) files.push(memoryFile(`images/${i}.png`, patternPng(i)));

global.gc?.();
const baseRss = process.memoryUsage().rss;
let peakRss = baseRss;
const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const t0 = performance.now();
const summary = await summarizeImport(importFiles(files));
const ms = performance.now() - t0;
clearInterval(timer);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
console.log(
  JSON.stringify({
    bench: 'import-core (Node, parse + sniff + hash, no storage)',
    rows: ROWS,
    images: IMAGES,
    counts: summary.counts,
    errors: summary.errors.length,
    ms: Math.round(ms),
    rowsPerSecond: Math.round(ROWS / (ms / 1000)),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    rssGrowthMiB: Math.round((peakRss - baseRss) / 2 ** 20),
  }),
);
