/** `unalias [-a] NAME...`: removes aliases. */
import type { Command } from '../command';

export const unalias: Command = {
  name: 'unalias',
  summary: 'remove alias definitions',
  run(ctx) {
    const aliases = ctx.shell?.aliases ?? new Map<string, string>();
    const args = ctx.argv.slice(1);
    if (!args.length) {
      ctx.err('unalias: usage: unalias [-a] name [name ...]\n');
      return 2;
    }
    if (args[0] === '-a') {
      aliases.clear();
      return 0;
    }
    let status = 0;
    for (const a of args) {
      if (!aliases.delete(a)) {
        ctx.err(`bash: unalias: ${a}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};
