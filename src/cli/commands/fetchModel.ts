// `clip-curator fetch-model`: download a CLIP export in the Hub layout into models/.

import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { httpReader, INT8_SUFFIX, MODEL_FILES, modelBaseUrl } from '../../core/clip/modelFiles.ts';
import { loadNodeModel, MODELS_DIR } from '../models.ts';
import { parse, usageError, type Io } from '../common.ts';

export async function runFetchModel(args: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(args, {
    out: { type: 'string' },
    variant: { type: 'string' },
    revision: { type: 'string' },
    hub: { type: 'string' },
    force: { type: 'boolean' },
  });
  const [id] = positionals;
  if (!id) throw usageError('fetch-model needs a Hub model id or a base URL');
  const base = modelBaseUrl(id, values.hub ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co', values.revision ?? 'main');
  const name = id
    .replace(/^https?:\/\//, '')
    .replace(/\/$/, '')
    .split('/')
    .slice(-1)[0];
  const out = values.out ?? path.join(MODELS_DIR, name);
  if (existsSync(path.join(out, 'config.json')) && !values.force) throw usageError(`${out} already holds a model — pass --force to replace it`);
  const suffix = values.variant ? `_${values.variant}` : '';
  // The int8 files (`--variant quantized`) keep their names: the model is then used as "<name>@q8", scored as a
  // model of its own. Another variant (fp16, …) is stored under the plain name, which is what the loader reads.
  const int8 = values.variant === 'quantized';
  const read = httpReader(base, { modelId: id, token: process.env.HF_TOKEN, onProgress: (p, n) => io.err(`  ${p}: ${(n / 2 ** 20).toFixed(1)} MiB`) });
  // Written into a sibling folder and renamed into place when every file is there and loads: a failed or
  // interrupted download leaves nothing under the model's name.
  const partial = `${out}.partial-${process.pid}`;
  await fs.rm(partial, { recursive: true, force: true });
  try {
    await fs.mkdir(path.join(partial, 'onnx'), { recursive: true });
    for (const file of MODEL_FILES) {
      const remote = file.startsWith('onnx/') ? file.replace('.onnx', `${suffix}.onnx`) : file;
      await fs.writeFile(path.join(partial, int8 ? remote : file), await read(remote));
    }
    // Check the files load as a CLIP model before saying it worked.
    const model = await loadNodeModel(int8 ? partial + INT8_SUFFIX : partial);
    await model.release();
    if (values.force) await fs.rm(out, { recursive: true, force: true });
    await fs.rename(partial, out);
  } catch (e) {
    await fs.rm(partial, { recursive: true, force: true });
    throw e;
  }
  io.out(JSON.stringify({ model: id, out, from: base, ...(int8 ? { use: `${path.basename(out)}${INT8_SUFFIX}` } : {}) }));
  return 0;
}
