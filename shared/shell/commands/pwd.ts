/** `pwd`: the shell's current directory. */
import type { Command } from '../command';

export const pwd: Command = {
  name: 'pwd',
  summary: 'print name of current/working directory',
  run(ctx) {
    const bad = ctx.argv.slice(1).find((a) => a.startsWith('-') && !/^-[LP]+$/.test(a));
    if (bad) {
      ctx.err(`bash: pwd: ${bad.slice(0, 2)}: invalid option\npwd: usage: pwd [-LP]\n`);
      return 2;
    }
    ctx.out(ctx.cwd + '\n');
    return 0;
  },
};
