/** `touch FILE...`: creates empty files, or updates their time. */
import type { Command } from '../command';
import { parseOpts } from '../tool-util';

export const touch: Command = {
  name: 'touch',
  summary: 'change file timestamps, creating files that do not exist',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'acm', long: { 'no-create': 'c' } });
    if (!o) return 1;
    if (!o.args.length) {
      ctx.err("touch: missing file operand\nTry 'touch --help' for more information.\n");
      return 1;
    }
    let status = 0;
    for (const a of o.args) {
      const p = ctx.fs.resolve(ctx.cwd, a);
      if (ctx.fs.isDir(p)) continue;
      if (!ctx.fs.exists(p) && o.opts.has('c')) continue;
      const cur = ctx.fs.read(p);
      const r = ctx.fs.write(p, cur.ok ? cur.data : '');
      if (!r.ok) {
        ctx.err(`touch: cannot touch '${a}': ${r.error}\n`);
        status = 1;
      }
    }
    return status;
  },
};
