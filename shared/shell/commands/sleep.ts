/** `sleep`: advances the lab's virtual clock (no real waiting: the simulation owns time). */
import type { Command } from '../command';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

export const sleep: Command = {
  name: 'sleep',
  summary: 'delay for a specified amount of time (virtual clock)',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (!args.length) {
      ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
      return 1;
    }
    let ms = 0;
    for (const a of args) {
      const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
      if (!m) {
        ctx.err(`sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.\n`);
        return 1;
      }
      ms += Number(m[1]) * UNIT[m[2]] * 1000;
    }
    ctx.engine.env.clock.advance(Math.round(ms));
    return 0;
  },
};
