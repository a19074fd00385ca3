#!/usr/bin/env node
// `npm start`: the Electron app when its runtime is here (fetching it once if not); where it
// cannot run, one line says why and the same app is served to a browser instead (web mode).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, electronBinary, fetchElectron, freePort } from './lib.mjs';

/** Why Electron cannot open a window here, or undefined if it can. */
async function electronUnavailable() {
  let bin = electronBinary();
  if (!bin.path) {
    const fetched = await fetchElectron();
    bin = electronBinary();
    if (!bin.path) return { reason: fetched.ok ? bin.reason : fetched.reason };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { reason: 'no display (DISPLAY is not set)' };
  return { path: bin.path };
}

const electron = await electronUnavailable();
if (electron.path) {
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const child = spawn(electron.path, [ROOT], { cwd: ROOT, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = process.env.NETLAB_PORT ? Number(process.env.NETLAB_PORT) : await freePort();
  console.log(`Electron runtime not available (${electron.reason}); serving the app at http://127.0.0.1:${port} instead`);
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'serve-web.mjs'), '--port', String(port)], { cwd: ROOT, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
