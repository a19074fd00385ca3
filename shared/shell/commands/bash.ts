/**
 * `bash [-c STRING | FILE]`: a child shell on the same host. `-c` and a script file (or a
 * piped stdin) run non-interactively in a fresh shell with this one's exported environment;
 * with no input on a terminal it opens an interactive child shell (`exit` returns here).
 */
import type { Command, CommandContext } from '../command';
import { ShellSession } from '../session';
import { drain, forward, Interrupt, SCRIPT_BUDGET_MS, type Job } from '../job';

/**
 * Runs `name` (bash or sh) as a child shell, shared by both commands. A job: the child's
 * sleeps and loop passes are the parent's, so `sh -c 'while ...; sleep 1; done'` is paced
 * and interrupted like any command line.
 */
export function* childShellJob(ctx: CommandContext, name: string): Job {
  const args = ctx.argv.slice(1);
  let script: string | undefined;
  if (args[0] === '-c') {
    if (args[1] === undefined) {
      ctx.err(`${name}: -c: option requires an argument\n`);
      return 2;
    }
    script = args[1];
  } else if (args[0] !== undefined && args[0].startsWith('-') && args[0] !== '-') {
    if (!/^-[ilsx]+$/.test(args[0])) {
      ctx.err(`${name}: ${args[0]}: invalid option\n`);
      return 2;
    }
  } else if (args[0] !== undefined && args[0] !== '-') {
    const r = ctx.fs.read(ctx.fs.resolve(ctx.cwd, args[0]));
    if (!r.ok) {
      ctx.err(`${name}: ${args[0]}: ${r.error}\n`);
      return r.error === 'Is a directory' ? 126 : 127;
    }
    script = r.data;
  }
  if (script === undefined) {
    if (ctx.stdin) script = ctx.stdin;
    else if (ctx.terminal.interactive) return ctx.openShell(ctx.target) ? 0 : 1;
    else return 0;
  }
  const session = new ShellSession({
    engine: ctx.engine,
    target: ctx.target,
    env: { ...ctx.env, PWD: ctx.cwd, SHLVL: String(Number(ctx.env.SHLVL ?? '1') + 1) },
    interactive: false,
    columns: () => ctx.terminal.columns,
    rows: () => ctx.terminal.rows,
  });
  const io = { out: ctx.out, err: ctx.err, stdin: '', outIsTerminal: ctx.terminal.interactive };
  const lines = script.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // Ctrl-C reaches the whole foreground group: the child shell ends with the line it was running.
  let interrupted = false;
  const onThrow = (e: unknown) => {
    if (!(e instanceof Interrupt && e.idle)) interrupted = true;
  };
  for (const line of lines) {
    if (session.closed) break;
    const job = session.begin(line, io);
    if (job !== 'more') yield* forward(job, { onThrow });
    if (interrupted) return 130;
  }
  if (!session.closed) yield* forward(session.eofJob(io), { onThrow });
  if (interrupted) return 130;
  return session.closed ? session.exitCode! : session.current.status;
}

/** The child shell run to its end at once (a caller with no terminal); endless work stops at the script budget. */
export function runChildShell(ctx: CommandContext, name: string): number {
  return drain(childShellJob(ctx, name), ctx.engine.env.clock, SCRIPT_BUDGET_MS);
}

export const bash: Command = {
  name: 'bash',
  summary: 'GNU Bourne-Again SHell (a child shell on this host)',
  run: (ctx) => runChildShell(ctx, 'bash'),
  job: (ctx) => childShellJob(ctx, 'bash'),
};
