// npx tsx bench/pipeline-browser.bench.ts: where the tiny models' browser pipeline spends its time. For each bundled
// model, 64 demo pairs at batch 8 in Chromium's WASM: the bare sessions (inputs ready), the whole pipeline (decode in
// the scoring worker, preprocess, tokenize, embed), and each non-inference stage alone (decode includes reading the
// Blob, which is also given alone as read). One JSON line per model and one for both together, the median of three
// rounds.

import { DEMO_IMAGE_SIZE, demoItems } from '../src/core/synth/demo.ts';
import { renderScenePng } from '../src/core/synth/render.ts';
import { launch, servePreview, stopServer } from './browser.ts';

const N = Number(process.env.PAIRS ?? 64);
const items = demoItems(2718, 2 * N)
  .filter((d) => d.scene && d.caption)
  .slice(0, N);
const pngs = items.map((d) => renderScenePng(d.scene!, DEMO_IMAGE_SIZE, d.imageSeed!));
const texts = items.map((d) => d.caption!);
const PORT = 4184;
const server = await servePreview(PORT);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/?demo=0&backend=wasm`);
  await page.evaluate('window.clipCurator.ensureModels()');
  type Api = { clipCurator: Record<string, (...a: unknown[]) => Promise<Record<string, number>>> };
  // Three rounds, the median of each figure: single runs on this 2-core machine vary by 2x.
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  // Each model alone, then both together as scoring runs them (each image decoded once, preprocessed once: their
  // preprocessing is the same), against their two bare sessions.
  for (const id of ['tiny-clip-vit', 'tiny-clip-cnn', ['tiny-clip-vit', 'tiny-clip-cnn']]) {
    const rounds: Record<string, number>[] = [];
    for (let r = 0; r < 3; r++)
      rounds.push(
        await page.evaluate(([m, p, t]) => (window as unknown as Api).clipCurator.benchmark(m, p, t, 8), [id, pngs.map((p) => Array.from(p)), texts] as const),
      );
    const perPair = (key: string) => +(median(rounds.map((x) => x[key])) / N).toFixed(3);
    console.log(
      JSON.stringify({
        bench: 'pipeline-browser',
        model: Array.isArray(id) ? id.join('+') : id,
        pairs: N,
        pipeline_vs_bare: +median(rounds.map((x) => x.bareMs / x.pipelineMs)).toFixed(3),
        in_thread_pipeline_vs_bare: +median(rounds.map((x) => x.bareMs / x.inThreadMs)).toFixed(3),
        ms_per_pair: {
          bare: perPair('bareMs'),
          pipeline: perPair('pipelineMs'),
          in_thread_pipeline: perPair('inThreadMs'),
          decode: perPair('decodeMs'),
          read: perPair('readMs'),
          preprocess: perPair('preprocessMs'),
          tokenize: perPair('tokenizeMs'),
        },
      }),
    );
  }
} finally {
  await browser.close();
  stopServer(server);
}
