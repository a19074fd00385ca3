/** `unset NAME...`: removes shell variables. */
import type { Command } from '../command';

export const unset: Command = {
  name: 'unset',
  summary: 'unset values and attributes of shell variables',
  run(ctx) {
    let status = 0;
    for (const a of ctx.argv.slice(1)) {
      if (a === '-v' || a === '-f' || a === '--') continue;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) {
        ctx.err(`bash: unset: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      ctx.shell?.unsetVar(a);
    }
    return status;
  },
};
