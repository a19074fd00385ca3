// Helpers shared by scripts/start.mjs and scripts/e2e.mjs (plain Node, no build step).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_OUT = join(ROOT, 'out', 'renderer');

/** Newest modification time of any file under `dir` (0 if it does not exist). */
export function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when out/renderer is missing or older than the sources it is built from. */
export function rendererStale() {
  const index = join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'shared', 'api'))) > built;
}

/** Builds the renderer alone (vite), inheriting output; returns true on success. */
export function buildRenderer() {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'renderer', 'vite.config.ts'), '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
  return r.status === 0;
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The Electron binary's path if it is installed, else undefined and why. */
export function electronBinary() {
  const dir = join(ROOT, 'node_modules', 'electron');
  if (!existsSync(join(dir, 'package.json'))) return { reason: 'the electron package is not installed' };
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'the Electron binary was never downloaded' };
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(bin)) return { reason: `${bin} is missing` };
  return { path: bin };
}

/** Runs electron's own installer once, with a time limit; resolves with a one-line reason on failure. */
export function fetchElectron(timeoutMs = 120_000) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'electron', 'install.js')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => resolve({ ok: false, reason: e.message }));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ ok: true });
      const first = err.split('\n').find((l) => l.trim()) ?? '';
      resolve({ ok: false, reason: signal ? `download timed out after ${timeoutMs / 1000}s` : `download failed: ${first.replace(/^\w*Error: /, '').trim() || `exit ${code}`}` });
    });
  });
}
