/** `clear`: the escape sequence xterm's terminfo entry uses to clear the screen and scrollback. */
import type { Command } from '../command';

export const clear: Command = {
  name: 'clear',
  summary: 'clear the terminal screen',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length && args[0] !== '-x') {
      ctx.err(`clear: invalid option -- '${args[0].replace(/^-/, '').slice(0, 1)}'\nUsage: clear [options]\n`);
      return 1;
    }
    ctx.out(args[0] === '-x' ? '\x1b[H\x1b[2J' : '\x1b[H\x1b[2J\x1b[3J');
    return 0;
  },
};
