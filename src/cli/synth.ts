// `clip-curator demo`: writes a demo dataset folder of synthetic scenes with ground truth.

import { demoItems, DEMO_IMAGE_SIZE } from '../core/synth/demo.ts';
import { renderScenePng } from '../core/synth/render.ts';
import { contentHash } from '../core/import/image.ts';
import type { Item } from '../core/model.ts';
import { APP_VERSION } from '../core/version.ts';
import { DatasetFolderWriter } from './folder.ts';

export async function writeDemo(out: string, seed: number, count: number, force = false) {
  const writer = await DatasetFolderWriter.open(out, force);
  const at = new Date().toISOString();
  const counts = { pair: 0, image: 0, text: 0, mismatched: 0, nearMisses: 0 };
  const items = demoItems(seed, count);
  for (const [i, d] of items.entries()) {
    const png = d.scene ? renderScenePng(d.scene, DEMO_IMAGE_SIZE, d.imageSeed!) : undefined;
    const hash = png ? await contentHash(png) : undefined;
    const item: Item = {
      id: `demo-${seed}-${i}`,
      datasetId: 'demo',
      seq: i,
      kind: d.kind,
      imageHash: hash,
      captions: d.caption ? [{ text: d.caption, provenance: { origin: 'imported', at, file: 'synthetic', row: i + 1 } }] : [],
      status: 'pending',
      source: { file: `synthetic demo seed ${seed}`, row: i + 1 },
      // Ground truth travels with the data: whether a pair matches, a true caption, and the scene itself.
      extra: {
        ...(d.match !== undefined ? { match: d.match } : {}),
        ...(d.trueCaption ? { true_caption: d.trueCaption } : {}),
        ...(d.mismatch ? { mismatch: d.mismatch } : {}),
        ...(d.scene ? { synth_scene: d.scene, synth_seed: d.imageSeed } : {}),
      },
    };
    counts[d.kind]++;
    if (d.match === false) counts.mismatched++;
    if (d.mismatch?.startsWith('near-miss')) counts.nearMisses++;
    await writer.add(item, png ? { mime: 'image/png', bytes: async () => png } : undefined);
  }
  await writer.close({ app: 'clip-curator', version: APP_VERSION, stage: 'demo', seed, count, createdAt: at });
  return counts;
}
