/**
 * A shell session: the stack of shells behind one terminal or script (`kubectl exec -it`
 * pushes a pod's shell, its `exit` pops back), the lines read so far for a command that
 * is not complete yet (open quote, here-document, trailing `|`), and the `command` event
 * that tells labs what the learner ran.
 */
import type { Engine } from '../sim/engine';
import type { ShellTarget } from '../model/target';
import { parse, parseAtEof, type ParseResult } from './parser';
import { Shell, type ShellHost, type ShellIO } from './exec';
import { drain, Interrupt, SCRIPT_BUDGET_MS, type Job, type Wait } from './job';

export interface SessionOptions {
  engine: Engine;
  target: ShellTarget;
  env?: Record<string, string>;
  interactive: boolean;
  columns(): number;
  rows(): number;
}

export class ShellSession implements ShellHost {
  readonly stack: Shell[] = [];
  readonly interactive: boolean;
  /** Lines of a command still being typed (shown with the `> ` prompt). */
  private pending: string[] = [];
  /** The status the whole session ended with, once the last shell exited. */
  exitCode: number | undefined;
  private pushed: { target: ShellTarget; onExit?: (code: number) => string }[] = [];
  /** What to do when each pushed shell exits (parallel to `stack`; the first shell has none). */
  private exitHooks: ((code: number) => string)[] = [];

  constructor(private readonly opts: SessionOptions) {
    this.interactive = opts.interactive;
    this.stack.push(new Shell(opts.engine, opts.target, this, opts.env));
  }

  columns(): number {
    return this.opts.columns();
  }
  rows(): number {
    return this.opts.rows();
  }

  get current(): Shell {
    return this.stack[this.stack.length - 1];
  }

  get closed(): boolean {
    return this.exitCode !== undefined;
  }

  get continuing(): boolean {
    return this.pending.length > 0;
  }

  openShell(target: ShellTarget, onExit?: (code: number) => string): boolean {
    if (!this.opts.engine.netnsOf(target)) return false;
    // Pushed after the current line finishes, so the rest of it runs where it started.
    this.pushed.push({ target, onExit });
    return true;
  }

  /** The prompt bash would print now: PS1, or PS2 (`> `) inside an unfinished command. */
  prompt(): string {
    if (this.pending.length) return '> ';
    const sh = this.current;
    const home = sh.getVar('HOME') ?? '/root';
    const cwd = sh.cwd === home ? '~' : sh.cwd.startsWith(home + '/') ? '~' + sh.cwd.slice(home.length) : sh.cwd;
    const host = sh.getVar('HOSTNAME') ?? 'localhost';
    return `root@${host}:${cwd}# `;
  }

  /** Drops a half-typed multi-line command (Ctrl-C at `> `). */
  cancel(): void {
    this.pending = [];
    this.current.status = 130;
  }

  /**
   * Feeds one line (without its newline). Returns 'more' while the command is incomplete;
   * otherwise runs it and returns 'ran'.
   */
  feedLine(line: string, io: ShellIO): 'more' | 'ran' {
    const job = this.begin(line, io);
    if (job === 'more') return 'more';
    this.drainLine(job, io);
    return 'ran';
  }

  /**
   * Feeds one line like feedLine, but hands back the command line as a job for the caller
   * to drive (the terminal paces its sleeps in real time and throws Ctrl-C into it).
   */
  begin(line: string, io: ShellIO): 'more' | Job<void> {
    this.pending.push(line);
    const src = this.pending.join('\n') + '\n';
    const r = parse(src);
    if (r.kind === 'incomplete') return 'more';
    this.pending = [];
    return this.execute(src, r, io);
  }

