/** `alias [NAME[=VALUE]]...`: defines or prints aliases (`alias k=kubectl`), in bash's format. */
import type { Command } from '../command';

/** A value single-quoted the way `alias` prints it. */
export function aliasQuote(v: string): string {
  return "'" + v.replace(/'/g, "'\\''") + "'";
}

export const alias: Command = {
  name: 'alias',
  summary: 'define or display aliases',
  run(ctx) {
    const aliases = ctx.shell?.aliases ?? new Map<string, string>();
    let args = ctx.argv.slice(1);
    if (args[0] === '-p') args = args.slice(1);
    if (args[0]?.startsWith('-') && args[0] !== '--') {
      ctx.err(`bash: alias: ${args[0].slice(0, 2)}: invalid option\nalias: usage: alias [-p] [name[=value] ... ]\n`);
      return 2;
    }
    if (args[0] === '--') args = args.slice(1);
    if (!args.length) {
      ctx.out([...aliases.keys()].sort().map((k) => `alias ${k}=${aliasQuote(aliases.get(k)!)}\n`).join(''));
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        const name = a.slice(0, eq);
        if (/[\s/$`'"=|&;<>()]/.test(name)) {
          ctx.err(`bash: alias: \`${name}': invalid alias name\n`);
          status = 1;
        } else aliases.set(name, a.slice(eq + 1));
      } else if (aliases.has(a)) ctx.out(`alias ${a}=${aliasQuote(aliases.get(a)!)}\n`);
      else {
        ctx.err(`bash: alias: ${a}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};
