// The layering, checked on every import in src/: dependencies point down only (ui → store → worker → persist → core;
// cli → core), and there are no import cycles. See DEVELOPERS.md for what each layer holds.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname);

/** What each layer may import, besides itself. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  persist: ['core'],
  worker: ['persist', 'core'],
  store: ['worker', 'persist', 'core'],
  ui: ['store', 'core'],
  cli: ['core'],
};

function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  // The page entry and its test handle sit beside the layers and belong to the page's shell.
  if (rel.length === 1) return 'ui';
  return rel[0];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Relative imports of a file: static and dynamic imports, re-exports, and worker URLs. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)|new URL\(\s*'(\.[^']+)'/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

const files = sourceFiles(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('layers', () => {
  it('finds the layers and their imports', () => {
    // Guards the check itself: if the regex stopped matching, every other assertion would pass vacuously.
    expect(new Set(files.map(layerOf))).toEqual(new Set(Object.keys(ALLOWED)));
    expect([...graph.values()].flat().length).toBeGreaterThan(500);
  });

  it('dependencies point down only', () => {
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const from = layerOf(file);
      for (const dep of deps) {
        const to = layerOf(dep);
        if (to !== from && !ALLOWED[from].includes(to)) wrong.push(`${path.relative(SRC, file)} (${from}) imports ${path.relative(SRC, dep)} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const dep of graph.get(f) ?? []) {
        if (!graph.has(dep)) continue;
        if (state.get(dep) === 'open')
          cycles.push(
            stack
              .slice(stack.indexOf(dep))
              .concat(dep)
              .map((x) => path.relative(SRC, x))
              .join(' → '),
          );
        else if (!state.has(dep)) visit(dep);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('keeps the negatives independent of the providers (providers may use negatives, not the reverse)', () => {
    const wrong = [...graph].filter(
      ([f, deps]) =>
        f.includes(`${path.sep}negatives${path.sep}`) && !f.endsWith('.test.ts') && deps.some((d) => d.includes(`${path.sep}providers${path.sep}`)),
    );
    expect(wrong.map(([f]) => path.relative(SRC, f))).toEqual([]);
  });

  it('every import resolves to a file', () => {
    const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${path.relative(SRC, f)} → ${path.relative(SRC, d)}`));
    expect(missing).toEqual([]);
  });
});
