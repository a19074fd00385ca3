/**
 * The executor: one `Shell` is one bash process on one host (variables, cwd, `$?`).
 * It runs parsed programs: and-or lists, pipelines (each stage of a multi-command
 * pipeline in a subshell, as bash does), simple commands with assignments and
 * redirections, loops. The executor is a set of generators (job.ts): it yields where a
 * real shell blocks (sleep, ping's interval, each loop pass), so a terminal can pace it
 * and Ctrl-C it; runProgram() drains it for callers that want a plain status. Pipes are
 * buffered in chunk arrays (joined once: no quadratic strings), the last stage writes through.
 */
import type { Engine } from '../sim/engine';
import type { ShellTarget } from '../model/target';
import type { Command, CommandContext, ShellControl } from './command';
import { allCommands, findCommand } from './commands/index';
import { expandString, expandWord, ExpansionError, globMatch, type ExpandEnv } from './expand';
import { applyRedirections } from './redirect';
import { lex } from './lexer';
import { parse, type AndOr, type Pipeline, type SimpleCommand } from './parser';
import { HostFs } from './vfs';
import { drain, forward, Interrupt, type Job } from './job';
import { caseOf, forLoop, ifClause, loopJump, whileLoop, type Jump } from './compound';
import { evalCond } from './cond';

/** Where a command line's bytes go. */
export interface ShellIO {
  out(text: string): void;
  err(text: string): void;
  stdin: string;
  /** stdout is the terminal itself (tools like `ls` format for a tty). */
  outIsTerminal: boolean;
  /** Takes `n` characters off the front of stdin (`read` in a `while read` loop shares one stream). */
  consume?(n: number): void;
}

/** What a shell needs from the session that runs it (the terminal or the script runner). */
export interface ShellHost {
  interactive: boolean;
  columns(): number;
  rows(): number;
  openShell(target: ShellTarget, onExit?: (code: number) => string): boolean;
}

export class Shell {
  vars = new Map<string, string>();
  exported = new Set<string>();
  cwd: string;
  status = 0;
  /** Set by `exit`: the shell ends with this status once the current line finishes. */
  exitCode: number | undefined;
  historyList: string[] = [];
  aliases = new Map<string, string>();
  /** When set, every command invoked (subshells included) is recorded here, for the `command` event. */
  argvLog: string[][] | undefined;
  readonly fs: HostFs;
  private readonly pid: number;
  /** Status of the last command substitution while expanding a command's words. */
  private subStatus: number | undefined;
  /** Set once the running line got Ctrl-C; shared with subshells (pipeline stages) by reference. */
  signal = { interrupted: false, note: '' };
  /** How many loops enclose the running command, and a pending `break N` / `continue N` (compound.ts). */
  loops: { depth: number; jump?: Jump } = { depth: 0 };

  constructor(
    readonly engine: Engine,
    readonly target: ShellTarget,
    readonly host: ShellHost,
    env: Record<string, string> = {},
  ) {
    this.fs = new HostFs(engine, target);
    const ns = engine.netnsOf(target);
    const hostname = ns?.hostname ?? (target.kind === 'external' ? 'external' : target.name);
    this.cwd = target.kind === 'pod' ? '/' : '/root';
    const rng = engine.env.rng.fork(`shell-pid/${hostname}`);
    this.pid = 1000 + rng.int(30000);
    const defaults: Record<string, string> = {
      HOME: '/root',
      HOSTNAME: hostname,
      LANG: 'C.UTF-8',
      LOGNAME: 'root',
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      PWD: this.cwd,
      SHELL: '/bin/bash',
      SHLVL: '1',
      TERM: host.interactive ? 'xterm-256color' : 'dumb',
      USER: 'root',
      ...env,
    };
    for (const [k, v] of Object.entries(defaults)) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    if (env.PWD) this.cwd = env.PWD;
  }

  /** A subshell: a copy of this shell's state whose changes do not come back. */
  clone(): Shell {
    const s = Object.create(Shell.prototype) as Shell;
    Object.assign(s, this);
    s.vars = new Map(this.vars);
    s.exported = new Set(this.exported);
    s.aliases = new Map(this.aliases);
    s.exitCode = undefined;
    s.loops = { depth: this.loops.depth };
    return s;
  }

