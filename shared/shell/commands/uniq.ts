/** `uniq [-cdui] [-f N] [-s N] [INPUT [OUTPUT]]`: collapses adjacent repeated lines. */
import type { Command } from '../command';
import { parseOpts, readInputs, toLines } from '../tool-util';

export const uniq: Command = {
  name: 'uniq',
  summary: 'report or omit repeated lines',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'cdui', withValue: 'fs', long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i', 'skip-fields=': 'f', 'skip-chars=': 's' } });
    if (!o) return 1;
    const skip: Record<string, number> = {};
    for (const k of ['f', 's']) {
      const v = o.opts.get(k)?.at(-1) ?? '0';
      if (!/^\d+$/.test(v)) {
        ctx.err(`uniq: ${v}: invalid number of ${k === 'f' ? 'fields' : 'bytes'} to skip\n`);
        return 1;
      }
      skip[k] = Number(v);
    }
    // The compared part: after -f blank-separated fields, then -s characters.
    const key = (l: string) => {
      let rest = l;
      for (let n = 0; n < skip.f; n++) rest = rest.replace(/^[ \t]*[^ \t]*/, '');
      rest = rest.slice(skip.s);
      return o.opts.has('i') ? rest.toLowerCase() : rest;
    };
    if (o.args.length > 2) {
      ctx.err(`uniq: extra operand ‘${o.args[2]}’\nTry 'uniq --help' for more information.\n`);
      return 1;
    }
    const { inputs, failed } = readInputs(ctx, o.args.slice(0, 1));
    if (failed) return 1;
    const lines = toLines(inputs[0]?.data ?? '');
    const same = (a: string, b: string) => key(a) === key(b);
    const out: string[] = [];
    for (let i = 0; i < lines.length; ) {
      let j = i + 1;
      while (j < lines.length && same(lines[i], lines[j])) j++;
      const n = j - i;
      if ((!o.opts.has('d') || n > 1) && (!o.opts.has('u') || n === 1)) out.push((o.opts.has('c') ? `${String(n).padStart(7)} ` : '') + lines[i] + '\n');
      i = j;
    }
    const text = out.join('');
    if (o.args[1] !== undefined) {
      const r = ctx.fs.write(ctx.fs.resolve(ctx.cwd, o.args[1]), text);
      if (!r.ok) {
        ctx.err(`uniq: ${o.args[1]}: ${r.error}\n`);
        return 1;
      }
      return 0;
    }
    ctx.out(text);
    return 0;
  },
};
