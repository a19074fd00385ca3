/**
 * `netlab shell`'s two modes. On a terminal: the virtual terminal attached to the real one
 * in raw mode, resized on SIGWINCH, and the terminal left sane however the shell ends. On a
 * pipe: the lines run as a script (runScript): no prompt, no echo, exit status of the last.
 */
import type { Engine } from '../shared/sim/engine';
import type { ShellTarget } from '../shared/model/target';
import type { Pod } from '../shared/model/objects';
import { runScript } from '../shared/shell/script';
import { VirtualTerminal } from '../shared/shell/terminal';
import type { SessionConfig } from './host/session-config';
import { buildEngine, realTime } from './host/create-host';

/** The process's streams, injectable for tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  isTTY: boolean;
  /** All of standard input (script mode). */
  readAll(): Promise<string>;
  /** The real terminal (tty mode). */
  tty?: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream };
}

/** Builds the engine, or prints why not (a choice the engine does not implement: exit 2). */
function engineFor(config: SessionConfig, io: CliIO): Engine | undefined {
  const e = buildEngine(config);
  if (!('error' in e)) return e;
  io.err(`netlab: ${e.error}\nTry 'netlab --help' for more information.\n`);
  return undefined;
}

/** Resolves `--pod NAME` to a pod in any namespace, `default` first; or an error message. */
export function findTarget(engine: Engine, want: ShellTarget | { pod: string }): ShellTarget | { error: string } {
  if (!('pod' in want)) {
    if (engine.netnsOf(want)) return want;
    return { error: want.kind === 'node' ? `no node "${want.name}" (nodes: ${engine.spec.nodes.map((n) => n.name).join(', ')}, external)` : 'no external host' };
  }
  const pods = engine.store.list<Pod>('Pod').filter((p) => p.metadata.name === want.pod);
  pods.sort((a, b) => (a.metadata.namespace === 'default' ? -1 : b.metadata.namespace === 'default' ? 1 : 0));
  const pod = pods[0];
  if (!pod) return { error: `no pod "${want.pod}" in any namespace` };
  const target: ShellTarget = { kind: 'pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name };
  if (!engine.netnsOf(target)) return { error: `pod "${want.pod}" has no network namespace yet (status ${pod.status?.phase ?? 'unknown'})` };
  return target;
}

/** Script mode: the whole of stdin through runScript, each write passed on as it happens. */
export async function runPiped(config: SessionConfig, want: ShellTarget | { pod: string }, io: CliIO): Promise<number> {
  const engine = engineFor(config, io);
  if (!engine) return 2;
  const target = findTarget(engine, want);
  if ('error' in target) return io.err(`netlab: ${target.error}\n`), 1;
  const script = await io.readAll();
  // Streamed, so stdout and stderr interleave in time order when both go to one file (2>&1).
  const r = runScript({ engine, target, script, onWrite: (stream, text) => (stream === 'out' ? io.out(text) : io.err(text)) });
  return r.code;
}

/** Terminal mode: resolves with the shell's exit status once it exits or a signal ends it. */
export function attachTty(config: SessionConfig, want: ShellTarget | { pod: string }, io: CliIO): Promise<number> {
  const engine = engineFor(config, io);
  if (!engine) return Promise.resolve(2);
  const target = findTarget(engine, want);
  if ('error' in target) return (io.err(`netlab: ${target.error}\n`), Promise.resolve(1));
  const { stdin, stdout } = io.tty!;
  const term = new VirtualTerminal({ engine, target, cols: stdout.columns || 80, rows: stdout.rows || 24, schedule: realTime });
  return new Promise<number>((resolveExit) => {
    let done = false;
    const onInput = (d: string) => term.write(d);
    const onResize = () => term.resize(stdout.columns || 80, stdout.rows || 24);
    const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'];
    const onSignal = (sig: NodeJS.Signals) => {
      // Killed mid-line: end the line so the real shell's prompt starts on a fresh one.
      stdout.write('\r\n');
      finish(128 + ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 } as Record<string, number>)[sig]!);
    };
    const restore = () => {
      if (stdin.isTTY) stdin.setRawMode(false);
    };
    const finish = (code: number) => {
      if (done) return;
      done = true;
      stdin.off('data', onInput);
      stdin.off('end', onEnd);
      stdout.off('resize', onResize);
      for (const s of signals) process.off(s, onSignal);
      process.off('exit', restore);
      restore();
      stdin.pause();
      term.dispose();
      resolveExit(code);
    };
    const onEnd = () => finish(0);
    term.onData((d) => stdout.write(d));
    term.onExit((code) => finish(code));
    // Raw mode: every key goes to the virtual line editor (Ctrl-C included); restored on any exit.
    stdin.setRawMode(true);
    process.on('exit', restore);
    for (const s of signals) process.on(s, onSignal);
    stdin.setEncoding('utf8');
    stdin.on('data', onInput);
    stdin.on('end', onEnd);
    stdout.on('resize', onResize);
    stdin.resume();
    term.start();
  });
}
