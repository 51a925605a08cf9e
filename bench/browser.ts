// Shared helpers for browser benchmarks: build if needed, serve the built app, launch Debian's Chromium, sample its memory.

import { chromium, type Browser } from '@playwright/test';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS } from '../playwright.config.ts';

export async function servePreview(port: number): Promise<ChildProcess> {
  if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'inherit' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('vite preview did not start');
}

export function stopServer(server: ChildProcess) {
  try {
    process.kill(-server.pid!);
  } catch {
    server.kill();
  }
}

export function launch(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Total resident memory of every Chromium process (browser, renderer, GPU, utility), in MiB. */
export function chromiumRssMiB(): number {
  const out = execSync('ps -C chromium -o rss= || true').toString();
  return Math.round(out.split('\n').reduce((n, l) => n + (Number(l.trim()) || 0), 0) / 1024);
}

/** Sample a value every `ms` until stopped; returns the peak. */
export function samplePeak(sample: () => number, ms = 200) {
  let peak = sample();
  const timer = setInterval(() => (peak = Math.max(peak, sample())), ms);
  return { stop: () => (clearInterval(timer), Math.max(peak, sample())) };
}
