/**
 * Non-interactive mode: runs a script the way `bash < script` does — no prompt, no echo,
 * line by line (a later syntax error does not undo earlier lines), stopping at `exit` or a
 * syntax error. Used by `netlab shell` on a pipe, by tests and by labs replaying solutions.
 */
import type { Engine } from '../sim/engine';
import type { ShellTarget } from '../model/target';
import { ShellSession } from './session';
import { installContainerRunner } from './container';

// Pods' own processes (a command that ends: Completed) run in this shell layer.
installContainerRunner();

export interface ScriptResult {
  /** stdout and stderr interleaved in the order they were written. */
  output: string;
  stdout: string;
  stderr: string;
  /** The status of the last command, or the `exit` status. */
  code: number;
}

/** Runs `script` on `target`; never throws. */
export function runScript(opts: {
  engine: Engine;
  target: ShellTarget;
  script: string;
  env?: Record<string, string>;
  /** Called with each write as it happens (netlab shell streams it to the real stdout/stderr in order). */
  onWrite?: (stream: 'out' | 'err', text: string) => void;
}): ScriptResult {
  const all: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (t: string) => {
      all.push(t);
      out.push(t);
      opts.onWrite?.('out', t);
    },
    err: (t: string) => {
      all.push(t);
      err.push(t);
      opts.onWrite?.('err', t);
    },
    stdin: '',
    outIsTerminal: false,
  };
  const result = (code: number): ScriptResult => ({ output: all.join(''), stdout: out.join(''), stderr: err.join(''), code });
  if (!opts.engine.netnsOf(opts.target)) {
    io.err(`netlab: no such host: ${opts.target.kind === 'external' ? 'external' : opts.target.name}\n`);
    return result(1);
  }
  const session = new ShellSession({ engine: opts.engine, target: opts.target, env: opts.env, interactive: false, columns: () => 80, rows: () => 24 });
  const lines = opts.script.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let last = 0;
  for (const line of lines) {
    if (session.closed) break;
    last = session.current.status;
    session.feedLine(line, io);
    if (!session.closed) last = session.current.status;
  }
  if (!session.closed) {
    session.eof(io);
    if (!session.closed) last = session.current.status;
  }
  return result(session.closed ? session.exitCode! : last);
}
