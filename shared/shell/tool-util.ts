/**
 * Helpers the text tools share: GNU-style option parsing (clustered short flags, attached
 * or separate values, long options, `--`) with getopt's own error words, and reading the
 * named files or stdin the way coreutils do.
 */
import type { CommandContext } from './command';

export interface OptSpec {
  /** Short flags without a value, e.g. 'ivnc'. */
  flags?: string;
  /** Short options that take a value, e.g. 'ABCef'. */
  withValue?: string;
  /** Long option → the short letter (or a name of its own) it stands for; '=' suffix takes a value. */
  long?: Record<string, string>;
  /** Accept `-NUM` (head -5, tail -20). */
  numeric?: boolean;
}

export interface ParsedOpts {
  /** Option letter/name → value ('' for flags); repeated options keep every value. */
  opts: Map<string, string[]>;
  args: string[];
}

/** Parses argv[1..]; on a bad option prints getopt's message plus the `Try` line and returns undefined. */
export function parseOpts(ctx: CommandContext, spec: OptSpec, opts: { tryHelp?: boolean } = {}): ParsedOpts | undefined {
  const name = ctx.argv[0];
  const res: ParsedOpts = { opts: new Map(), args: [] };
  const set = (k: string, v: string) => res.opts.set(k, [...(res.opts.get(k) ?? []), v]);
  const fail = (msg: string) => {
    ctx.err(`${name}: ${msg}\n`);
    if (opts.tryHelp !== false) ctx.err(`Try '${name} --help' for more information.\n`);
    return undefined;
  };
  const argv = ctx.argv.slice(1);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      res.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && spec.long) {
      const [lname, val] = a.includes('=') ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a.slice(2), undefined];
      const matches = Object.keys(spec.long).filter((k) => k.replace(/=$/, '') === lname || k.startsWith(lname));
      const exact = matches.find((k) => k.replace(/=$/, '') === lname);
      const key = exact ?? (matches.length === 1 ? matches[0] : undefined);
      if (!key) return fail(matches.length > 1 ? `option '${a}' is ambiguous` : `unrecognized option '${a}'`);
      const target = spec.long[key];
      if (key.endsWith('=')) {
        const v = val ?? argv[++i];
        if (v === undefined) return fail(`option '--${key.slice(0, -1)}' requires an argument`);
        set(target, v);
      } else {
        if (val !== undefined) return fail(`option '--${key}' doesn't allow an argument`);
        set(target, '');
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
      if (spec.numeric && /^-\d+$/.test(a)) {
        set('n', a.slice(1));
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (spec.withValue?.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) return fail(`option requires an argument -- '${c}'`);
          set(c, v);
          break;
        }
        if (spec.flags?.includes(c)) set(c, '');
        else return fail(`invalid option -- '${c}'`);
      }
      continue;
    }
    if (a.startsWith('--') && !spec.long) return fail(`unrecognized option '${a}'`);
    res.args.push(a);
  }
  return res;
}

/** The contents of each named file (or stdin for none or `-`); reports unreadable ones GNU-style. */
export function readInputs(
  ctx: CommandContext,
  files: string[],
  message: (file: string, error: string) => string = (f, e) => `${ctx.argv[0]}: ${f}: ${e}`,
): { inputs: { name: string; data: string }[]; failed: boolean } {
  const inputs: { name: string; data: string }[] = [];
  let failed = false;
  for (const f of files.length ? files : ['-']) {
    if (f === '-') {
      inputs.push({ name: '(standard input)', data: ctx.stdin });
      continue;
    }
    const r = ctx.fs.read(ctx.fs.resolve(ctx.cwd, f));
    if (r.ok) inputs.push({ name: f, data: r.data });
    else {
      ctx.err(message(f, r.error) + '\n');
      failed = true;
    }
  }
  return { inputs, failed };
}

/** Lines of a text without their newlines; a final newline does not make an extra empty line. */
export function toLines(data: string): string[] {
  if (!data) return [];
  const lines = data.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A positive count like head/tail take; undefined when it is not one. */
export function parseCount(v: string): number | undefined {
  return /^\+?\d+$/.test(v) ? Number(v) : undefined;
}
