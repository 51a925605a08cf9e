// The hard-negatives job: negatives for every verified pair, written in slices so that a reload loses at most one;
// existing ones (and their decisions) are kept.

import { generateNegatives, type GenerateResult, type Skipped } from '../../core/negatives/generate.ts';
import { currentCaption, type Item } from '../../core/model.ts';
import { imageRecord, storeImage } from '../../persist/images.ts';
import { negativeIds, putNegatives } from '../../persist/negatives.ts';
import { loadItems } from '../../persist/repo.ts';
import type { NegativesRequest, NegativesResult } from '../dataProtocol.ts';
import { decodeRgba } from '../decodeImage.ts';
import { providerFor } from '../provider.ts';
import { makeThumbnail } from '../thumbnail.ts';
import { db, throttled } from './context.ts';

const SLICE = 20;

export async function runNegatives(
  request: NegativesRequest,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<NegativesResult> {
  const { cut, options } = request;
  // Verified pairs only: accepted ones, and undecided ones that pass the cut (all undecided ones when there is no cut).
  const passes = (i: Item) => i.status === 'accepted' || (i.status === 'pending' && (!cut || (i.scores?.[cut.model] ?? Infinity) >= cut.value));
  const items = (await loadItems(db, request.datasetId)).filter((i) => i.kind === 'pair' && passes(i) && i.imageHash && currentCaption(i));
  const existing = await negativeIds(db, request.datasetId);
  const positives = items.map((i) => ({ id: i.id, datasetId: request.datasetId, text: currentCaption(i)!, imageHash: i.imageHash! }));
  const provider = options.generator === 'llm' || options.imageEdits ? providerFor(request.provider, request.hf) : undefined;
  const report = throttled(onProgress);
  let made = 0;
  const skipped: Skipped[] = [];
  const timing: GenerateResult['timing'] = {};
  for (let i = 0; i < positives.length; i += SLICE) {
    const out = await generateNegatives(positives.slice(i, i + SLICE), options, {
      loadImage: async (hash) => {
        const rec = await imageRecord(db, hash);
        if (!rec) throw new Error('the image is missing from the database');
        return { rgba: await decodeRgba(rec.blob), input: { bytes: new Uint8Array(await rec.blob.arrayBuffer()), mime: rec.mime } };
      },
      putImage: (bytes) => storeImage(db, bytes, makeThumbnail),
      provider,
      existing,
      signal,
    });
    await putNegatives(db, out.negatives);
    made += out.negatives.length;
    skipped.push(...out.skipped);
    for (const [k, v] of Object.entries(out.timing)) {
      const t = (timing[k] ??= { count: 0, ms: 0 });
      t.count += v.count;
      t.ms += v.ms;
    }
    const done = Math.min(positives.length, i + SLICE);
    report(done === positives.length, done, positives.length);
  }
  return { made, skipped: skipped.slice(0, 500), timing };
}
