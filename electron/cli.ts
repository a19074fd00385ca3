/**
 * `netlab`: the lab on a real terminal. `netlab shell` attaches the same virtual terminal
 * the window uses to this terminal (or runs piped lines as a script), `netlab serve` runs
 * web mode, `netlab lab ...` hands over to the lab tools. Run through bin/netlab.mjs, which
 * needs no build step.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { CNI_CHOICES, PROXY_MODES } from '../shared/model/spec';
import type { ShellTarget } from '../shared/model/target';
import { resolveSession, type SessionConfig } from './host/session-config';
import { attachTty, runPiped, type CliIO } from './cli-shell';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The app version, from package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export const USAGE = `Usage: netlab <command> [options]

Commands:
  shell [--node NAME | --pod NAME] [cluster options]
                      a shell on a virtual node (default node-1), the external host
                      (--node external) or a pod (found in any namespace); reads a script
                      from standard input when it is not a terminal
  serve [--port N] [--host 127.0.0.1] [--data-dir DIR] [cluster options]
                      serve the app to a browser on this machine (web mode);
                      lab progress in DIR (default: the desktop app's data folder)
  lab <subcommand>    lab tools (netlab lab --help)

Cluster options:
  --nodes N           number of nodes (default 3)
  --cni NAME          ${CNI_CHOICES.join(' | ')} (default flannel:vxlan)
  --proxy-mode MODE   ${PROXY_MODES.join(' | ')} (default iptables)
  --seed N            seed for addresses, names and random choices (default 1)

  -h, --help          show this help
  -v, --version       print the version
`;

const clusterOptions = {
  nodes: { type: 'string' },
  cni: { type: 'string' },
  'proxy-mode': { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Electron's userData folder for this app, so web mode and the window share lab progress. */
function defaultDataDir(): string {
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'k8s-netlab');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'k8s-netlab');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'k8s-netlab');
}

/** A usage error: printed as `netlab: ...` with exit status 2. */
class UsageError extends Error {}

function intFlag(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return Number(text);
}

/** Cluster flags → session config, rejecting what the model does not support. */
export function clusterConfig(v: { nodes?: string; cni?: string; 'proxy-mode'?: string; seed?: string }): SessionConfig {
  const proxy = v['proxy-mode'];
  if (proxy !== undefined && !(PROXY_MODES as readonly string[]).includes(proxy)) {
    throw new UsageError(`unsupported --proxy-mode "${proxy}" (choose one of: ${PROXY_MODES.join(', ')})`);
  }
  const config: SessionConfig = {
    nodes: intFlag('nodes', v.nodes, 1, 250),
    cni: v.cni,
    proxyMode: proxy as SessionConfig['proxyMode'],
    seed: intFlag('seed', v.seed, 0, 2 ** 31),
  };
  const r = resolveSession(config);
  if ('error' in r) throw new UsageError(r.error.replace(/^unknown CNI/, 'unsupported --cni'));
  return config;
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string }>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

async function cmdShell(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { ...clusterOptions, node: { type: 'string' }, pod: { type: 'string' } });
  if (values.help) return io.out(USAGE), 0;
  if (values.node !== undefined && values.pod !== undefined) throw new UsageError('--node and --pod cannot be used together');
  const config = clusterConfig(values);
  let target: ShellTarget | { pod: string } = { kind: 'node', name: 'node-1' };
  if (values.node === 'external') target = { kind: 'external' };
  else if (values.node !== undefined) target = { kind: 'node', name: values.node };
  else if (values.pod !== undefined) target = { pod: values.pod };
  return io.isTTY ? attachTty(config, target, io) : runPiped(config, target, io);
}

async function cmdServe(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { ...clusterOptions, port: { type: 'string' }, host: { type: 'string' }, root: { type: 'string' }, 'data-dir': { type: 'string' } });
  if (values.help) return io.out(USAGE), 0;
  const config = clusterConfig(values);
  const port = intFlag('port', values.port, 0, 65535) ?? 0;
  const bind = values.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(bind)) throw new UsageError(`--host must be a loopback address (127.0.0.1 or ::1), not "${bind}"`);
  const { serve } = await import('./cli-serve');
  const dataDir = values['data-dir'] ?? process.env.NETLAB_DATA_DIR ?? defaultDataDir();
  return serve({ config, port, bind, root: values.root ?? join(ROOT, 'out', 'renderer'), version: version(), labsDir: join(ROOT, 'labs'), dataDir }, io);
}

async function cmdLab(argv: string[], io: CliIO): Promise<number> {
  type LabCli = { runLabCli?: (argv: string[], io: { out(t: string): void; err(t: string): void; cwd: string }) => Promise<number> | number };
  let mod: LabCli;
  // A variable specifier: the LABS lane's module is optional in a build.
  const labModule = './cli-lab';
  try {
    mod = (await import(labModule)) as LabCli;
  } catch (e) {
    // Only a missing cli-lab means "unavailable"; a broken one should say what broke.
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('cli-lab')) throw e;
    mod = {};
  }
  if (typeof mod.runLabCli !== 'function') {
    io.err('netlab: lab commands are unavailable in this build\n');
    return 2;
  }
  return mod.runLabCli(argv, { out: io.out, err: io.err, cwd: process.cwd() });
}

/** Runs `netlab argv...`; returns the exit status (never calls process.exit itself). */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === undefined || cmd === '-h' || cmd === '--help' || cmd === 'help') return io.out(USAGE), cmd === undefined ? 2 : 0;
    if (cmd === '-v' || cmd === '--version') return io.out(`netlab ${version()}\n`), 0;
    if (cmd === 'shell') return await cmdShell(rest, io);
    if (cmd === 'serve') return await cmdServe(rest, io);
    if (cmd === 'lab') return await cmdLab(rest, io);
    throw new UsageError(`unknown command "${cmd}"`);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`netlab: ${e.message}\nTry 'netlab --help' for more information.\n`);
    return 2;
  }
}
