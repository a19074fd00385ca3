/**
 * End-to-end tests: the renderer in Chromium against the real host through the web bridge
 * (`netlab serve` on a free port, renderer built first), plus e2e/electron.spec.ts, which
 * launches the real Electron app where its binary exists. Artifacts in e2e/artifacts/.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, defineConfig } from '@playwright/test';

// scripts/e2e.mjs picks a free port; a direct `npx playwright test` gets one from the pid.
// Set in the environment so the workers Playwright forks see the same value.
process.env.NETLAB_E2E_PORT ??= String(20000 + (process.pid % 20000));
const port = Number(process.env.NETLAB_E2E_PORT);
// A fresh data folder per run: lab progress from an earlier run (or the learner's own) never leaks in.
process.env.NETLAB_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'netlab-e2e-'));

/** Playwright's own Chromium if downloaded, else Debian's. */
function chromiumPath(): string | undefined {
  const own = chromium.executablePath();
  if (own && existsSync(own)) return undefined;
  return '/usr/bin/chromium';
}

// One `netlab serve` (one host, one cluster) serves every spec of a run, one worker, files in
// alphabetical order. A spec that changes the cluster beyond its own tests should send
// `session:reset {}` when done; web-bridge.spec.ts resets it before the window specs run.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'e2e/artifacts/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: 'e2e/artifacts/report', open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'web', testIgnore: /electron\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
  webServer: {
    command: `node scripts/serve-web.mjs --port ${port} --data-dir ${JSON.stringify(process.env.NETLAB_E2E_DATA)}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
