/**
 * The contract every shell command implements (CONVENTIONS 5): one file per command
 * under shell/commands/, registered in commands/index.ts. A command reads or changes
 * engine state and writes bytes; it never touches the host machine.
 */
import type { Engine } from '../sim/engine';
import type { NetNS } from '../kernel/netns';
import type { ShellTarget } from '../model/target';
import type { Job } from './job';

/** The per-host virtual filesystem (learner files over engine-rendered system files). */
export interface VirtualFs {
  /** Absolute, normalised path for `path` relative to `cwd`. */
  resolve(cwd: string, path: string): string;
  /** File contents, or an error in the words `cat` would use (`No such file or directory`, `Is a directory`). */
  read(path: string): { ok: true; data: string } | { ok: false; error: string };
  write(path: string, data: string, append?: boolean): { ok: true } | { ok: false; error: string };
  exists(path: string): boolean;
  isDir(path: string): boolean;
  /** Entry names in a directory, sorted. */
  list(path: string): string[] | undefined;
  mkdir(path: string, parents?: boolean): { ok: true } | { ok: false; error: string };
  remove(path: string, recursive?: boolean): { ok: true } | { ok: false; error: string };
  /** Type, size and time of a path, for `ls -l` (the shell's filesystem has it). */
  stat?(path: string): { kind: 'file' | 'dir' | 'dev'; size: number; mtime: number; system: boolean } | undefined;
}

export interface CommandContext {
  /** argv[0] is the command name as typed. */
  argv: string[];
  /** Everything piped or redirected in (pipelines are buffered, as the lab's commands are instant). */
  stdin: string;
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string>;
  cwd: string;
  fs: VirtualFs;
  engine: Engine;
  target: ShellTarget;
  netns: NetNS;
  terminal: { columns: number; rows: number; interactive: boolean };
  /**
   * Replace this shell with another host's (kubectl exec -it, ssh); returns false where not
   * possible. `onExit` runs when that shell exits, and what it returns is printed then
   * (kubectl run -it --rm: `pod "x" deleted`).
   */
  openShell(target: ShellTarget, onExit?: (code: number) => string): boolean;
  /**
   * The shell running this command, for builtins that change the shell itself (cd, export,
   * exit, history) and tools that run other commands (xargs). Absent when a command is run
   * outside a shell (e.g. directly from a test).
   */
  shell?: ShellControl;
  /** Takes `n` characters off the shared stdin stream (`read` inside `while read`); absent when stdin is a plain string. */
  consumeStdin?(n: number): void;
}

/** What a builtin may do to the shell that runs it (bash keeps this state in the shell process). */
export interface ShellControl {
  setCwd(path: string): void;
  /** Shell variables (exported or not); `export` marks one for the environment. */
  getVar(name: string): string | undefined;
  setVar(name: string, value: string): void;
  unsetVar(name: string): void;
  exportVar(name: string): void;
  isExported(name: string): boolean;
  /** Variable names in this shell, sorted. */
  varNames(): string[];
  /** The interactive history of this terminal (empty in scripts). */
  history(): string[];
  clearHistory(): void;
  /** Ends this shell with `code` once the current command line finishes. */
  exit(code: number): void;
  /** Runs argv as a command of this shell (no builtins that change the shell), writing to ctx's streams. */
  exec(argv: string[], stdin: string, out: (t: string) => void, err: (t: string) => void): number;
  /** The same as a job, for a command that drives another one's waits (timeout). */
  execJob?(argv: string[], stdin: string, out: (t: string) => void, err: (t: string) => void): import('./job').Job;
  /** Names of every command available on this host (builtins included), sorted. */
  commandNames(): string[];
  /** Aliases of this shell (`alias k=kubectl`); only an interactive shell expands them, as bash. */
  aliases: Map<string, string>;
}

export interface Command {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** Hosts that have this command (kubectl on nodes, not in pods); all when absent. */
  availableOn?(target: ShellTarget, engine: Engine): boolean;
  /** Returns the exit status. Must not throw for bad input: print the real tool's error instead. */
  run(ctx: CommandContext): number;
  /**
   * For commands that block (sleep, ping with no count, kubectl get -w): the same as run,
   * as a job (job.ts) that yields its waits, so a terminal paces it and Ctrl-C reaches it
   * (thrown in as an Interrupt at a yield). When present the shell calls this, not run.
   */
  job?(ctx: CommandContext): Job;
  /**
   * Tab completion for this command's arguments: `words` are the command's words so far,
   * the last one being the partial word (possibly ''). Return candidates (the shell keeps
   * those starting with the partial word), or undefined to complete file names.
   */
  complete?(words: string[], ctx: { engine: Engine; target: ShellTarget; cwd: string }): string[] | undefined;
}
