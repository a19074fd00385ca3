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
  private pushed: ShellTarget[] = [];

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

  openShell(target: ShellTarget): boolean {
    if (!this.opts.engine.netnsOf(target)) return false;
    // Pushed after the current line finishes, so the rest of it runs where it started.
    this.pushed.push(target);
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
    this.pending.push(line);
    const src = this.pending.join('\n') + '\n';
    const r = parse(src);
    if (r.kind === 'incomplete') return 'more';
    this.pending = [];
    this.execute(src, r, io);
    return 'ran';
  }

  /** End of input (end of script, Ctrl-D at `> `): finishes or rejects what is pending. */
  eof(io: ShellIO): void {
    if (!this.pending.length) return;
    const src = this.pending.join('\n') + '\n';
    this.pending = [];
    const r = parseAtEof(src);
    if ('warning' in r && r.warning) io.err(`bash: ${r.warning}\n`);
    this.execute(src, r, io);
  }

  /** Ends the innermost shell: pops back to the previous host, or closes the session. */
  exitShell(code: number): void {
    this.stack.pop();
    if (!this.stack.length) this.exitCode = code;
    // Like `kubectl exec`, the outer shell sees the inner shell's exit status.
    else this.current.status = code;
  }

  private execute(src: string, r: ParseResult, io: ShellIO): void {
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
        sh.runProgram(r.program, tee);
        sh.argvLog = undefined;
        argv = log[0] ?? [];
      }
    }
    this.opts.engine.emit({ type: 'command', target: sh.target, line, argv, code: sh.status, output: chunks.join('') });
    if (sh.exitCode !== undefined) this.exitShell(sh.exitCode);
    for (const t of this.pushed.splice(0)) {
      if (this.closed) break;
      this.stack.push(new Shell(this.opts.engine, t, this, {}));
    }
  }

  private goneMessage(t: ShellTarget): string {
    return t.kind === 'pod' ? 'command terminated with exit code 137\n' : `bash: this host (${t.kind === 'node' ? t.name : 'external'}) no longer exists\n`;
  }
}
