// Near-duplicate detection (src/core/search/dedup.ts) on the bundled models: originals (the six CC0 photos and 120
// distinct synthetic scenes) and four copies of each (re-encoded JPEG at quality 60, resized to half, cropped 6% on
// every side, brightened 15%, made with sharp). For each threshold, the pairwise precision and recall of "in the same
// cluster" against "copies of the same original"; then the time to cluster random embeddings at 2,000 and 10,000
// images. Prints figures; asserts nothing.
//   npx tsx bench/dedup.bench.ts            (CC_MODELS=path/to/clip-export to measure a real CLIP)

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { embedImages, memoryStore } from '../src/core/clip/pipeline.ts';
import { nearDuplicates } from '../src/core/search/dedup.ts';
import { buildIndex } from '../src/core/search/rank.ts';
import { rng } from '../src/core/random.ts';
import { DEMO_IMAGE_SIZE, sceneStream } from '../src/core/synth/demo.ts';
import { renderScenePng } from '../src/core/synth/render.ts';
import { decodeImage } from '../src/cli/decode.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../src/cli/models.ts';

const photosDir = path.join(import.meta.dirname, '../fixtures/photos/images');
const originals: { name: string; bytes: Uint8Array }[] = readdirSync(photosDir)
  .filter((f) => /\.(jpe?g|png)$/i.test(f))
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(photosDir, f))) }));
const scenes = sceneStream(4242);
for (let i = 0; i < 120; i++) {
  const { scene, imageSeed } = scenes.next().value!;
  originals.push({ name: `scene-${i}.png`, bytes: renderScenePng(scene, DEMO_IMAGE_SIZE, imageSeed) });
}

const copies = {
  jpeg60: (s: Sharp) => s.jpeg({ quality: 60 }),
  half: async (s: Sharp, w: number, h: number) => s.resize(Math.max(8, Math.round(w / 2)), Math.max(8, Math.round(h / 2))).png(),
  crop6: async (s: Sharp, w: number, h: number) =>
    s.extract({ left: Math.round(w * 0.06), top: Math.round(h * 0.06), width: Math.round(w * 0.88), height: Math.round(h * 0.88) }).png(),
  bright15: (s: Sharp) => s.modulate({ brightness: 1.15 }).png(),
};

const images = new Map<string, Uint8Array>();
const group = new Map<string, number>();
const t0 = performance.now();
for (const [g, o] of originals.entries()) {
  const meta = await sharp(o.bytes).metadata();
  const add = (name: string, bytes: Uint8Array) => {
    images.set(name, bytes);
    group.set(name, g);
  };
  add(o.name, o.bytes);
  for (const [kind, make] of Object.entries(copies))
    add(`${o.name}~${kind}`, new Uint8Array(await (await make(sharp(o.bytes), meta.width!, meta.height!)).toBuffer()));
}
// CC_MODELS=dir1,dir2 measures other models (a real CLIP export) on the same copies.
const modelNames = process.env.CC_MODELS ? process.env.CC_MODELS.split(',') : DEFAULT_MODELS;
const models = await loadNodeModels(modelNames);
const names = [...images.keys()];
const indexes = [];
for (const m of models) {
  const { vectors } = await embedImages(m, names, { store: memoryStore(), loadImage: async (n) => decodeImage(images.get(n)!) });
  indexes.push(buildIndex(names.map((n) => [n, vectors.get(n)])));
}
console.log(
  JSON.stringify({
    bench: 'dedup-setup',
    originals: originals.length,
    images: names.length,
    models: modelNames,
    embedSeconds: +((performance.now() - t0) / 1000).toFixed(1),
  }),
);