  getVar(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '$') return String(this.pid);
    if (name === '#') return '0';
    if (name === '0') return 'bash';
    if (name === '-') return this.host.interactive ? 'himBHs' : 'hB';
    if (name === 'RANDOM') return String(this.engine.env.rng.fork(`random/${this.engine.env.clock.now()}/${this.vars.size}`).int(32768));
    return this.vars.get(name);
  }

  /** The exported environment a command sees. */
  environment(extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {};
    for (const k of [...this.exported].sort()) {
      const v = this.vars.get(k);
      if (v !== undefined) env[k] = v;
    }
    return { ...env, ...extra };
  }

  /** Names of commands available on this host, builtins included, sorted. */
  commandNames(): string[] {
    return [...new Set([...allCommands().filter((c) => this.available(c)).map((c) => c.name), ...this.aliases.keys()])].sort();
  }

  available(c: Command): boolean {
    try {
      return c.availableOn ? c.availableOn(this.target, this.engine) : true;
    } catch {
      return false;
    }
  }

  private expandEnv(io: ShellIO): ExpandEnv {
    return {
      getVar: (n) => this.getVar(n),
      setVar: (n, v) => this.vars.set(n, v),
      commandSub: (src) => this.commandSub(src, io),
      glob: (p) => this.glob(p),
    };
  }

  /** `$(...)`: runs `src` in a subshell; its stdout is the value, its stderr passes through. */
  commandSub(src: string, io: ShellIO): string {
    const r = parse(src);
    if (r.kind !== 'ok') {
      io.err(`bash: command substitution: ${r.kind === 'error' ? r.message : 'unexpected EOF'}\n`);
      this.subStatus = 2;
      return '';
    }
    const chunks: string[] = [];
    const sub = this.clone();
    sub.loops = { depth: 0 };
    this.subStatus = sub.runProgram(r.program, { out: (t) => chunks.push(t), err: io.err, stdin: '', outIsTerminal: false });
    return chunks.join('');
  }

  /** Pathname expansion against the virtual filesystem; relative patterns give relative results. */
  glob(pattern: string): string[] {
    const abs = pattern.startsWith('/');
    const segs = pattern.split('/').filter((s) => s !== '');
    let found: string[] = [abs ? '/' : ''];
    for (const seg of segs) {
      const next: string[] = [];
      const isGlob = /(^|[^\\])[*?[]/.test(seg);
      for (const base of found) {
        const dir = this.fs.resolve(this.cwd, base || '.');
        const join = (name: string) => (base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`);
        if (!isGlob) {
          const name = seg.replace(/\\(.)/g, '$1');
          if (this.fs.exists(this.fs.resolve(dir, name))) next.push(join(name));
          continue;
        }
        for (const name of this.fs.list(dir) ?? []) {
          if (name.startsWith('.') && !seg.startsWith('.')) continue;
          if (globMatch(seg, name)) next.push(join(name));
        }
      }
      found = next;
      if (!found.length) return [];
    }
    return found.filter((f) => f !== '' && f !== '/').sort();
  }

  /** Runs a parsed program to its end (sleeps advance the virtual clock at once); returns the last status. */
  runProgram(program: AndOr[], io: ShellIO): number {
    try {
      return drain(this.program(program, io), this.engine.env.clock);
    } catch (e) {
      if (!(e instanceof Interrupt)) throw e;
      return (this.status = 130);
    }
  }

  /** A parsed program as a job; stops early once `exit`, `break`/`continue` or Ctrl-C ran. */
  *program(program: AndOr[], io: ShellIO): Job {
    for (const item of program) {
      yield* this.andOr(item, io);
      if (this.stopped()) break;
    }
    return this.status;
  }

  /** A command is being interrupted: the rest of the line will be skipped, and a script's note said. */
  private noteInterrupt(e: unknown): void {
    if (e instanceof Interrupt && e.idle) return;
    this.signal.interrupted = true;
    if (e instanceof Interrupt) this.signal.note ||= e.note;
  }

  /** Whether the rest of the current list must be skipped. */
  stopped(): boolean {
    return this.exitCode !== undefined || this.loops.jump !== undefined || this.signal.interrupted;
  }

  private *andOr(node: AndOr, io: ShellIO): Job<void> {
    yield* this.pipeline(node.first, io);
    for (const { op, pipeline } of node.rest) {
      if (this.stopped()) return;
      if ((op === '&&') === (this.status === 0)) yield* this.pipeline(pipeline, io);
    }
  }

  private *pipeline(pl: Pipeline, io: ShellIO): Job<void> {
    let status = 0;
    if (pl.commands.length === 1) status = yield* this.simple(pl.commands[0], io);
    else {
      let stdin = io.stdin;
      for (let k = 0; k < pl.commands.length; k++) {
        const cmd = pl.commands[k];
        const last = k === pl.commands.length - 1;
        const chunks: string[] = [];
        const sub = this.clone();
        const out = last ? io.out : (t: string) => chunks.push(t);
        const err = cmd.pipeStderr && !last ? out : io.err;
        // Each stage is a subshell: `break` inside one ends only that stage's loops.
        sub.loops = { depth: 0 };
        status = yield* sub.simple(cmd, { out, err, stdin, outIsTerminal: last && io.outIsTerminal });
        stdin = chunks.join('');
        if (this.signal.interrupted) break;
      }
    }
    this.status = pl.negate ? (status === 0 ? 1 : 0) : status;
  }

  /** Runs one simple command to its end; returns (and records) its status. */
  runSimple(cmd: SimpleCommand, io: ShellIO): number {
    try {
      return drain(this.simple(cmd, io), this.engine.env.clock);
    } catch (e) {
      if (!(e instanceof Interrupt)) throw e;
      return (this.status = 130);
    }
  }

  /** One simple command (or compound: for, while, if) as a job; returns (and records) its status. */
  *simple(cmd: SimpleCommand, io: ShellIO): Job {
    const xenv = this.expandEnv(io);
    let argv: string[];
    const assigns: Record<string, string> = {};
    this.subStatus = undefined;
    try {
      for (const a of cmd.assigns) assigns[a.name] = expandString(a.value, xenv);
      argv = this.expandAliases(cmd.words).flatMap((w) => expandWord(w, xenv));
    } catch (e) {
      io.err(`bash: ${e instanceof ExpansionError ? e.message : String(e)}\n`);
      // An expansion error is fatal to a non-interactive shell, as in bash.
      if (!this.host.interactive) this.exitCode = 1;
      return (this.status = 1);
    }
    // A line of only assignments/redirections has the status of its last `$(...)`, else 0.
    const subStatus = this.subStatus ?? 0;
    const red = applyRedirections(cmd.redirs, io, xenv, this.fs, this.cwd);
    if ('status' in red) {
      if (red.fatal && !this.host.interactive) this.exitCode = 1;
      return (this.status = red.status);
    }
    const { fds, files } = red;
    const out = (t: string) => fds.get(1)!.write(t);
    const err = (t: string) => fds.get(2)!.write(t);
    let status: number;
    const inner = this.innerIO(io, red.stdin, out, err, fds.get(1)!.write === io.out && io.outIsTerminal);
    if (cmd.loop) status = yield* forLoop(this, cmd.loop, xenv, inner);
    else if (cmd.whileLoop) status = yield* whileLoop(this, cmd.whileLoop, inner);
    else if (cmd.cond) status = yield* ifClause(this, cmd.cond, inner);
    else if (cmd.group) status = yield* this.runGroup(cmd.group, inner);
    else if (cmd.caseOf) status = yield* caseOf(this, cmd.caseOf, xenv, inner);
    else if (cmd.dbl) status = evalCond(cmd.dbl, xenv, this.fs, this.cwd, err, (n, v) => this.vars.set(n, v));
    else if (!argv.length) {
      for (const [k, v] of Object.entries(assigns)) this.vars.set(k, v);
      status = subStatus;
    } else status = yield* this.invokeJob(argv, inner, assigns);
    for (const f of files) {
      if (!f.chunks.length) continue;
      const w = this.fs.write(f.path, f.chunks.join(''), true);
      // A refused write (a sysctl given a bad value) fails the command, in bash's words.
      if (!w.ok) {
        io.err(`bash: ${argv[0] ?? ''}: write error: ${w.error}\n`);
        status = 1;
      }
    }
    return (this.status = status);
  }

  /** `{ LIST; }` runs in this shell; `( LIST )` in a copy whose changes (cd, variables, exit) stay inside. */
  private *runGroup(g: NonNullable<SimpleCommand['group']>, io: ShellIO): Job {
    if (!g.sub) return yield* this.program(g.body, io);
    const sub = this.clone();
    sub.loops = { depth: 0 };
    const st = yield* sub.program(g.body, io);
    return sub.exitCode ?? st;
  }

  /**
   * The streams a command gets: its redirected stdout/stderr, and stdin — the enclosing
   * stream (so `read` in a loop body takes the next line) unless a redirection replaced it.
   */
  private innerIO(io: ShellIO, stdin: string, out: (t: string) => void, err: (t: string) => void, outIsTerminal: boolean): ShellIO {
    if (stdin !== io.stdin || !io.consume) return { out, err, stdin, outIsTerminal };
    return {
      out,
      err,
      outIsTerminal,
      get stdin() {
        return io.stdin;
      },
      consume: io.consume,
    };
  }

  /** Replaces an alias in command position by its words (interactive shells only, as bash). */
  private expandAliases(words: string[]): string[] {
    if (!this.host.interactive || !this.aliases.size) return words;
    let out = words;
    const seen = new Set<string>();
    while (out.length && /^[A-Za-z0-9_.:+@%-]+$/.test(out[0]) && this.aliases.has(out[0]) && !seen.has(out[0])) {
      seen.add(out[0]);
      const value = lex(this.aliases.get(out[0])!).tokens.flatMap((t) => (t.t === 'word' ? [t.raw] : []));
      out = [...value, ...out.slice(1)];
    }
    return out;
  }

  /** Finds and runs argv[0] to its end with the given streams; 127 when no such command exists here. */
  invoke(argv: string[], stdin: string, out: (t: string) => void, err: (t: string) => void, tty: boolean, assigns: Record<string, string> = {}): number {
    try {
      return drain(this.invokeJob(argv, { out, err, stdin, outIsTerminal: tty }, assigns), this.engine.env.clock);
    } catch (e) {
      if (!(e instanceof Interrupt)) throw e;
      return 130;
    }
  }

  /** Finds and runs argv[0] as a job; an interrupt passed into the command marks the line interrupted. */
  *invokeJob(argv: string[], io: ShellIO, assigns: Record<string, string> = {}): Job {
    const { stdin, out, err } = io;
    const tty = io.outIsTerminal;
    const name = argv[0];
    if (name === 'break' || name === 'continue') return loopJump(this, argv, err);
    this.argvLog?.push(argv);
    const cmd = name.includes('/') ? undefined : findCommand(name);
    if (!cmd || !this.available(cmd)) {
      if (name.includes('/')) {
        const st = this.fs.stat?.(this.fs.resolve(this.cwd, name));
        if (st) {
          err(`bash: ${name}: ${st.kind === 'dir' ? 'Is a directory' : 'Permission denied'}\n`);
          return 126;
        }
        err(`bash: ${name}: No such file or directory\n`);
        return 127;
      }
      err(`bash: ${name}: command not found\n`);
      return 127;
    }
    const ns = this.engine.netnsOf(this.target);
    if (!ns) {
      err(`bash: ${name}: this host no longer exists\n`);
      return 126;
    }
    const ctx: CommandContext = {
      argv,
      stdin,
      out,
      err,
      env: this.environment(assigns),
      cwd: this.cwd,
      fs: this.fs,
      engine: this.engine,
      target: this.target,
      netns: ns,
      terminal: { columns: this.host.columns(), rows: this.host.rows(), interactive: tty },
      openShell: (t, onExit) => this.host.openShell(t, onExit),
      shell: this.control(),
      consumeStdin: io.consume,
    };
    try {
      const code = cmd.job ? yield* forward(cmd.job(ctx), { onThrow: (e) => this.noteInterrupt(e) }) : cmd.run(ctx);
      return Number.isInteger(code) ? code & 255 : 0;
    } catch (e) {
      if (e instanceof Interrupt) throw e;
      // A command must never take the shell down; report it like a crashed process.
      err(`${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }

  /** The ShellControl handed to builtins. */
  control(): ShellControl {
    return {
      setCwd: (p) => {
        this.vars.set('OLDPWD', this.cwd);
        this.exported.add('OLDPWD');
        this.cwd = p;
        this.vars.set('PWD', p);
      },
      getVar: (n) => this.getVar(n),
      setVar: (n, v) => this.vars.set(n, v),
      unsetVar: (n) => {
        this.vars.delete(n);
        this.exported.delete(n);
      },
      exportVar: (n) => this.exported.add(n),
      isExported: (n) => this.exported.has(n),
      varNames: () => [...this.vars.keys()].sort(),
      history: () => this.historyList,
      clearHistory: () => {
        this.historyList.length = 0;
      },
      exit: (code) => {
        this.exitCode = code & 255;
      },
      exec: (argv, stdin, out, err) => this.invoke(argv, stdin, out, err, false),
      execJob: (argv, stdin, out, err) => this.invokeJob(argv, { out, err, stdin, outIsTerminal: false }),
      commandNames: () => this.commandNames(),
      aliases: this.aliases,
    };
  }
}
