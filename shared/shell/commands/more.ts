/** `more`: a plain pager here — the lab's terminal scrolls, so it prints everything. */
import type { Command } from '../command';
import { readInputs } from '../tool-util';

export const more: Command = {
  name: 'more',
  summary: 'view text (prints it all; scroll the terminal)',
  run(ctx) {
    const files = ctx.argv.slice(1).filter((a) => !a.startsWith('-') || a === '-');
    if (!files.length && !ctx.stdin && ctx.terminal.interactive) {
      ctx.err("Usage: more [options] <file>...\n\nTry 'more --help' for more information.\n");
      return 1;
    }
    const { inputs, failed } = readInputs(ctx, files);
    for (const i of inputs) ctx.out(i.data);
    return failed ? 1 : 0;
  },
};
