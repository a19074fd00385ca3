/**
 * The real Electron window, launched with Playwright's `_electron`, where the Electron
 * binary exists and a display is available; skipped otherwise, saying why (the web-mode
 * specs cover the same renderer and host in Chromium).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { _electron as electron, expect, test } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..');

/** The Electron binary, or why we cannot launch it here. */
function electronLaunchable(): { path: string } | { reason: string } {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'the Electron binary is not installed (node_modules/electron/path.txt missing; it downloads at install time, which this machine cannot do)' };
  const bin = join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(bin)) return { reason: `the Electron binary ${bin} is missing` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'no display (DISPLAY is not set)' };
  return { path: bin };
}

const launchable = electronLaunchable();
if ('reason' in launchable) console.log(`electron.spec.ts skipped: ${launchable.reason}`);

test.describe('Electron app', () => {
  test.skip('reason' in launchable, 'reason' in launchable ? launchable.reason : '');

  test.beforeAll(() => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
    expect(r.status).toBe(0);
  });

  test('opens the window securely and runs a shell through the preload bridge', async () => {
    const app = await electron.launch({ executablePath: (launchable as { path: string }).path, args: [ROOT], cwd: ROOT });
    try {
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        return { url: w.webContents.getURL(), ...(w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences() };
      });
      expect(prefs.url).toBe('app://netlab/index.html');
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
      const page = await app.firstWindow();
      // The renderer sees the bridge's two functions and nothing of Node.
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { netlab: object }).netlab).sort())).toEqual(['on', 'request']);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      const opened = await page.evaluate(async () => {
        const api = (globalThis as unknown as { netlab: { request(c: string, p: unknown): Promise<{ termId: string }> } }).netlab;
        return api.request('term:open', { target: { kind: 'node', name: 'node-2' } });
      });
      expect(opened.termId).toMatch(/^t\d+$/);
      await page.screenshot({ path: join(ROOT, 'e2e', 'artifacts', 'electron-window.png') });
    } finally {
      await app.close();
    }
  });
});
