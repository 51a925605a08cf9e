// The near-miss benchmark: held-out synthetic pairs against their own captions changed in one word or relation
// (core/synth/nearMiss.ts). Per model (and the ensemble) and per type: paired accuracy — does the image score its
// caption above the near-miss? — and the AUC of true captions against near-misses, the threshold's view of it.

import { pairList } from '../clip/pairList.ts';
import { memoryStore, scorePairs } from '../clip/pipeline.ts';
import { rocAuc } from '../clip/score.ts';
import type { ClipModel } from '../clip/session.ts';
import { DEMO_IMAGE_SIZE, demoItems, HELD_OUT_DEMO_SEED } from '../synth/demo.ts';
import { renderScene } from '../synth/render.ts';
import { NEAR_MISS_TYPES, type NearMissCase, nearMissCases } from '../synth/nearMiss.ts';
import { rng } from '../random.ts';
import type { Scene } from '../synth/scene.ts';
import { parseCaption } from '../synth/scene.ts';
import type { MultiScorer } from './eval.ts';

export interface NearMissSet {
  seed: number;
  /** The true pairs: image key `near-miss/<i>` is scene i rendered with its seed. */
  scenes: { scene: Scene; imageSeed: number; caption: string }[];
  cases: NearMissCase[];
}

/** Held-out true pairs of the demo generator (a seed never trained on) and their near-misses. */
export function nearMissSet(seed = HELD_OUT_DEMO_SEED, pairs = 400): NearMissSet {
  const scenes = demoItems(seed, Math.ceil(pairs / 0.6) + 20)
    .filter((d) => d.kind === 'pair' && d.match && d.scene)
    .slice(0, pairs)
    .map((d) => ({ scene: d.scene!, imageSeed: d.imageSeed!, caption: d.caption! }));
  const cases = nearMissCases(
    scenes.map((s) => ({ caption: parseCaption(s.caption)!, scene: s.scene })),
    rng(seed ^ 0x5eed),
  );
  return { seed, scenes, cases };
}

export const nearMissImage = (i: number) => `near-miss/${i}`;

/**
 * The benchmark with these models, in the CLI and in the scoring worker alike: the scenes are rendered as they are
 * needed and embedded in memory (they are not a dataset's and leave nothing behind).
 */
export async function runNearMissBenchmark(models: ClipModel[], seed: number, pairs: number): Promise<NearMissRun> {
  const set = nearMissSet(seed, pairs);
  const sceneOf = new Map(set.scenes.map((s, i) => [nearMissImage(i), s]));
  const results = await evaluateNearMiss(set, async (list) => {
    const r = await scorePairs(
      models,
      list.map((p, i) => ({ id: String(i), imageHash: p.image, text: p.text })),
      {
        store: memoryStore(),
        batchSize: 32,
        loadImage: async (key) => {
          const s = sceneOf.get(key)!;
          return { width: DEMO_IMAGE_SIZE, height: DEMO_IMAGE_SIZE, data: renderScene(s.scene, DEMO_IMAGE_SIZE, s.imageSeed) };
        },
      },
    );
    return list.map((_, i) => r.scores.get(String(i)) ?? null);
  });
  return { seed, pairs: set.scenes.length, cases: set.cases.length, results };
}

export interface NearMissResult {
  model: string;
  perType: Record<string, { n: number; accuracy: number; auc: number }>;
  overall: { n: number; accuracy: number };
}

/** One run of the benchmark: its seed, how many true pairs and near-misses, and the results. */
export interface NearMissRun {
  seed: number;
  pairs: number;
  cases: number;
  results: NearMissResult[];
}

export async function evaluateNearMiss(set: NearMissSet, score: MultiScorer): Promise<NearMissResult[]> {
  const { pairs, indexOf } = pairList();
  const plan = set.cases.map((c) => ({ c, truth: indexOf(nearMissImage(c.pair), c.truth), miss: indexOf(nearMissImage(c.pair), c.text) }));
  const scores = await score(pairs);
  const models = [...new Set(scores.flatMap((s) => (s ? Object.keys(s) : [])))];
  return models.map((model) => {
    const perType: NearMissResult['perType'] = {};
    let n = 0;
    let correct = 0;
    for (const type of NEAR_MISS_TYPES) {
      const mine = plan.filter((p) => p.c.type === type && scores[p.truth]?.[model] !== undefined && scores[p.miss]?.[model] !== undefined);
      if (!mine.length) continue;
      const right = mine.filter((p) => scores[p.truth]![model] > scores[p.miss]![model]).length;
      const truths = [...new Set(mine.map((p) => p.truth))].map((i) => scores[i]![model]);
      const misses = mine.map((p) => scores[p.miss]![model]);
      perType[type] = {
        n: mine.length,
        accuracy: right / mine.length,
        auc: rocAuc([...truths, ...misses], [...truths.map(() => true), ...misses.map(() => false)]),
      };
      n += mine.length;
      correct += right;
    }
    return { model, perType, overall: { n, accuracy: n ? correct / n : 0 } };
  });
}

/** A plain-text table: one row per model, paired accuracy (and AUC) per type. */
export function formatNearMiss(results: NearMissResult[]): string {
  const types = NEAR_MISS_TYPES.filter((t) => results.some((r) => r.perType[t]));
  const head = ['model', ...types, 'all'];
  const rows = results.map((r) => [
    r.model,
    ...types.map((t) => (r.perType[t] ? `${(100 * r.perType[t].accuracy).toFixed(0)}% (${r.perType[t].auc.toFixed(2)})` : '—')),
    `${(100 * r.overall.accuracy).toFixed(1)}%`,
  ]);
  const counts = ['pairs', ...types.map((t) => String(results[0]?.perType[t]?.n ?? 0)), String(results[0]?.overall.n ?? 0)];
  const table = [head, ...rows, counts];
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  return `${table.map((r) => r.map((v, i) => v.padEnd(widths[i])).join('  ')).join('\n')}\npaired accuracy (AUC of true captions vs near-misses) per type`;
}
