/**
 * The virtual terminal: a pty-like session (CONVENTIONS 7) that takes the raw bytes a
 * terminal sends and answers with the bytes to show — prompt, echo, line editing,
 * history, completion, and command output with `\r\n` line ends. xterm.js in the window
 * and a real tty (`netlab shell`) drive the very same object.
 */
import type { Engine } from '../sim/engine';
import type { Disposable } from '../model/store';
import type { ShellTarget } from '../model/target';
import type { ShellIO } from './exec';
import { complete, formatCandidates } from './completion';
import { KeyDecoder, type Key } from './keys';
import { LineEditor } from './line-editor';
import { HistorySearch } from './history-search';
import { ShellSession } from './session';
import { installContainerRunner } from './container';
import { JobRunner, type Scheduler } from './job-runner';

export type { Scheduler } from './job-runner';

// Pods' own processes (a command that ends: Completed) run in this shell layer.
installContainerRunner();

/** Output is handed on in chunks of about this many characters, so a 100k-line listing streams. */
const CHUNK = 64 * 1024;

export class VirtualTerminal {
  private readonly session: ShellSession;
  private readonly editor = new LineEditor();
  private readonly decoder = new KeyDecoder();
  private readonly dataListeners = new Set<(text: string) => void>();
  private readonly exitListeners = new Set<(code: number) => void>();
  private cols: number;
  private rows: number;
  private out: string[] = [];
  private outLen = 0;
  /** Position in history while browsing with up/down; history.length means "the new line". */
  private histIndex = 0;
  private draft = '';
  private lastWasTab = false;
  private search: HistorySearch | undefined;
  private started = false;
  private finished = false;
  /** Runs the foreground command line when the host gave a scheduler (else lines drain at once). */
  private readonly runner: JobRunner | undefined;
  /** Keys typed while a command runs, handled once it ends (Ctrl-C discards them, as a tty flushes input). */
  private typeahead: Key[] = [];

  constructor(
    private readonly opts: { engine: Engine; target: ShellTarget; cols?: number; rows?: number; env?: Record<string, string>; schedule?: Scheduler },
  ) {
    this.cols = opts.cols ?? 80;
    this.rows = opts.rows ?? 24;
    this.editor.cols = this.cols;
    this.session = new ShellSession({ engine: opts.engine, target: opts.target, env: opts.env, interactive: true, columns: () => this.cols, rows: () => this.rows });
    if (opts.schedule) {
      this.runner = new JobRunner(opts.schedule, opts.engine.env.clock, {
        progressed: (done) => {
          if (done) {
            this.afterRun();
            this.pump();
          }
          this.flush();
        },
        crashed: (message) => this.emit(`netlab: ${message}\r\n`),
      });
    }
  }

  /** Prints the first prompt (or says why there is no shell on this target). */
  start(): void {
    if (this.started || this.finished) return;
    this.started = true;
    if (!this.opts.engine.netnsOf(this.opts.target)) {
      const t = this.opts.target;
      this.emit(`netlab: no such host: ${t.kind === 'external' ? 'external' : t.kind === 'pod' ? `${t.namespace}/${t.name}` : t.name}\r\n`);
      this.flush();
      this.finish(1);
      return;
    }
    this.newPrompt();
    this.flush();
  }

  /** Raw bytes from the terminal: keys, escape sequences, pastes. */
  write(data: string): void {
    if (!this.started || this.finished) return;
    const keys = this.decoder.feed(data);
    if (this.runner?.running) {
      if (keys.some((k) => k.type === 'key' && k.name === 'ctrl-c')) this.interruptJob();
      else this.typeahead.push(...keys);
    } else {
      this.typeahead.push(...keys);
      this.pump();
    }
    this.flush();
  }

  /** Handles queued keys until they run out or one starts a command that waits. */
  private pump(): void {
    while (this.typeahead.length && !this.runner?.running && !this.finished) this.handle(this.typeahead.shift()!);
  }

  /** Ctrl-C while a command runs: it is interrupted and the keys typed ahead are dropped, as a tty flushes input. */
  private interruptJob(): void {
    this.typeahead = [];
    this.emit('^C\r\n');
    this.runner!.interrupt((job) => this.session.interrupt(job));
  }

  resize(cols: number, rows: number): void {
    if (cols > 0) this.cols = Math.floor(cols);
    if (rows > 0) this.rows = Math.floor(rows);
    this.editor.cols = this.cols;
  }

  onData(cb: (text: string) => void): Disposable {
    this.dataListeners.add(cb);
    return { dispose: () => this.dataListeners.delete(cb) };
  }

  onExit(cb: (code: number) => void): Disposable {
    this.exitListeners.add(cb);
    return { dispose: () => this.exitListeners.delete(cb) };
  }

  dispose(): void {
    this.runner?.dispose();
    this.finished = true;
    this.dataListeners.clear();
    this.exitListeners.clear();
  }

  private emit(text: string): void {
    // A single huge write (seq 100000, iptables-save) is cut into chunks so it streams.
    for (let i = 0; i < text.length; ) {
      let end = Math.min(text.length, i + CHUNK - this.outLen);
      const code = text.charCodeAt(end - 1);
      if (end < text.length && code >= 0xd800 && code <= 0xdbff) end++;
      this.out.push(text.slice(i, end));
      this.outLen += end - i;
      i = end;
      if (this.outLen >= CHUNK) this.flush();
    }
  }

  private flush(): void {
    if (!this.out.length) return;
    const text = this.out.join('');
    this.out = [];
    this.outLen = 0;
    for (const l of [...this.dataListeners]) l(text);
  }

  private finish(code: number): void {
    if (this.finished) return;
    this.flush();
    this.finished = true;
    for (const l of [...this.exitListeners]) l(code);
  }

