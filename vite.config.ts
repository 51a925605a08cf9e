// Vite config: the app is served cross-origin isolated (COOP/COEP) so multi-threaded WASM works, and the bundled
// tiny models under models/ are served at /models/ (and copied into the build).

import { cpSync, createReadStream, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import tailwindcss from '@tailwindcss/vite';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The Content-Security-Policy the app runs under: its own code, WASM compilation for onnxruntime-web, workers from
 * blob: URLs, images from blob: and data: URLs, and network access to itself and the Hugging Face hosts (models and
 * hosted providers). Another endpoint a user configures (a self-hosted model server or provider) must be named in
 * CC_CONNECT_SRC (space-separated origins) where the app is served. The dev server also needs inline styles (Vite
 * injects CSS as <style> elements) and its websocket.
 */
export function securityHeaders(dev: boolean): Record<string, string> {
  const connect = [
    "'self'",
    'https://huggingface.co',
    'https://*.huggingface.co',
    'https://*.hf.co',
    ...(process.env.CC_CONNECT_SRC ?? '').split(/\s+/).filter(Boolean),
  ];
  if (dev) connect.push('ws://localhost:*', 'ws://127.0.0.1:*');
  const csp = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' blob: data:",
    "worker-src 'self' blob:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
}

const MODELS = path.resolve(__dirname, 'models');

/** Serves models/ at /models/ in dev and preview, and copies the bundled model folders into dist/models. */
function bundledModels(): Plugin {
  const middleware = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0]);
    if (!url.startsWith('/models/')) return next();
    const file = path.resolve(MODELS, `.${url.slice('/models'.length)}`);
    if (!file.startsWith(MODELS + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      return res.end('not found');
    }
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    for (const [k, v] of Object.entries(isolation)) res.setHeader(k, v);
    createReadStream(file).pipe(res);
  };
  return {
    name: 'clip-curator-models',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
    closeBundle() {
      for (const name of ['tiny-clip-vit', 'tiny-clip-cnn']) {
        const src = path.join(MODELS, name);
        if (existsSync(src)) cpSync(src, path.resolve(__dirname, 'dist/models', name), { recursive: true, filter: (f) => !f.endsWith('reference.json') });
      }
    },
  };
}

export default defineConfig({
  plugins: [tailwindcss(), bundledModels()],
  // The cold-start test (e2e/coldStart.spec.ts) points this at an empty folder, as a fresh clone has.
  cacheDir: process.env.CC_VITE_CACHE_DIR ?? 'node_modules/.vite',
  esbuild: { jsx: 'automatic' },
  server: { headers: { ...isolation, ...securityHeaders(true) } },
  preview: { headers: { ...isolation, ...securityHeaders(false) } },
  worker: { format: 'es' },
  // onnxruntime-web loads its .wasm and worker files next to its own module: keep it out of the pre-bundler.
  // The scan starts from the page and the workers, and every dependency is listed, so that the first `npm start`
  // does not discover one late (hyparquet is imported lazily, in the data worker) and reload the page mid-import.
  optimizeDeps: {
    entries: ['index.html', 'src/worker/*.worker.ts'],
    exclude: ['onnxruntime-web'],
    include: [
      'hyparquet',
      '@huggingface/inference',
      'react/jsx-runtime',
      'react/jsx-dev-runtime',
      'comlink',
      'dexie',
      'fflate',
      '@huggingface/tokenizers',
      'zustand',
      '@tanstack/react-query',
      '@tanstack/react-virtual',
      'react',
      'react-dom/client',
    ],
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      // react-query's "use client" directives mean nothing in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'SOURCEMAP_ERROR') return;
        warn(warning);
      },
    },
  },
});