  /** Runs a line's job with no one to wait for: endless work is cut after the script budget. */
  drainLine(job: Job<void>, io: ShellIO): void {
    try {
      drain(job, this.opts.engine.env.clock, SCRIPT_BUDGET_MS);
    } catch (e) {
      // Only reached if the job did not finish its own bookkeeping: report, never throw.
      io.err(`netlab: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }

  /** End of input (end of script, Ctrl-D at `> `): finishes or rejects what is pending. */
  eof(io: ShellIO): void {
    this.drainLine(this.eofJob(io), io);
  }

  /** eof() as a job, for a child shell whose parent drives it. */
  *eofJob(io: ShellIO): Job<void> {
    if (!this.pending.length) return;
    const src = this.pending.join('\n') + '\n';
    this.pending = [];
    const r = parseAtEof(src);
    if ('warning' in r && r.warning) io.err(`bash: ${r.warning}\n`);
    yield* this.execute(src, r, io);
  }

  /**
   * Ends the innermost shell: pops back to the previous host, or closes the session.
   * Returns what its opener prints as it ends (kubectl run --rm's `pod "x" deleted`).
   */
  exitShell(code: number): string {
    const hook = this.stack.length > 1 ? this.exitHooks.pop() : undefined;
    this.stack.pop();
    if (!this.stack.length) this.exitCode = code;
    // Like `kubectl exec`, the outer shell sees the inner shell's exit status.
    else this.current.status = code;
    return hook?.(code) ?? '';
  }

  /** Interrupts a line's job as Ctrl-C does: the running shell notes it, then the job unwinds. */
  interrupt(job: Job<void>): IteratorResult<Wait, void> {
    return job.throw(new Interrupt());
  }

  private *execute(src: string, r: ParseResult, io: ShellIO): Job<void> {
    const sh = this.current;
    const line = src.replace(/\n$/, '');
    if (this.interactive) {
      for (const l of line.split('\n')) if (l.trim()) sh.historyList.push(l);
    }
    const chunks: string[] = [];
    const tee: ShellIO = {
      out: (t) => {
        chunks.push(t);
        io.out(t);
      },
      err: (t) => {
        chunks.push(t);
        io.err(t);
      },
      stdin: io.stdin,
      outIsTerminal: io.outIsTerminal,
    };
    let argv: string[] = [];
    if (r.kind === 'error') {
      for (const m of r.message.split('\n')) tee.err(`bash: ${m}\n`);
      if (!this.interactive && r.message.startsWith('syntax error near')) tee.err(`bash: \`${line.split('\n')[r.line - 1] ?? line}'\n`);
      sh.status = 2;
      // A non-interactive shell stops at a syntax error, as bash does.
      if (!this.interactive) sh.exitCode = 2;
    } else if (r.kind === 'ok') {
      if (!this.opts.engine.netnsOf(sh.target)) {
        tee.err(this.goneMessage(sh.target));
        sh.exitCode = sh.target.kind === 'pod' ? 137 : 1;
      } else {
        const log: string[][] = [];
        sh.argvLog = log;
        sh.signal.interrupted = false;
        try {
          yield* sh.program(r.program, tee);
        } catch (e) {
          if (!(e instanceof Interrupt)) throw e;
          // Ctrl-C (or a script's budget) killed the foreground command: bash's status 130.
          sh.status = 130;
          sh.signal.note ||= e.note;
        } finally {
          sh.argvLog = undefined;
        }
        // A command that handled the interrupt itself (ping's summary) keeps its status.
        if (sh.signal.note) tee.err(sh.signal.note);
        sh.signal.interrupted = false;
        sh.signal.note = '';
        argv = log[0] ?? [];
      }
    }
    this.opts.engine.emit({ type: 'command', target: sh.target, line, argv, code: sh.status, output: chunks.join('') });
    if (sh.exitCode !== undefined) {
      const said = this.exitShell(sh.exitCode);
      if (said) io.out(said);
    }
    for (const p of this.pushed.splice(0)) {
      if (this.closed) break;
      this.stack.push(new Shell(this.opts.engine, p.target, this, {}));
      this.exitHooks.push(p.onExit ?? (() => ''));
    }
  }

  private goneMessage(t: ShellTarget): string {
    return t.kind === 'pod' ? 'command terminated with exit code 137\n' : `bash: this host (${t.kind === 'node' ? t.name : 'external'}) no longer exists\n`;
  }
}
