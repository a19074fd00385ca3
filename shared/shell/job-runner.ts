/**
 * Runs a terminal's foreground command line (a job, job.ts) in real time: it goes on until
 * the job waits, and the host's scheduler resumes it that much later, with the virtual clock
 * advanced by as much; a loop that never waits gets a turn back every TICKS_PER_TURN passes
 * so keys (Ctrl-C) can arrive. The terminal owns the screen; this owns the job and its timer.
 */
import type { Clock } from '../model/env';
import type { Job, Wait } from './job';

/**
 * Calls `fn` after `ms` real milliseconds; returns a canceller. The host injects it (a
 * setTimeout) because shared/ has no timers; without one, waits pass at once as in a script.
 */
export type Scheduler = (ms: number, fn: () => void) => () => void;

/** Loop passes run between two turns for the keyboard, when nothing sleeps. */
const TICKS_PER_TURN = 200;

export class JobRunner {
  private job: Job<void> | undefined;
  private cancel: (() => void) | undefined;

  constructor(
    private readonly schedule: Scheduler,
    private readonly clock: Clock,
    /** Called after each burst of progress (`done` once the line has ended), and with a bug's message. */
    private readonly hooks: { progressed(done: boolean): void; crashed(message: string): void },
  ) {}

  get running(): boolean {
    return this.job !== undefined;
  }

  start(job: Job<void>): void {
    this.job = job;
    this.step(() => job.next());
  }

  /** Ctrl-C: the pending wait is dropped and `interrupt` (which throws into the job) is the next step. */
  interrupt(interrupt: (job: Job<void>) => IteratorResult<Wait, void>): void {
    const job = this.job;
    if (!job) return;
    this.cancel?.();
    this.cancel = undefined;
    this.step(() => interrupt(job));
  }

  /** The terminal is going: the timer stops and the job ends, its finally blocks run (a watch unsubscribes). */
  dispose(): void {
    const job = this.job;
    this.job = undefined;
    this.cancel?.();
    this.cancel = undefined;
    try {
      job?.return(undefined);
    } catch {
      // It was unwinding anyway; the terminal is gone.
    }
  }

  private step(first: () => IteratorResult<Wait, void>): void {
    const job = this.job;
    if (!job) return;
    let r: IteratorResult<Wait, void>;
    try {
      r = first();
      let ticks = 0;
      while (!r.done && r.value.kind === 'tick' && ++ticks < TICKS_PER_TURN) r = job.next();
    } catch (e) {
      // The job ends its own line (status, event); only a bug gets here: report it, keep the shell.
      this.hooks.crashed(e instanceof Error ? e.message : String(e));
      r = { done: true, value: undefined };
    }
    if (r.done) {
      this.job = undefined;
      this.hooks.progressed(true);
      return;
    }
    const w = r.value;
    const ms = w.kind === 'tick' ? 0 : w.ms;
    this.cancel = this.schedule(ms, () => {
      this.cancel = undefined;
      if (this.job !== job) return;
      this.clock.advance(ms);
      this.step(() => job.next());
    });
    this.hooks.progressed(false);
  }
}
