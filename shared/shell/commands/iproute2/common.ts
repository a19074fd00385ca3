/**
 * What the `ip` object handlers share: the parsed global options, the output sinks, and
 * iproute2's keyword matching (any prefix of a keyword, first in table order wins).
 */
import type { CommandContext } from '../../command';
import type { NetNS } from '../../../kernel/netns';
import type { Engine } from '../../../sim/engine';

/** Global options (`-4 -br -o -d -s`). */
export interface IpOptions {
  family?: 'inet' | 'inet6';
  brief: boolean;
  oneline: boolean;
  details: boolean;
  stats: number;
}

/** One `ip OBJECT ...` invocation. */
export interface IpRun {
  ctx: CommandContext;
  engine: Engine;
  ns: NetNS;
  opts: IpOptions;
  args: string[];
}

/** iproute2's matches(): is `arg` a prefix of `keyword`? */
export function matches(arg: string | undefined, keyword: string): boolean {
  return arg !== undefined && arg.length > 0 && keyword.startsWith(arg);
}

/** Prints an error line and returns the status. */
export function fail(run: IpRun, message: string, status: number): number {
  run.ctx.err(`${message}\n`);
  return status;
}

/** Commands that change state are one operation for the topology view. */
export function changed(run: IpRun): void {
  run.engine.markTopologyChanged();
}

/** `Command "x" is unknown, try "ip route help".` */
export function unknownCommand(run: IpRun, word: string, object: string): number {
  return fail(run, `Command "${word}" is unknown, try "ip ${object} help".`, 255);
}

/** Thrown when a keyword's value is missing; ip.ts turns it into iproute2's message (exit 255). */
export class IncompleteCommand extends Error {
  constructor() {
    super('Command line is not complete. Try option "help"');
  }
}

/** The value after a keyword at `i` (iproute2's NEXT_ARG): `args[i + 1]`, or IncompleteCommand. */
export function nextArg(args: string[], i: number): string {
  const v = args[i + 1];
  if (v === undefined) throw new IncompleteCommand();
  return v;
}
