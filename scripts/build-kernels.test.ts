import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain script without types
import { assemble, KERNELS } from './build-kernels.mjs';

describe('WASM kernels', () => {
  it('are committed as their .wat sources assemble (npm run build:kernels after an edit)', async () => {
    for (const name of KERNELS as string[]) {
      const committed = readFileSync(new URL(`../src/core/clip/kernels/${name}.wasm.ts`, import.meta.url), 'utf8');
      expect(committed).toBe(await assemble(name));
    }
  });
});
