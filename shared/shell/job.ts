/**
 * A running command line as a resumable job. The executor is written as generators that
 * yield at the points where a real shell would block: `sleep` and ping's interval wait for
 * (virtual) time, and every loop iteration gives the terminal a turn to read Ctrl-C. Whoever
 * drives the job decides what a wait costs: the terminal waits real time through a scheduler
 * its host injects (shared/ has no timers), a script or a `$(...)` advances the virtual
 * clock at once. Either way the virtual clock moves by exactly what was slept.
 */
import type { Clock } from '../model/env';

/**
 * What a job is blocked on: `ms` of time passing (`unbounded`: it would go on for ever), a
 * turn, or `watch`: changes made from outside the line (another terminal, the window) for
 * up to `ms` — which nothing can make when there is no one else (a script): it ends then.
 */
export type Wait = { kind: 'sleep'; ms: number; unbounded?: boolean } | { kind: 'tick' } | { kind: 'watch'; ms: number };

/** A command line (or one command) that may block; its return value is the exit status. */
export type Job<T = number> = Generator<Wait, T, void>;

/**
 * Thrown into a job at its wait point: Ctrl-C (SIGINT), or a script's budget for endless
 * work (`note` says so). `idle`: a watch was told that nothing else can change the world,
 * so it ends normally and the line goes on.
 */
export class Interrupt extends Error {
  constructor(
    readonly note = '',
    readonly idle = false,
  ) {
    super('interrupted');
  }
}

/** A while/until loop stops after this many iterations (bash would spin for ever). */
export const LOOP_LIMIT = 10_000;

/**
 * Virtual time a script may spend in endless work (a `while true` loop's sleeps, ping with
 * no -c, a watch) before it is interrupted as Ctrl-C would: a script has no keyboard.
 */
export const SCRIPT_BUDGET_MS = 60_000;

/** The note a script's interrupted line ends with (stderr), so the cut is never silent. */
export function budgetNote(): string {
  return `netlab: interrupted after ${SCRIPT_BUDGET_MS / 1000}s of virtual time (a script has no Ctrl-C)\n`;
}

/** A job that is already done (a command with no wait in it). */
export function* done<T>(value: T): Job<T> {
  return value;
}

/**
 * Delegates to `job` (as `yield*` would), marking its sleeps unbounded when asked (a while
 * loop's body) and calling `onThrow` before an interrupt is passed into it, so the caller
 * knows its command line was interrupted even when the command handled it (ping's summary).
 */
export function* forward<T>(job: Job<T>, opts: { unbounded?: boolean; onThrow?: (e: unknown) => void }): Job<T> {
  let r = job.next();
  try {
    while (!r.done) {
      try {
        yield opts.unbounded && r.value.kind === 'sleep' ? { ...r.value, unbounded: true } : r.value;
      } catch (e) {
        opts.onThrow?.(e);
        r = job.throw(e);
        continue;
      }
      r = job.next();
    }
  } finally {
    // Ended from outside (the terminal closed: return()): end the inner job too, as yield* would.
    if (!r.done) job.return(undefined as never);
  }
  return r.value;
}

/**
 * Runs a job to its end with no one to wait for: each sleep advances the clock at once.
 * With `budgetMs`, unbounded sleeps beyond it are answered with an Interrupt carrying
 * budgetNote(). An Interrupt the job does not catch is rethrown to the caller.
 */
export function drain<T>(job: Job<T>, clock: Clock, budgetMs?: number): T {
  let spent = 0;
  let r = job.next();
  while (!r.done) {
    const w = r.value;
    if (w.kind === 'watch') {
      r = job.throw(new Interrupt('', true));
      continue;
    }
    if (w.kind === 'sleep') {
      if (w.unbounded && budgetMs !== undefined && spent + w.ms > budgetMs) {
        r = job.throw(new Interrupt(budgetNote()));
        continue;
      }
      if (w.unbounded) spent += w.ms;
      clock.advance(w.ms);
    }
    r = job.next();
  }
  return r.value;
}
