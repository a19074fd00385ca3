/**
 * Compound commands of the executor (exec.ts): `for`, `while`/`until`, `if`, and the
 * `break`/`continue` builtins that steer loops. Jobs like the rest of the executor (job.ts):
 * each loop pass yields a turn, so a terminal can pace and interrupt a loop.
 */
import type { AndOr, SimpleCommand } from './parser';
import type { ShellIO } from './exec';
import { expandWord, ExpansionError, type ExpandEnv } from './expand';
import { forward, LOOP_LIMIT, type Job } from './job';
import { patternRe } from './cond';

/** A pending `break N` / `continue N`. */
export interface Jump {
  kind: 'break' | 'continue';
  n: number;
}

/** What the compound commands need of the shell running them. */
export interface LoopShell {
  vars: Map<string, string>;
  status: number;
  exitCode: number | undefined;
  host: { interactive: boolean };
  signal: { interrupted: boolean };
  /** How many loops enclose the running command, and a pending jump out of them. */
  loops: { depth: number; jump?: Jump };
  program(program: AndOr[], io: ShellIO): Job;
  stopped(): boolean;
}

/** `for NAME in WORDS; do BODY; done`: the body runs in this shell once per expanded word. */
export function* forLoop(sh: LoopShell, loop: NonNullable<SimpleCommand['loop']>, xenv: ExpandEnv, io: ShellIO): Job {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(loop.name)) {
    io.err(`bash: \`${loop.name}': not a valid identifier\n`);
    return 1;
  }
  let values: string[];
  try {
    values = (loop.words ?? []).flatMap((w) => expandWord(w, xenv));
  } catch (e) {
    io.err(`bash: ${e instanceof ExpansionError ? e.message : String(e)}\n`);
    if (!sh.host.interactive) sh.exitCode = 1;
    return 1;
  }
  let status = 0;
  sh.loops.depth++;
  try {
    for (const v of values) {
      sh.vars.set(loop.name, v);
      status = yield* sh.program(loop.body, io);
      if (endPass(sh)) break;
      yield { kind: 'tick' };
    }
  } finally {
    sh.loops.depth--;
  }
  return status;
}

/**
 * `while|until TEST; do BODY; done`. The body's sleeps count as unbounded (a script stops
 * them after its budget, job.ts) and a loop that passes LOOP_LIMIT times is stopped, as
 * the simulation cannot spin for ever; the stop is reported, never silent.
 */
export function* whileLoop(sh: LoopShell, loop: NonNullable<SimpleCommand['whileLoop']>, io: ShellIO): Job {
  // A loop reading a pipe or file shares one stream: each `read` takes the next line.
  let stdin = io.stdin;
  const sio: ShellIO = io.consume ? io : { ...io, consume: (n) => (stdin = stdin.slice(n)) };
  if (!io.consume) Object.defineProperty(sio, 'stdin', { get: () => stdin, enumerable: true });
  let status = 0;
  sh.loops.depth++;
  try {
    for (let pass = 0; ; pass++) {
      if (pass === LOOP_LIMIT) {
        io.err(`bash: ${loop.until ? 'until' : 'while'}: loop stopped after ${LOOP_LIMIT} passes (netlab bounds loops)\n`);
        return (sh.status = 1);
      }
      const st = yield* forward(sh.program(loop.test, sio), { unbounded: true });
      if (sh.stopped()) {
        if (endPass(sh)) break;
        continue;
      }
      if ((st === 0) === loop.until) break;
      status = yield* forward(sh.program(loop.body, sio), { unbounded: true });
      if (endPass(sh)) break;
      yield { kind: 'tick' };
    }
  } finally {
    sh.loops.depth--;
  }
  return status;
}

/** After a loop pass: true when the loop must end (exit, Ctrl-C, or a break aimed here); consumes the jump. */
function endPass(sh: LoopShell): boolean {
  if (sh.exitCode !== undefined || sh.signal.interrupted) return true;
  const j = sh.loops.jump;
  if (!j) return false;
  if (j.n > 1) {
    sh.loops.jump = { kind: j.kind, n: j.n - 1 };
    return true;
  }
  sh.loops.jump = undefined;
  return j.kind === 'break';
}

/** `if`: the first clause whose test list succeeds runs; else the `else` list; status 0 when none ran. */
export function* ifClause(sh: LoopShell, cond: NonNullable<SimpleCommand['cond']>, io: ShellIO): Job {
  for (const c of cond.clauses) {
    const st = yield* sh.program(c.test, io);
    if (sh.stopped()) return st;
    if (st === 0) return yield* sh.program(c.body, io);
  }
  return cond.otherwise ? yield* sh.program(cond.otherwise, io) : 0;
}

/** `break [N]` / `continue [N]`: leave (or go on with) the Nth enclosing loop. */
export function loopJump(sh: LoopShell, argv: string[], err: (t: string) => void): number {
  const kind = argv[0] as 'break' | 'continue';
  const arg = argv[1];
  let n = 1;
  if (arg !== undefined) {
    if (!/^-?\d+$/.test(arg)) {
      err(`bash: ${kind}: ${arg}: numeric argument required\n`);
      if (sh.loops.depth) sh.loops.jump = { kind: 'break', n: sh.loops.depth };
      return 128;
    }
    n = Number(arg);
    if (n < 1) {
      err(`bash: ${kind}: ${arg}: loop count out of range\n`);
      return 1;
    }
  }
  if (!sh.loops.depth) {
    err(`bash: ${kind}: only meaningful in a \`for', \`while', or \`until' loop\n`);
    return 0;
  }
  sh.loops.jump = { kind, n: Math.min(n, sh.loops.depth) };
  return 0;
}

/** `case WORD in ...`: the body of the first pattern WORD matches (quoted patterns literally); 0 when none. */
export function* caseOf(sh: LoopShell, c: NonNullable<SimpleCommand['caseOf']>, xenv: ExpandEnv, io: ShellIO): Job {
  const word = expandWord(c.word, xenv, false).join('');
  for (const item of c.items) {
    const hit = item.patterns.some((raw) => {
      const pat = expandWord(raw, xenv, false).join('');
      return /['"]/.test(raw) ? pat === word : patternRe(pat).test(word);
    });
    if (hit) return item.body.length ? yield* sh.program(item.body, io) : 0;
  }
  return 0;
}
