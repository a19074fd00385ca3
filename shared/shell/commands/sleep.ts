/**
 * `sleep NUMBER[smhd]...`: waits on the lab's virtual clock. In a terminal the wait is real
 * time too (the terminal paces the job) and Ctrl-C ends it; in a script it passes at once.
 * `infinity` sleeps for ever, as GNU sleep does: `sleep infinity` keeps a container alive.
 */
import type { Command, CommandContext } from '../command';
import { drain, type Job } from '../job';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Waits are handed out at most this long, so a terminal's timer never overflows. */
const CHUNK_MS = 3_600_000;

function* sleepJob(ctx: CommandContext): Job {
  const args = ctx.argv.slice(1);
  if (!args.length) {
    ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n");
    return 1;
  }
  let ms = 0;
  for (const a of args) {
    const m = /^(\d+(?:\.\d*)?|\.\d+|inf|infinity)([smhd]?)$/i.exec(a);
    if (!m) {
      ctx.err(`sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.\n`);
      return 1;
    }
    ms += /^inf/i.test(m[1]) ? Infinity : Number(m[1]) * UNIT[m[2]] * 1000;
  }
  for (let left = Math.round(ms); left > 0; left -= CHUNK_MS) yield { kind: 'sleep', ms: Math.min(left, CHUNK_MS), ...(ms === Infinity ? { unbounded: true } : {}) };
  return 0;
}

export const sleep: Command = {
  name: 'sleep',
  summary: 'delay for a specified amount of time (virtual clock)',
  run: (ctx) => drain(sleepJob(ctx), ctx.engine.env.clock),
  job: sleepJob,
};
