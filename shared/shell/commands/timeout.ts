/**
 * `timeout DURATION COMMAND [ARG]...` (GNU coreutils 9.1): runs the command as a job and,
 * once it has waited DURATION of (virtual) time, kills it as SIGTERM does — no handler
 * runs, so `timeout 3 ping x` ends without ping's statistics — with status 124.
 * `timeout 5 kubectl get pods -w` and `timeout 2 nc ...` bound a wait the same way.
 */
import type { Command, CommandContext } from '../command';
import { drain, SCRIPT_BUDGET_MS, type Job } from '../job';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
const TRY = "Try 'timeout --help' for more information.\n";

function* timeoutJob(ctx: CommandContext): Job {
  const args = ctx.argv.slice(1);
  let i = 0;
  // Options GNU timeout takes before the duration; they change nothing the lab models.
  while (args[i] !== undefined && /^-/.test(args[i]!)) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a === '-s' || a === '-k' || a === '--signal' || a === '--kill-after') i += 2;
    else if (/^(--preserve-status|--foreground|-v|--verbose|-s\w+|-k\S+|--signal=.*|--kill-after=.*)$/.test(a)) i++;
    else return ctx.err(`timeout: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'\n${TRY}`), 125;
  }
  const dur = args[i];
  const argv = args.slice(i + 1);
  if (dur === undefined || !argv.length) return ctx.err(dur === undefined ? TRY : `timeout: missing operand\n${TRY}`), 125;
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(dur);
  if (!m) return ctx.err(`timeout: invalid time interval ‘${dur}’\n${TRY}`), 125;
  const limit = Math.round(Number(m[1]) * UNIT[m[2]!]! * 1000);
  if (!ctx.shell?.execJob) return ctx.err(`timeout: failed to run command ‘${argv[0]}’: No such file or directory\n`), 127;
  const errs: string[] = [];
  const job = ctx.shell.execJob(argv, ctx.stdin, ctx.out, (t) => {
    // The shell's "command not found" is timeout's own failure to exec.
    if (/^bash: .*: (command not found|No such file or directory)\n$/.test(t)) errs.push(t);
    else ctx.err(t);
  });
  let spent = 0;
  let r = job.next();
  while (!r.done) {
    const w = r.value;
    if (w.kind !== 'tick' && limit > 0 && spent + w.ms >= limit) {
      yield { kind: 'sleep', ms: limit - spent };
      // SIGTERM: the command ends where it waits; only its finally blocks run.
      job.return(0);
      return 124;
    }
    if (w.kind !== 'tick') spent += w.ms;
    try {
      yield w;
    } catch (e) {
      r = job.throw(e);
      continue;
    }
    r = job.next();
  }
  if (r.value === 127 && errs.length) {
    ctx.err(`timeout: failed to run command ‘${argv[0]}’: No such file or directory\n`);
    return 127;
  }
  return r.value;
}

export const timeout: Command = {
  name: 'timeout',
  summary: 'run a command with a time limit',
  run: (ctx) => drain(timeoutJob(ctx), ctx.engine.env.clock, SCRIPT_BUDGET_MS),
  job: timeoutJob,
};
