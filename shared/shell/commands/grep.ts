/**
 * `grep`: the options learners pipe kubectl and iptables output through — -E -F -i -v -n
 * -c -o -l -q -s -h -H -w -x -e, context -A -B -C with `--` separators. Exit 0 on a
 * match, 1 on none, 2 on an error, as GNU grep.
 */
import type { Command } from '../command';
import { compilePosix, RegexError } from '../regex';
import { parseOpts, toLines } from '../tool-util';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

export const grep: Command = {
  name: 'grep',
  summary: 'print lines that match patterns',
  run(ctx) {
    const o = parseOpts(
      ctx,
      {
        flags: 'EFGivnclLqsHhwxoPrR',
        withValue: 'eABCm',
        long: {
          'extended-regexp': 'E', 'fixed-strings': 'F', 'basic-regexp': 'G', 'ignore-case': 'i', 'invert-match': 'v', 'line-number': 'n',
          count: 'c', 'files-with-matches': 'l', 'files-without-match': 'L', quiet: 'q', silent: 'q', 'no-messages': 's', 'with-filename': 'H',
          'no-filename': 'h', 'word-regexp': 'w', 'line-regexp': 'x', 'only-matching': 'o', 'regexp=': 'e', 'after-context=': 'A',
          'before-context=': 'B', 'context=': 'C', 'max-count=': 'm', 'color=': 'color', color: 'color', colour: 'color', 'colour=': 'color',
        },
      },
      { tryHelp: false },
    );
    if (!o) {
      ctx.err(USAGE);
      return 2;
    }
    const f = (k: string) => o.opts.has(k);
    const args = [...o.args];
    const patterns = o.opts.get('e') ?? (args.length ? [args.shift()!] : undefined);
    if (!patterns) {
      ctx.err(USAGE);
      return 2;
    }
    for (const k of ['A', 'B', 'C', 'm']) {
      const v = o.opts.get(k)?.at(-1);
      if (v !== undefined && !/^\d+$/.test(v)) {
        ctx.err(k === 'm' ? `grep: invalid max count\n` : `grep: ${v}: invalid context length argument\n`);
        return 2;
      }
    }
    const num = (k: string) => (o.opts.has(k) ? Number(o.opts.get(k)!.at(-1)) : undefined);
    const after = num('A') ?? num('C') ?? 0;
    const before = num('B') ?? num('C') ?? 0;
    const maxCount = num('m');
    let re: RegExp;
    try {
      const parts = patterns.flatMap((p) => p.split('\n'));
      const sources = parts.map((p) => compilePosix(p, { extended: f('E') || f('P'), fixed: f('F'), ignoreCase: f('i') }).source);
      const body = sources.length === 1 ? sources[0] : sources.map((s) => `(?:${s})`).join('|');
      re = new RegExp(f('w') ? `(?<![A-Za-z0-9_])(?:${body})(?![A-Za-z0-9_])` : f('x') ? `^(?:${body})$` : body, f('i') ? 'gi' : 'g');
    } catch (e) {
      ctx.err(`grep: ${e instanceof RegexError ? e.message : 'Invalid regular expression'}\n`);
      return 2;
    }
    const recursive = f('r') || f('R');
    let files = args.length ? args : [recursive ? '.' : '-'];
    if (recursive) {
      // -r: directories are searched through, files in name order; `.` shows bare names.
      const walk = (shown: string, path: string): string[] =>
        ctx.fs.isDir(path) ? (ctx.fs.list(path) ?? []).flatMap((n) => walk(shown === '.' && !args.length ? n : `${shown.replace(/\/$/, '')}/${n}`, ctx.fs.resolve(path, n))) : [shown];
      files = files.flatMap((a) => (a === '-' ? [a] : walk(a, ctx.fs.resolve(ctx.cwd, a))));
    }
    const withName = f('H') || ((files.length > 1 || recursive) && !f('h'));
    let matched = false;
    let error = false;
    const out: string[] = [];
    for (const file of files) {
      let data: string;
      const name = file === '-' ? '(standard input)' : file;
      if (file === '-') data = ctx.stdin;
      else {
        const r = ctx.fs.read(ctx.fs.resolve(ctx.cwd, file));
        if (!r.ok) {
          if (!f('s')) ctx.err(`grep: ${file}: ${r.error}\n`);
          error = true;
          continue;
        }
        data = r.data;
      }
      const lines = toLines(data);
      const prefix = (n: number, sep: string) => (withName ? name + sep : '') + (f('n') ? `${n + 1}${sep}` : '');
      let count = 0;
      let lastPrinted = -1;
      let afterLeft = 0;
      for (let i = 0; i < lines.length; i++) {
        if (maxCount !== undefined && count >= maxCount) {
          // GNU grep still prints trailing context after the last counted match.
          if (afterLeft > 0 && !f('c') && !f('l') && !f('q')) {
            out.push(prefix(i, '-') + lines[i] + '\n');
            lastPrinted = i;
            afterLeft--;
            continue;
          }
          break;
        }
        re.lastIndex = 0;
        const hit = re.test(lines[i]) !== f('v');
        if (!hit) {
          if (afterLeft > 0 && !f('c') && !f('l') && !f('q') && !f('o')) {
            out.push(prefix(i, '-') + lines[i] + '\n');
            lastPrinted = i;
            afterLeft--;
          }
          continue;
        }
        count++;
        matched = true;
        if (f('q')) return 0;
        if (f('c') || f('l') || f('L')) continue;
        if ((before || after) && lastPrinted >= 0 && i - before > lastPrinted + 1) out.push('--\n');
        else if ((before || after) && lastPrinted < 0 && out.length && i - before > 0) out.push('--\n');
        for (let b = Math.max(lastPrinted + 1, i - before); b < i; b++) out.push(prefix(b, '-') + lines[b] + '\n');
        if (f('o')) {
          if (!f('v')) {
            re.lastIndex = 0;
            for (const m of lines[i].matchAll(re)) if (m[0]) out.push(prefix(i, ':') + m[0] + '\n');
          }
        } else out.push(prefix(i, ':') + lines[i] + '\n');
        lastPrinted = i;
        afterLeft = after;
      }
      if (f('c')) out.push((withName ? name + ':' : '') + count + '\n');
      if (f('l') && count) out.push(name + '\n');
      if (f('L') && !count) out.push(name + '\n');
    }
    ctx.out(out.join(''));
    if (error && !(f('q') && matched)) return 2;
    return matched ? 0 : 1;
  },
};
