/**
 * `watch [-n SECONDS] [-t] COMMAND...` (procps-ng 4.0): runs the command through `sh -c`
 * every interval on the terminal's alternate screen — the title line `Every 2.0s: CMD`
 * with `HOST: DATE` at the right edge, a blank line, then the output cut to the screen —
 * until Ctrl-C restores the screen. A job paced by the terminal (job.ts). It needs a
 * terminal: on a pipe or in a script it refuses (real watch would draw curses escapes
 * into the file for ever); `kubectl get -w` is the way to follow changes there.
 */
import type { Command, CommandContext } from '../command';
import { drain, Interrupt, SCRIPT_BUDGET_MS, type Job } from '../job';
import { strftime } from './date';

const USAGE = `
Usage:
 watch [options] command

Options:
  -b, --beep             beep if command has a non-zero exit
  -c, --color            interpret ANSI color and style sequences
  -C, --no-color         do not interpret ANSI color and style sequences
  -d, --differences[=<permanent>]
                         highlight changes between updates
  -e, --errexit          exit if command has a non-zero exit
  -g, --chgexit          exit when output from command changes
  -q, --equexit <cycles>
                         exit when output from command does not change
  -n, --interval <secs>  seconds to wait between updates
  -p, --precise          attempt run command in precise intervals
  -r, --no-rerun         do not rerun program on window resize
  -t, --no-title         turn off header
  -w, --no-wrap          turn off line wrapping
  -x, --exec             pass command to exec instead of "sh -c"

 -h, --help     display this help and exit
 -v, --version  output version information and exit

For more details see watch(1).
`;

/**
 * The title line as procps-ng 4.0.2 lays it out: `Every N.Ns: ` and the command from the
 * left, `HOST: DATE` ending at the right edge; a command that does not fit is cut and
 * followed by `... `; too narrow a screen drops the left part (checked at 80 and 50 columns).
 */
export function watchTitle(intervalS: number, cmd: string, host: string, ms: number, cols: number): string {
  const right = `${host}: ${strftime('%a %b %e %H:%M:%S %Y', ms)}`;
  const head = `Every ${intervalS.toFixed(1)}s: `;
  const line = Array.from({ length: Math.max(cols, 0) }, () => ' ');
  const put = (at: number, text: string) => [...text].forEach((c, i) => at + i >= 0 && at + i < cols && (line[at + i] = c));
  const [W, R, H] = [cols, right.length, head.length];
  if (W < R) return '';
  if (W >= R + H + 1) {
    put(0, head);
    if (W >= R + H + 2) {
      if (H + cmd.length <= W - R - 1) put(H, cmd);
      else {
        put(H, cmd.slice(0, Math.max(0, W - R - H - 5)));
        put(W - R - 5, '... ');
      }
    }
  }
  put(W - R, right);
  return line.join('');
}

function* watchJob(ctx: CommandContext): Job {
  const args = ctx.argv.slice(1);
  let interval = 2;
  let title = true;
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const a = args[i]!;
    if (a === '-n' || a === '--interval') {
      const v = args[++i];
      if (v === undefined || !(Number(v) >= 0)) {
        ctx.err(`watch: failed to parse argument: '${v ?? ''}'\n`);
        return 1;
      }
      interval = Math.max(0.1, Number(v));
    } else if (/^-n\d/.test(a)) interval = Math.max(0.1, Number(a.slice(2)));
    else if (a === '-t' || a === '--no-title') title = false;
    else if (a === '-x' || a === '--exec' || a === '-p' || a === '--precise' || a === '-w' || a === '--no-wrap') continue;
    else if (a === '-v' || a === '--version') return ctx.out('watch from procps-ng 4.0.2\n'), 0;
    else if (a === '-h' || a === '--help') return ctx.out(USAGE), 0;
    else return ctx.err(`watch: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'\n${USAGE}`), 1;
  }
  const cmd = args.slice(i).join(' ');
  if (!cmd) return ctx.err(USAGE), 1;
  if (!ctx.terminal.interactive || !ctx.shell) {
    ctx.err('watch: netlab runs watch only on a terminal (use kubectl get -w in a script)\n');
    return 1;
  }
  const { columns: cols, rows } = ctx.terminal;
  const host = ctx.shell.getVar('HOSTNAME') ?? ctx.netns.hostname;
  ctx.out('\x1b[?1049h');
  try {
    for (;;) {
      const chunks: string[] = [];
      ctx.shell.exec(['sh', '-c', cmd], '', (t) => chunks.push(t), (t) => chunks.push(t));
      const lines = chunks.join('').replace(/\n$/, '').split('\n');
      const body = lines.slice(0, Math.max(0, rows - (title ? 2 : 0))).map((l) => l.slice(0, cols));
      const head = title ? `${watchTitle(interval, cmd, host, ctx.engine.env.clock.now(), cols)}\n\n` : '';
      ctx.out(`\x1b[H\x1b[2J${head}${body.join('\n')}`);
      yield { kind: 'sleep', ms: Math.round(interval * 1000), unbounded: true };
    }
  } catch (e) {
    if (!(e instanceof Interrupt)) throw e;
    // SIGINT: curses gives the screen back, then watch dies of the signal.
    ctx.out('\x1b[?1049l');
    throw e;
  }
}

export const watch: Command = {
  name: 'watch',
  summary: 'execute a program periodically, showing output fullscreen',
  run: (ctx) => drain(watchJob(ctx), ctx.engine.env.clock, SCRIPT_BUDGET_MS),
  job: watchJob,
};
