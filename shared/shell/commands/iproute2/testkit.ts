/**
 * A tiny harness for command tests: runs one command (argv already split) in a host's
 * namespace of an engine and returns stdout, stderr and the exit status. Pure: no shell,
 * no filesystem beyond what the engine renders.
 */
import type { Command, CommandContext, VirtualFs } from '../../command';
import type { Engine } from '../../../sim/engine';
import type { ShellTarget } from '../../../model/target';

const noFs: VirtualFs = {
  resolve: (_cwd, p) => p,
  read: () => ({ ok: false, error: 'No such file or directory' }),
  write: () => ({ ok: false, error: 'Read-only file system' }),
  exists: () => false,
  isDir: () => false,
  list: () => undefined,
  mkdir: () => ({ ok: false, error: 'Read-only file system' }),
  remove: () => ({ ok: false, error: 'Read-only file system' }),
};

/** Runs `line` (split on spaces) with `cmd` on `target`. */
export function runCommand(engine: Engine, cmd: Command, target: ShellTarget, line: string): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const netns = engine.netnsOf(target);
  if (!netns) throw new Error(`no namespace for ${JSON.stringify(target)}`);
  const ctx: CommandContext = {
    argv: line.split(/\s+/).filter(Boolean),
    stdin: '',
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: {},
    cwd: '/root',
    fs: noFs,
    engine,
    target,
    netns,
    terminal: { columns: 120, rows: 40, interactive: false },
    openShell: () => false,
  };
  const code = cmd.run(ctx);
  return { out, err, code };
}
