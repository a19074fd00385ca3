/** `env`: prints the environment, or runs a command with `NAME=value` additions. */
import type { Command } from '../command';

export const env: Command = {
  name: 'env',
  summary: 'run a program in a modified environment',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const vars = { ...ctx.env };
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === '-i' || a === '--ignore-environment') {
        for (const k of Object.keys(vars)) delete vars[k];
      } else if (a === '-u' && i + 1 < args.length) delete vars[args[++i]];
      else if (a.startsWith('-') && a !== '-') {
        ctx.err(`env: invalid option -- '${a.slice(1, 2)}'\nTry 'env --help' for more information.\n`);
        return 125;
      } else if (/^[^=]+=/.test(a)) vars[a.slice(0, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
      else break;
    }
    const rest = args.slice(i);
    if (!rest.length) {
      ctx.out(Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(''));
      return 0;
    }
    if (!ctx.shell) return 127;
    const code = ctx.shell.exec(rest, ctx.stdin, ctx.out, ctx.err);
    return code;
  },
};
