#!/usr/bin/env node
// Builds the renderer if it is missing or older than its sources, then runs `netlab serve`
// with the given arguments. Playwright's webServer and `npm start`'s fallback use it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, buildRenderer, rendererStale } from './lib.mjs';

if (rendererStale() && !buildRenderer()) {
  console.error('netlab: building the renderer failed');
  process.exit(1);
}
const child = spawn(process.execPath, [join(ROOT, 'bin', 'netlab.mjs'), 'serve', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
