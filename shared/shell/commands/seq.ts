/** `seq [-s SEP] [-w] [FIRST [INCR]] LAST`: a sequence of numbers, printed with the arguments' precision. */
import type { Command } from '../command';
import { parseOpts } from '../tool-util';

export const seq: Command = {
  name: 'seq',
  summary: 'print a sequence of numbers',
  run(ctx) {
    // Negative numbers are operands, not options, for seq.
    const argv = ctx.argv.slice(1);
    const optArgs: string[] = [];
    const nums: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (/^-?\d*\.?\d+(e[-+]?\d+)?$/i.test(a) || nums.length) nums.push(a);
      else {
        optArgs.push(a);
        if ((a === '-s' || a === '-f') && i + 1 < argv.length) optArgs.push(argv[++i]);
      }
    }
    const o = parseOpts({ ...ctx, argv: ['seq', ...optArgs] }, { flags: 'w', withValue: 'sf', long: { 'separator=': 's', 'equal-width': 'w', 'format=': 'f' } });
    if (!o) return 1;
    nums.push(...o.args);
    if (!nums.length) {
      ctx.err("seq: missing operand\nTry 'seq --help' for more information.\n");
      return 1;
    }
    if (nums.length > 3) {
      ctx.err(`seq: extra operand ‘${nums[3]}’\nTry 'seq --help' for more information.\n`);
      return 1;
    }
    for (const n of nums)
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(n)) {
        ctx.err(`seq: invalid floating point argument: ‘${n}’\nTry 'seq --help' for more information.\n`);
        return 1;
      }
    const [first, incr, last] = nums.length === 1 ? ['1', '1', nums[0]] : nums.length === 2 ? [nums[0], '1', nums[1]] : (nums as [string, string, string]);
    if (Number(incr) === 0) {
      ctx.err(`seq: invalid Zero increment value: ‘${incr}’\nTry 'seq --help' for more information.\n`);
      return 1;
    }
    const prec = Math.max(...[first, incr].map((s) => (s.includes('.') ? s.split('.')[1].replace(/e.*/i, '').length : 0)));
    const sep = o.opts.get('s')?.at(-1) ?? '\n';
    const a = Number(first);
    const d = Number(incr);
    const b = Number(last);
    const items: string[] = [];
    for (let k = 0; ; k++) {
      const v = a + k * d;
      if ((d > 0 && v > b + 1e-10) || (d < 0 && v < b - 1e-10) || k > 10_000_000) break;
      items.push(v.toFixed(prec));
    }
    if (o.opts.has('w')) {
      const w = Math.max(...items.map((s) => s.replace('-', '').length));
      for (let i = 0; i < items.length; i++) items[i] = items[i].startsWith('-') ? '-' + items[i].slice(1).padStart(w, '0') : items[i].padStart(w, '0');
    }
    if (items.length) ctx.out(items.join(sep) + '\n');
    return 0;
  },
};
