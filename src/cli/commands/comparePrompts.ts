// `clip-curator compare-prompts`: run prompt templates on a sample and rank them by CLIP score.

import { promises as fs } from 'node:fs';
import { scorePairs, memoryStore } from '../../core/clip/pipeline.ts';
import { ENSEMBLE } from '../../core/clip/score.ts';
import { ALTERNATIVE_PROMPTS, DEFAULT_PROMPTS, type PromptTemplate } from '../../core/providers/types.ts';
import { comparePrompts } from '../../core/providers/prompts.ts';
import { decodeImage } from '../decode.ts';
import { DEFAULT_MODELS, loadNodeModels } from '../models.ts';
import { cliProvider, parse, readInputs, usageError, type Io } from '../common.ts';

export async function runComparePrompts(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, {
    route: { type: 'string' },
    templates: { type: 'string' },
    sample: { type: 'string' },
    provider: { type: 'string' },
    endpoint: { type: 'string' },
    model: { type: 'string' },
  });
  const route = (values.route ?? 'caption') as 'caption' | 'repair';
  if (route !== 'caption' && route !== 'repair') throw usageError('--route must be caption or repair');
  let templates: PromptTemplate[] = [DEFAULT_PROMPTS[route], ...ALTERNATIVE_PROMPTS[route]];
  if (values.templates) {
    try {
      templates = JSON.parse(await fs.readFile(values.templates, 'utf8'));
      if (!Array.isArray(templates) || templates.some((t) => typeof t.id !== 'string' || typeof t.text !== 'string'))
        throw new Error('expected a list of {id, version, text}');
    } catch (e) {
      throw usageError(`${values.templates}: ${(e as Error).message}`);
    }
  }
  const inputs = await readInputs(paths);
  const n = Number(values.sample ?? 20);
  const candidates = inputs.items.filter((it) => it.image && inputs.images.has(it.image.hash) && (route === 'caption' ? true : it.kind === 'pair')).slice(0, n);
  const { provider } = cliProvider(values.provider, { chatEndpointUrl: values.endpoint, ...(values.model ? { vlmModel: values.model } : {}) });
  const models = await loadNodeModels(DEFAULT_MODELS);
  const store = memoryStore();
  const score = async (hash: string, text: string) => {
    const r = await scorePairs(models, [{ id: 'x', imageHash: hash, text }], { store, loadImage: async (h) => decodeImage(inputs.images.get(h)!) });
    return r.scores.get('x')![ENSEMBLE];
  };
  const sample = candidates.map((it, i) => ({
    id: it.image!.name ?? String(i),
    image: { bytes: inputs.images.get(it.image!.hash)!, mime: it.image!.mime },
    imageHash: it.image!.hash,
    caption: it.caption,
  }));
  const result = await comparePrompts(provider, route, templates, sample, score);
  for (const m of models) await m.release();
  io.out(JSON.stringify({ route, provider: provider.name, sample: sample.length, templates: result }));
  return 0;
}
