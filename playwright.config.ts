// End-to-end tests in Debian's Chromium against the built app served by `vite preview` (cross-origin isolated).
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
];

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4317',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    acceptDownloads: true,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'npx vite preview --port 4317 --strictPort --host 127.0.0.1',
    // The fake Hugging Face server and the unreachable model of the tests listen on 127.0.0.1 (README: CC_CONNECT_SRC).
    env: { CC_CONNECT_SRC: 'http://127.0.0.1:*' },
    url: 'http://127.0.0.1:4317',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