  private history(): string[] {
    return this.session.current.historyList;
  }

  private newPrompt(): void {
    const p = this.session.prompt();
    this.emit(p);
    this.editor.reset(p.length);
    this.histIndex = this.history().length;
    this.draft = '';
  }

  /** Command output as a pty shows it: every `\n` becomes `\r\n`. */
  private io(): ShellIO {
    const write = (t: string) => this.emit(t.replace(/\r?\n/g, '\r\n'));
    return { out: write, err: write, stdin: '', outIsTerminal: true };
  }

  private afterRun(): void {
    if (this.session.closed) {
      this.finish(this.session.exitCode ?? 0);
      return;
    }
    this.newPrompt();
  }

  /** Keys while Ctrl-R searches; returns true when the key was consumed by the search. */
  private handleSearch(key: Key): boolean {
    const search = this.search!;
    const draw = () => {
      const cur = search.current();
      this.emit(this.editor.replaceAll(search.prompt(), cur.text, cur.pos));
    };
    if (key.type === 'text') search.type(key.text);
    else if (key.name === 'ctrl-r') search.older();
    else if (key.name === 'backspace') search.rubout();
    else {
      // Any other key ends the search: Ctrl-G restores the line, others keep the match and act.
      this.search = undefined;
      const cur = key.name === 'ctrl-g' ? { text: search.original, pos: search.original.length } : search.current();
      this.emit(this.editor.replaceAll(this.session.prompt(), cur.text, cur.pos));
      return key.name === 'ctrl-g';
    }
    draw();
    return true;
  }

  private handle(key: Key): void {
    if (this.search && this.handleSearch(key)) return;
    const ed = this.editor;
    const wasTab = this.lastWasTab;
    this.lastWasTab = false;
    if (key.type === 'text') {
      this.emit(ed.insert(key.text));
      return;
    }
    switch (key.name) {
      case 'enter': {
        const line = ed.text;
        this.emit(ed.end() + '\r\n');
        const io = this.io();
        const job = this.session.begin(line, io);
        if (job === 'more') {
          const p = this.session.prompt();
          this.emit(p);
          ed.reset(p.length);
        } else if (!this.runner) {
          this.session.drainLine(job, io);
          this.afterRun();
        } else this.runner.start(job);
        return;
      }
      case 'ctrl-c':
        this.emit(ed.end() + '^C\r\n');
        this.session.cancel();
        this.newPrompt();
        return;
      case 'ctrl-d':
        if (ed.chars.length) {
          this.emit(ed.deleteChar());
          return;
        }
        if (this.session.continuing) {
          this.emit('\r\n');
          this.session.eof(this.io());
          this.afterRun();
          return;
        }
        // bash says "exit" when it reads end-of-file at an empty prompt.
        this.emit('exit\r\n');
        this.emit(this.session.exitShell(this.session.current.status).replace(/\r?\n/g, '\r\n'));
        this.afterRun();
        return;
      case 'ctrl-l':
        this.emit('\x1b[H\x1b[2J' + ed.repaint(this.session.prompt()));
        return;
      case 'tab':
        this.lastWasTab = true;
        this.tab(wasTab);
        return;
      case 'ctrl-r':
        this.search = new HistorySearch(this.history(), ed.text);
        this.emit(ed.replaceAll(this.search.prompt(), ed.text, ed.pos));
        return;
      case 'ctrl-g':
        return this.emit('\x07');
      case 'up':
      case 'ctrl-p':
        return this.browse(-1);
      case 'down':
      case 'ctrl-n':
        return this.browse(1);
      case 'backspace':
        return this.emit(ed.backspace());
      case 'delete':
        return this.emit(ed.deleteChar());
      case 'left':
      case 'ctrl-b':
        return this.emit(ed.left());
      case 'right':
      case 'ctrl-f':
        return this.emit(ed.right());
      case 'home':
      case 'ctrl-a':
        return this.emit(ed.home());
      case 'end':
      case 'ctrl-e':
        return this.emit(ed.end());
      case 'ctrl-u':
        return this.emit(ed.killToStart());
      case 'ctrl-k':
        return this.emit(ed.killToEnd());
      case 'ctrl-w':
        return this.emit(ed.killWordBack());
      case 'ctrl-y':
        return this.emit(ed.yank());
      case 'word-left':
        return this.emit(ed.wordLeft());
      case 'word-right':
        return this.emit(ed.wordRight());
      case 'word-rubout':
        return this.emit(ed.killAlnumBack());
      case 'word-delete':
        return this.emit(ed.killAlnumForward());
    }
  }

  /** Up/down through this shell's history, keeping the line being typed as a draft. */
  private browse(dir: -1 | 1): void {
    const hist = this.history();
    const next = this.histIndex + dir;
    if (next < 0 || next > hist.length) {
      this.emit('\x07');
      return;
    }
    if (this.histIndex === hist.length) this.draft = this.editor.text;
    this.histIndex = next;
    this.emit(this.editor.setText(next === hist.length ? this.draft : hist[next]));
  }

  private tab(second: boolean): void {
    const ed = this.editor;
    const before = ed.chars.slice(0, ed.pos).join('');
    const c = complete(before, this.session.current);
    if (c.insert) {
      this.emit(ed.insert(c.insert));
      return;
    }
    if (c.candidates.length < 2 || !second) {
      this.emit('\x07');
      return;
    }
    // Second Tab on an ambiguous word: list the candidates, then the prompt and line again.
    const lines = formatCandidates(c.candidates, this.cols);
    const pos = ed.pos;
    this.emit(ed.end() + '\r\n' + lines.join('\r\n') + '\r\n');
    const p = this.session.prompt();
    ed.promptLen = p.length;
    ed.pos = pos;
    this.emit(ed.repaint(p));
  }
}

