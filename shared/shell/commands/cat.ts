/** `cat [-n] [FILE]...`: concatenates files (or stdin) to stdout. */
import type { Command } from '../command';
import { parseOpts, readInputs } from '../tool-util';

export const cat: Command = {
  name: 'cat',
  summary: 'concatenate files and print on the standard output',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'nbAEsTuv', long: { number: 'n', 'number-nonblank': 'b', 'show-ends': 'E', 'squeeze-blank': 's' } });
    if (!o) return 1;
    const { inputs, failed } = readInputs(ctx, o.args);
    const number = o.opts.has('n') || o.opts.has('b');
    if (!number && !o.opts.has('E')) {
      for (const i of inputs) ctx.out(i.data);
      return failed ? 1 : 0;
    }
    let n = 0;
    const out: string[] = [];
    for (const i of inputs) {
      const parts = i.data.split('\n');
      parts.forEach((line, k) => {
        const last = k === parts.length - 1;
        if (last && line === '') return;
        const numbered = o.opts.has('b') ? line !== '' : number;
        out.push((numbered ? `${String(++n).padStart(6)}\t` : '') + line + (last ? '' : (o.opts.has('E') ? '$' : '') + '\n'));
      });
    }
    ctx.out(out.join(''));
    return failed ? 1 : 0;
  },
};
