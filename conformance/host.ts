/**
 * Runs real commands for the harness (Linux, root). Everything it creates is a network
 * namespace named nlc-*, removed at the end, on failure and on Ctrl-C; a run first
 * removes what a crashed run left behind. Nothing is sent outside those namespaces.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { PREFIX } from './names';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(argv: string[], input?: string, timeoutMs = 10_000): RunResult {
  const r = spawnSync(argv[0]!, argv.slice(1), { input, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

export function mustRun(argv: string[], input?: string): string {
  const r = run(argv, input);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** Why the harness cannot run here, or undefined when it can. */
export function unavailableReason(): string | undefined {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not root';
  for (const tool of ['ip', 'bridge', 'iptables-restore', 'iptables-save', 'ipset', 'ping', 'traceroute']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (apt-get install -y iproute2 iptables ipset iputils-ping traceroute)`;
    }
  }
  const probe = `${PREFIX}probe`;
  run(['ip', 'netns', 'del', probe]);
  const r = run(['ip', 'netns', 'add', probe]);
  if (r.code !== 0) return `cannot create network namespaces: ${r.stderr.trim()}`;
  run(['ip', 'netns', 'del', probe]);
  return undefined;
}

/** Every nlc-* namespace on the machine. */
export function leftovers(): string[] {
  const out = run(['ip', 'netns', 'list']).stdout;
  return out
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(PREFIX));
}

export function cleanup(): void {
  for (const ns of leftovers()) run(['ip', 'netns', 'del', ns]);
}

/** Removes our namespaces on exit and on Ctrl-C / SIGTERM as well. */
export function installTrap(): void {
  const bye = (code: number) => {
    cleanup();
    process.exit(code);
  };
  process.once('SIGINT', () => bye(130));
  process.once('SIGTERM', () => bye(143));
  process.once('exit', () => cleanup());
}
