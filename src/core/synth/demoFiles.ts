// The demo dataset as files (metadata.jsonl + PNGs) that go through the ordinary importers, in the page or in Node.

import { memoryFile, type SourceFile } from '../import/source.ts';
import { demoItems, DEMO_IMAGE_SIZE } from './demo.ts';
import { renderScenePng } from './render.ts';

export const DEMO_SEED = 1;
export const DEMO_COUNT = 200;

export function demoFiles(seed = DEMO_SEED, count = DEMO_COUNT, folder = `demo-seed-${seed}`): SourceFile[] {
  const files: SourceFile[] = [];
  const rows = demoItems(seed, count).map((d, i) => {
    const file_name = d.scene ? `images/${String(i).padStart(4, '0')}.png` : undefined;
    if (d.scene) files.push(memoryFile(`${folder}/${file_name}`, renderScenePng(d.scene, DEMO_IMAGE_SIZE, d.imageSeed!)));
    return JSON.stringify({
      ...(file_name ? { file_name } : {}),
      ...(d.caption ? { text: d.caption } : {}),
      kind: d.kind,
      ...(d.match !== undefined ? { match: d.match } : {}),
      ...(d.trueCaption ? { true_caption: d.trueCaption } : {}),
      ...(d.mismatch ? { mismatch: d.mismatch } : {}),
      ...(d.scene ? { synth_scene: d.scene, synth_seed: d.imageSeed } : {}),
    });
  });
  files.push(memoryFile(`${folder}/metadata.jsonl`, `${rows.join('\n')}\n`));
  return files;
}
