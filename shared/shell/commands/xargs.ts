/** `xargs [-n N] [-I STR] [-r] [COMMAND [ARG]...]`: runs a command with arguments read from stdin. */
import type { Command } from '../command';

/** Splits xargs input into items: blanks and newlines separate, quotes and backslashes group. */
function items(input: string): string[] | string {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === "'" || c === '"') {
      const j = input.indexOf(c, i + 1);
      const nl = input.indexOf('\n', i + 1);
      if (j < 0 || (nl >= 0 && nl < j)) return `unmatched ${c === "'" ? 'single' : 'double'} quote; by default quotes are special to xargs unless you use the -0 option`;
      cur += input.slice(i + 1, j);
      has = true;
      i = j;
    } else if (c === '\\' && i + 1 < input.length) {
      cur += input[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

export const xargs: Command = {
  name: 'xargs',
  summary: 'build and execute command lines from standard input',
  run(ctx) {
    const argv = ctx.argv.slice(1);
    let maxArgs = Infinity;
    let replace: string | undefined;
    let noEmpty = false;
    let i = 0;
    for (; i < argv.length && argv[i].startsWith('-'); i++) {
      const a = argv[i];
      if (a === '--') {
        i++;
        break;
      } else if (a === '-r' || a === '--no-run-if-empty') noEmpty = true;
      else if (a.startsWith('-n')) maxArgs = Number(a.length > 2 ? a.slice(2) : argv[++i]);
      else if (a.startsWith('-I')) replace = a.length > 2 ? a.slice(2) : argv[++i];
      else if (a === '-t' || a === '-x') continue;
      else {
        ctx.err(`xargs: invalid option -- '${a.slice(1, 2)}'\nUsage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nTry 'xargs --help' for more information.\n`);
        return 1;
      }
      if (Number.isNaN(maxArgs) || maxArgs < 1) {
        ctx.err(`xargs: value for -n option should be >= 1\n`);
        return 1;
      }
    }
    const base = argv.length > i ? argv.slice(i) : ['echo'];
    if (!ctx.shell) return 127;
    const runs: string[][] = [];
    if (replace !== undefined) {
      for (const line of ctx.stdin.split('\n')) {
        const item = line.trim();
        if (item) runs.push(base.map((a) => a.split(replace!).join(item)));
      }
    } else {
      const list = items(ctx.stdin);
      if (typeof list === 'string') {
        ctx.err(`xargs: ${list}\n`);
        return 1;
      }
      if (!list.length) {
        if (!noEmpty) runs.push(base);
      } else for (let k = 0; k < list.length; k += maxArgs === Infinity ? list.length : maxArgs) runs.push([...base, ...list.slice(k, k + (maxArgs === Infinity ? list.length : maxArgs))]);
    }
    let status = 0;
    for (const r of runs) {
      const code = ctx.shell.exec(r, '', ctx.out, ctx.err);
      if (code === 127) return 127;
      if (code === 255) {
        ctx.err(`xargs: ${r[0]}: exited with status 255; aborting\n`);
        return 124;
      }
      if (code !== 0) status = 123;
    }
    return status;
  },
};
