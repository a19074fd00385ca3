/** `tee [-a] FILE...`: copies stdin to stdout and to each file. */
import type { Command } from '../command';
import { parseOpts } from '../tool-util';

export const tee: Command = {
  name: 'tee',
  summary: 'read from standard input and write to standard output and files',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'ai', long: { append: 'a', 'ignore-interrupts': 'i' } });
    if (!o) return 1;
    let status = 0;
    for (const a of o.args) {
      const r = ctx.fs.write(ctx.fs.resolve(ctx.cwd, a), ctx.stdin, o.opts.has('a'));
      if (!r.ok) {
        ctx.err(`tee: ${a}: ${r.error}\n`);
        status = 1;
      }
    }
    ctx.out(ctx.stdin);
    return status;
  },
};
