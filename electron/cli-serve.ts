/**
 * `netlab serve`: the web mode on the real engine, until SIGINT/SIGTERM. Prints the URL to
 * open (and nothing else on stdout, so scripts and the e2e web server can read it).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLabHost } from './host/create-host';
import { registerLabHandlers } from './host/labs/register';
import type { SessionConfig } from './host/session-config';
import { startWebServer } from './web';
import type { CliIO } from './cli-shell';

export interface ServeOptions {
  config: SessionConfig;
  port: number;
  bind: string;
  root: string;
  version: string;
  /** The built-in labs folder. */
  labsDir: string;
  /** Where lab progress and imported labs live (the desktop app's user-data folder by default). */
  dataDir: string;
}

/** Serves until a signal; resolves with 0 after a clean shutdown. */
export async function serve(opts: ServeOptions, io: CliIO): Promise<number> {
  if (!existsSync(join(opts.root, 'index.html'))) {
    io.err(`netlab: warning: the renderer is not built (${opts.root}/index.html missing); run: npm run build:web\n`);
  }
  const host = createLabHost({ version: opts.version, config: opts.config });
  // No openExternal: in a browser, links open in the browser itself.
  const labs = registerLabHandlers(host, { builtinDir: opts.labsDir, userData: opts.dataDir });
  let server;
  try {
    server = await startWebServer({ host, root: opts.root, port: opts.port, bind: opts.bind, log: (l) => io.err(`${l}\n`) });
  } catch (e) {
    labs.dispose();
    host.dispose();
    const err = e as NodeJS.ErrnoException;
    io.err(`netlab: cannot listen on ${opts.bind}:${opts.port}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}\n`);
    return 1;
  }
  io.out(`K8s NetLab is serving at ${server.url}\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(() => {
        labs.dispose();
        host.dispose();
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
