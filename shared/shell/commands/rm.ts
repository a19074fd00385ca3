/** `rm [-rf] FILE...`: removes learner files (engine-rendered files are read-only). */
import type { Command } from '../command';
import { parseOpts } from '../tool-util';

export const rm: Command = {
  name: 'rm',
  summary: 'remove files or directories',
  run(ctx) {
    const o = parseOpts(ctx, { flags: 'rRfivd', long: { recursive: 'r', force: 'f', verbose: 'v', dir: 'd', 'no-preserve-root': 'P' } });
    if (!o) return 1;
    const force = o.opts.has('f');
    const recursive = o.opts.has('r') || o.opts.has('R');
    if (!o.args.length) {
      if (force) return 0;
      ctx.err("rm: missing operand\nTry 'rm --help' for more information.\n");
      return 1;
    }
    let status = 0;
    for (const a of o.args) {
      const p = ctx.fs.resolve(ctx.cwd, a);
      if (p === '/' && recursive && !o.opts.has('P')) {
        ctx.err("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n");
        status = 1;
        continue;
      }
      if (!ctx.fs.exists(p)) {
        if (!force) {
          ctx.err(`rm: cannot remove '${a}': No such file or directory\n`);
          status = 1;
        }
        continue;
      }
      const r = ctx.fs.remove(p, recursive);
      if (!r.ok) {
        ctx.err(`rm: cannot remove '${a}': ${r.error}\n`);
        status = 1;
      } else if (o.opts.has('v')) ctx.out(`removed '${a}'\n`);
    }
    return status;
  },
};
