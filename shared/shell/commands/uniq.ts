/** `uniq [-cdui] [INPUT [OUTPUT]]`: collapses adjacent repeated lines. */
import type { Command } from '../command';
import { parseOpts, readInputs, toLines } from '../tool-util';

export const uniq: Command = {
  name: 'uniq',
  summary: 'report or omit repeated lines',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'cdui', long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i' } });
    if (!o) return 1;
    if (o.args.length > 2) {
      ctx.err(`uniq: extra operand ‘${o.args[2]}’\nTry 'uniq --help' for more information.\n`);
      return 1;
    }
    const { inputs, failed } = readInputs(ctx, o.args.slice(0, 1));
    if (failed) return 1;
    const lines = toLines(inputs[0]?.data ?? '');
    const same = (a: string, b: string) => (o.opts.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
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
