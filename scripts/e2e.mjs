#!/usr/bin/env node
// `npm run test:e2e`: Playwright on a free port (the config builds and serves the renderer).
// Extra arguments go to `playwright test` (e.g. a spec file or --project web).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, freePort } from './lib.mjs';

const port = process.env.NETLAB_E2E_PORT ?? String(await freePort());
const child = spawn(process.execPath, [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, NETLAB_E2E_PORT: port },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
