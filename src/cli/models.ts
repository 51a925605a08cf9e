// Loads CLIP models for the CLI with onnxruntime-node: the bundled tiny models by name, or any folder in the
// Hugging Face ONNX layout.

import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { INT8_SUFFIX, loadModelFiles, modelVariant, onnxFiles, type FileReader } from '../core/clip/modelFiles.ts';
import { ClipModel, type OrtModule } from '../core/clip/session.ts';

export const MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models');
/** The embedded default: the ViT and CNN verification pair. */
export const DEFAULT_MODELS = ['tiny-clip-vit', 'tiny-clip-cnn'];

export function folderReader(dir: string): FileReader {
  return async (p) => {
    try {
      return new Uint8Array(await fs.readFile(path.join(dir, p)));
    } catch (e) {
      throw new Error(
        `${path.join(dir, p)}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing — is this a model folder in the Hugging Face ONNX layout?' : (e as Error).message}`,
      );
    }
  };
}

/** A name under models/, or a path to a model folder (an "@q8" suffix, naming the int8 weights, is not part of it). */
export function resolveModelDir(nameOrPathAndVariant: string): string {
  const nameOrPath = modelVariant(nameOrPathAndVariant).name;
  const bundled = path.join(MODELS_DIR, nameOrPath);
  if (existsSync(path.join(bundled, 'config.json'))) return bundled;
  if (existsSync(path.join(nameOrPath, 'config.json'))) return path.resolve(nameOrPath);
  throw new Error(`model "${nameOrPath}" not found — give a folder name under models/ or a path to a model folder`);
}

export async function loadNodeModel(nameOrPath: string, threads?: number): Promise<ClipModel> {
  const dir = resolveModelDir(nameOrPath);
  const { int8 } = modelVariant(nameOrPath);
  const id = path.basename(dir) + (int8 ? INT8_SUFFIX : '');
  const vision = path.join(dir, onnxFiles(id).vision);
  if (!existsSync(vision))
    throw new Error(
      `model "${nameOrPath}": ${vision} is missing — ${int8 ? `make the int8 files with \`/usr/bin/python3 training/quantize.py ${dir}\`, or drop ${INT8_SUFFIX}` : 'is this a model folder in the Hugging Face ONNX layout?'}`,
    );
  const files = await loadModelFiles(id, folderReader(dir));
  return ClipModel.create(ort as unknown as OrtModule, files, { intraOpNumThreads: threads ?? 0, executionProviders: ['cpu'] });
}

/** Load several models one after another (sessions are created one at a time). */
export async function loadNodeModels(names: string[], threads?: number): Promise<ClipModel[]> {
  const models: ClipModel[] = [];
  for (const m of names) models.push(await loadNodeModel(m, threads));
  return models;
}