const truePairs = (originals.length * ((1 + Object.keys(copies).length) * Object.keys(copies).length)) / 2;
for (const threshold of [0.85, 0.9, 0.92, 0.93, 0.94, 0.95, 0.96, 0.97, 0.98]) {
  const { clusters } = nearDuplicates(indexes, threshold);
  let predicted = 0;
  let correct = 0;
  // Wrong pairs by where their two images come from: two renders of the synthetic world, two photos, or one of each.
  const wrong = { sceneScene: 0, photoPhoto: 0, photoScene: 0 };
  for (const c of clusters)
    for (let i = 0; i < c.length; i++)
      for (let j = i + 1; j < c.length; j++) {
        predicted++;
        if (group.get(c[i]) === group.get(c[j])) correct++;
        else {
          const scenes = [c[i], c[j]].filter((h) => h.startsWith('scene-')).length;
          wrong[scenes === 2 ? 'sceneScene' : scenes === 0 ? 'photoPhoto' : 'photoScene']++;
        }
      }
  // Which copies were missed most, to see what the models are blind to.
  const missedByKind: Record<string, number> = {};
  const clusterOf = new Map<string, number>();
  clusters.forEach((c, k) => c.forEach((h) => clusterOf.set(h, k)));
  for (const n of names) {
    if (!n.includes('~')) continue;
    const orig = n.split('~')[0];
    if (clusterOf.get(n) === undefined || clusterOf.get(n) !== clusterOf.get(orig)) {
      const kind = n.split('~')[1];
      missedByKind[kind] = (missedByKind[kind] ?? 0) + 1;
    }
  }
  console.log(
    JSON.stringify({
      bench: 'dedup-threshold',
      threshold,
      clusters: clusters.length,
      pairwisePrecision: predicted ? +(correct / predicted).toFixed(4) : 1,
      pairwiseRecall: +(correct / truePairs).toFixed(4),
      f1: +((2 * correct) / (predicted + truePairs)).toFixed(4),
      wrongPairs: wrong,
      copiesNotWithTheirOriginal: missedByKind,
    }),
  );
}

// Time and recall at size: images in groups of five near-copies (cosine ≈ 0.97 within a group), two models of 64
// dimensions. Exact compares every pair; hashed compares the pairs sharing a bucket (the default past 5,000 images).
const r = rng(9);
const withCopies = (n: number) => {
  const hashes = Array.from({ length: n }, (_, i) => `h${i}`);
  return [0, 1].map(() => {
    const base: number[][] = [];
    return buildIndex(
      hashes.map((h, i) => {
        if (i % 5 === 0) base.push(Array.from({ length: 64 }, () => r() - 0.5));
        return [h, base[base.length - 1].map((x) => x + (r() - 0.5) * 0.06)];
      }),
    );
  });
};
const photosExact = nearDuplicates(indexes, 0.95, { exactUpTo: Number.POSITIVE_INFINITY }).pairs;
const photosHashed = nearDuplicates(indexes, 0.95, { exactUpTo: 0 }).pairs;
console.log(
  JSON.stringify({
    bench: 'dedup-hashed-recall',
    images: names.length,
    threshold: 0.95,
    exactPairs: photosExact,
    hashedPairs: photosHashed,
    recall: +(photosHashed / photosExact).toFixed(4),
  }),
);
for (const n of [10_000, 100_000]) {
  const ix = withCopies(n);
  const t = performance.now();
  const hashed = nearDuplicates(ix, 0.95, { exactUpTo: 0 });
  const hashedMs = performance.now() - t;
  let exact: number | undefined;
  let exactMs: number | undefined;
  if (n <= 10_000) {
    const t1 = performance.now();
    exact = nearDuplicates(ix, 0.95, { exactUpTo: Number.POSITIVE_INFINITY }).pairs;
    exactMs = performance.now() - t1;
  }
  console.log(
    JSON.stringify({
      bench: 'dedup-time',
      images: n,
      models: 2,
      dim: 64,
      hashedMs: Math.round(hashedMs),
      hashedPairs: hashed.pairs,
      clusters: hashed.clusters.length,
      ...(exact !== undefined ? { exactMs: Math.round(exactMs!), exactPairs: exact, recall: +(hashed.pairs / exact).toFixed(4) } : { truePairs: (n / 5) * 10 }),
    }),
  );
}
