/** `mkdir [-p] DIR...`: creates directories in the host's filesystem. */
import type { Command } from '../command';
import { parseOpts } from '../tool-util';

export const mkdir: Command = {
  name: 'mkdir',
  summary: 'make directories',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'pv', withValue: 'm', long: { parents: 'p', verbose: 'v', 'mode=': 'm' } });
    if (!o) return 1;
    if (!o.args.length) {
      ctx.err("mkdir: missing operand\nTry 'mkdir --help' for more information.\n");
      return 1;
    }
    let status = 0;
    for (const a of o.args) {
      const r = ctx.fs.mkdir(ctx.fs.resolve(ctx.cwd, a), o.opts.has('p'));
      if (!r.ok) {
        ctx.err(`mkdir: cannot create directory ‘${a}’: ${r.error}\n`);
        status = 1;
      } else if (o.opts.has('v')) ctx.out(`mkdir: created directory '${a}'\n`);
    }
    return status;
  },
};
