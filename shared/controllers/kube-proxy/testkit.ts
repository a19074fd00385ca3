/**
 * Test helpers for the services lane: a real cluster from createEngine and a way to run
 * one of the shell commands on any host and get its stdout, stderr and exit status.
 */
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec, type ClusterOptions } from '../../model/spec';
import type { Engine } from '../../sim/engine';
import type { ShellTarget } from '../../model/target';
import type { CommandContext } from '../../shell/command';
import { findCommand } from '../../shell/commands/index';
import { HostFs } from '../../shell/vfs';
import { splitWords } from '../../kernel/netfilter/parse';

export interface Ran {
  out: string;
  err: string;
  code: number;
}

export function cluster(opts: ClusterOptions = {}, seed = 1): Engine {
  return createEngine(defaultClusterSpec(opts), createEnv(seed));
}

/** Runs `line` (one command, no pipes) on `target`. */
export function run(engine: Engine, target: ShellTarget, line: string, stdin = ''): Ran {
  const argv = splitWords(line)!;
  const cmd = findCommand(argv[0]!);
  if (!cmd) throw new Error(`no command ${argv[0]}`);
  let out = '';
  let err = '';
  const ctx: CommandContext = {
    argv,
    stdin,
    out: (t) => (out += t),
    err: (t) => (err += t),
    env: {},
    cwd: '/root',
    fs: new HostFs(engine, target),
    engine,
    target,
    netns: engine.netnsOf(target)!,
    terminal: { columns: 120, rows: 40, interactive: false },
    openShell: () => false,
  };
  const code = cmd.run(ctx);
  return { out, err, code };
}

export const node = (name: string): ShellTarget => ({ kind: 'node', name });
export const pod = (name: string, namespace = 'default'): ShellTarget => ({ kind: 'pod', namespace, name });
export const external: ShellTarget = { kind: 'external' };
