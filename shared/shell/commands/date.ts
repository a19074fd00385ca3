/** `date [-u] [-R|-I] [+FORMAT]`: the lab's virtual clock (hosts run in UTC), in GNU date's formats. */
import type { Command } from '../command';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime for the conversions people use; unknown ones are printed as typed, like GNU date. */
export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const conv: Record<string, () => string> = {
    a: () => DAYS[d.getUTCDay()],
    b: () => MONTHS[d.getUTCMonth()],
    h: () => MONTHS[d.getUTCMonth()],
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2),
    H: () => p2(d.getUTCHours()),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    m: () => p2(d.getUTCMonth() + 1),
    Y: () => String(d.getUTCFullYear()),
    y: () => p2(d.getUTCFullYear() % 100),
    j: () => String(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1).padStart(3, '0'),
    s: () => String(Math.floor(ms / 1000)),
    N: () => String((ms % 1000) * 1_000_000).padStart(9, '0'),
    Z: () => 'UTC',
    z: () => '+0000',
    F: () => `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    T: () => `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return fmt.replace(/%(.)/g, (m, c: string) => (conv[c] ? conv[c]() : m));
}

export const date: Command = {
  name: 'date',
  summary: 'print the system date and time',
  run(ctx) {
    const now = ctx.engine.env.clock.now();
    let fmt = '%a %b %e %H:%M:%S %Z %Y';
    for (const a of ctx.argv.slice(1)) {
      if (a === '-u' || a === '--utc' || a === '--universal') continue;
      else if (a === '-R' || a === '--rfc-email') fmt = '%a, %d %b %Y %H:%M:%S %z';
      else if (a === '-I' || a === '--iso-8601') fmt = '%F';
      else if (a.startsWith('+')) fmt = a.slice(1);
      else if (a.startsWith('-')) {
        ctx.err(`date: invalid option -- '${a.slice(1, 2)}'\nTry 'date --help' for more information.\n`);
        return 1;
      } else {
        ctx.err(`date: cannot set date: Operation not permitted\n`);
        return 1;
      }
    }
    ctx.out(strftime(fmt, now) + '\n');
    return 0;
  },
};
