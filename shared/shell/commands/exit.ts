/** `exit [N]`: ends this shell (a pushed pod shell returns to the previous host). */
import type { Command } from '../command';

export const exit: Command = {
  name: 'exit',
  summary: 'exit the shell',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const last = Number(ctx.shell?.getVar('?') ?? '0');
    // An interactive bash says "exit" on stderr as it leaves.
    if (ctx.terminal.interactive) ctx.err('exit\n');
    if (args.length > 1) {
      ctx.err('bash: exit: too many arguments\n');
      return 1;
    }
    let code = last;
    if (args.length) {
      if (!/^[-+]?\d+$/.test(args[0])) {
        ctx.err(`bash: exit: ${args[0]}: numeric argument required\n`);
        code = 2;
      } else code = Number(args[0]) & 255;
    }
    ctx.shell?.exit(code);
    return code;
  },
};
