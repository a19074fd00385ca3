#!/usr/bin/env node
// `npm start`: the Electron app when its runtime is here (fetching it once if not); where it
// cannot run, one line says why and the same app is served to a browser instead (web mode).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, electronBinary, fetchElectron, freePort } from './lib.mjs';

/** A window that dies this soon after launch never started (missing libraries, no GPU...). */
const EARLY_EXIT_MS = 5000;

/** Why Electron cannot open a window here, or its binary. */
async function findElectron() {
  let bin = electronBinary();
  if (!bin.path) {
    const fetched = await fetchElectron();
    bin = electronBinary();
    if (!bin.path) return { reason: fetched.ok ? bin.reason : fetched.reason };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'no display (DISPLAY is not set)' };
  return { path: bin.path };
}

/** Passes our signals on to a child and leaves with its status. */
function follow(child) {
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

/** The fallback: one line saying why, then web mode (the renderer is built first if stale). */
async function serveWeb(reason) {
  const port = process.env.NETLAB_PORT ? Number(process.env.NETLAB_PORT) : await freePort();
  console.log(`Electron runtime not available (${reason}); serving the app at http://127.0.0.1:${port} instead`);
  follow(spawn(process.execPath, [join(ROOT, 'scripts', 'serve-web.mjs'), '--port', String(port)], { cwd: ROOT, stdio: 'inherit' }));
}

const electron = await findElectron();
if (!electron.path) {
  await serveWeb(electron.reason);
} else {
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const started = performance.now();
  const child = spawn(electron.path, [ROOT], { cwd: ROOT, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  // 'error' and 'exit' may both fire for one failed spawn: fall back once.
  let fellBack = false;
  const fallBack = (reason) => {
    if (!fellBack) void serveWeb(reason);
    fellBack = true;
  };
  child.on('error', (e) => fallBack(`cannot start ${electron.path}: ${e.message}`));
  child.on('exit', (code, signal) => {
    if (fellBack) return;
    if (code !== 0 && !signal && performance.now() - started < EARLY_EXIT_MS) fallBack(`Electron exited with status ${code} at start`);
    else process.exit(code ?? 0);
  });
}
