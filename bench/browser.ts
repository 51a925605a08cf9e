// Shared helpers for browser benchmarks: build if needed, serve the built app, launch Debian's Chromium, sample its memory.

import { chromium, type Browser, type Page } from '@playwright/test';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/**
 * Total proportional memory of every Chromium process, in MiB: each page shared by several processes (the browser's
 * own code, mapped by each of them) counted once, split between them. The sum of resident sizes counts such pages once
 * per process: about 1,040 MiB against 460 MiB for the app at rest, 8 processes.
 */
export function chromiumPssMiB(): number {
  const pids = execSync('ps -C chromium -o pid= || true')
    .toString()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  let kib = 0;
  for (const pid of pids) {
    try {
      kib += Number(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return Math.round(kib / 1024);
}

/** Sample a value every `ms` until stopped; returns the peak. */
export function samplePeak(sample: () => number, ms = 200) {
  let peak = sample();
  const timer = setInterval(() => (peak = Math.max(peak, sample())), ms);
  return { stop: () => (clearInterval(timer), Math.max(peak, sample())) };
}

/** The p-th percentile of a list of times, to 0.1. */
export function percentile(list: number[], p: number): number {
  const sorted = [...list].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
}

/**
 * Frame times over two seconds while the grid scrolls `pixelsPerFrame` each frame ('0': idle, the headless
 * compositor's own pace). Passed as a string: tsx would wrap a function literal with helpers that do not exist in the
 * page.
 */
export function gridFrameTimes(page: Page, pixelsPerFrame: string): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const grid = document.querySelector('[data-testid=grid]');
    const times = [];
    let last = performance.now();
    const start = last;
    const step = (now) => {
      times.push(now - last);
      last = now;
      grid.scrollTop += ${pixelsPerFrame};
      if (now - start < 2000) requestAnimationFrame(step);
      else resolve(times.slice(1));
    };
    requestAnimationFrame(step);
  })`);
}

/**
 * Frame times (p50, p95) over two seconds, idle or while the mouse drags the threshold's cut back and forth across
 * the histogram.
 */
export async function histogramFrames(page: Page, drag: boolean): Promise<{ frames: number; p50: number; p95: number }> {
  const box = (await page.getByTestId('histogram').boundingBox())!;
  await page.evaluate(
    `window.__frames = []; (() => { let last = performance.now(); const step = (now) => { window.__frames.push(now - last); last = now; if (window.__frames.length < 400) requestAnimationFrame(step); }; requestAnimationFrame(step); })()`,
  );
  const t0 = Date.now();
  if (drag) {
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 0; Date.now() - t0 < 2000; i++) await page.mouse.move(box.x + box.width * (0.2 + 0.6 * Math.abs(Math.sin(i / 20))), box.y + box.height / 2);
    await page.mouse.up();
  } else await page.waitForTimeout(2000);
  const f = (await page.evaluate('window.__frames.slice(1)')) as number[];
  return { frames: f.length, p50: percentile(f, 0.5), p95: percentile(f, 0.95) };
}
