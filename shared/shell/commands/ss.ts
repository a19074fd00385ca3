/**
 * `ss [-tulanpH46] [FILTER]` (iproute2 6.1): this host's sockets from the same socket
 * table netstat reads (hostListeners). The lab's connections are instant exchanges that
 * close at once, so only listening TCP and unconnected UDP sockets ever show, bound to
 * 0.0.0.0. Columns are laid out by ss's own renderer (render_calc_width in misc/ss.c):
 * measured from the contents, and on a terminal the spare width spread over the columns.
 * The lab keeps no process table, so -p adds nothing (as ss shows for an unseen owner).
 */
import type { Command, CommandContext } from '../command';
import { hostListeners, SERVICES } from './netstat';
import type { Listener } from '../../sim/apps/sockets';
import { SS_USAGE } from './ss-usage';

type Align = 'left' | 'right';
export interface Column {
  header: string;
  ldelim: string;
  align: Align;
  disabled?: boolean;
}

/** ss's columns (misc/ss.c `columns[]`): header, left delimiter, alignment. */
export const COLUMNS: Column[] = [
  { header: 'Netid', ldelim: '', align: 'left' },
  { header: 'State', ldelim: ' ', align: 'left' },
  { header: 'Recv-Q', ldelim: ' ', align: 'left' },
  { header: 'Send-Q', ldelim: ' ', align: 'left' },
  { header: 'Local Address:', ldelim: ' ', align: 'right' },
  { header: 'Port', ldelim: '', align: 'left' },
  { header: 'Peer Address:', ldelim: ' ', align: 'right' },
  { header: 'Port', ldelim: '', align: 'left' },
  { header: 'Process', ldelim: '', align: 'left' },
  { header: '', ldelim: '', align: 'left' },
];

/** The accept backlog a server asks listen() for: nginx's 511, Go's net.Listen somaxconn (4096). */
function backlog(process: string): number {
  return /nginx|echoserver/.test(process) ? 511 : 4096;
}

/** Widths as render_calc_width computes them; `screen` undefined when stdout is not a terminal. */
export function columnWidths(cols: Column[], maxLen: number[], screen: number | undefined): number[] {
  const width = cols.map(() => 0);
  let first = true;
  cols.forEach((c, i) => {
    if (c.disabled) return;
    width[i] = !first && maxLen[i] ? maxLen[i] + c.ldelim.length : maxLen[i];
    if (screen !== undefined) width[i] = Math.min(width[i], screen);
    if (width[i]) first = false;
  });
  if (screen === undefined) return width;
  // Spread the spare screen width over the columns of each (virtual) line.
  let len = 0;
  let linecols = 0;
  let eol = -1;
  for (let i = 0; i < cols.length; i++) {
    if (!width[i]) continue;
    linecols++;
    len += width[i];
    const last = !width.slice(i + 1).some((w) => w);
    if (!last && len < screen) continue;
    if (len !== screen) {
      if (len > screen) {
        len -= width[i];
        i--;
        linecols--;
      }
      const pad = screen - len;
      const spacing = Math.floor(pad / linecols);
      let rem = pad % linecols;
      for (let t = i; t > eol; t--) {
        if (!width[t]) continue;
        width[t] += spacing;
        if (rem) {
          width[t]++;
          rem--;
        }
      }
    }
    eol = i;
    len = 0;
    linecols = 0;
  }
  return width;
}

/** Prints rows of fields (one per column, disabled ones skipped) as render() does. */
export function renderSs(cols: Column[], rows: string[][], screen: number | undefined): string {
  const maxLen = cols.map((_, i) => Math.max(0, ...rows.map((r) => r[i].length)));
  const width = columnWidths(cols, maxLen, screen);
  let out = '';
  for (const r of rows) {
    let line = '';
    let started = false;
    cols.forEach((c, i) => {
      if (c.disabled) return;
      if (!started && !width[i] && !line) return;
      let printed = 0;
      if (started) {
        line += c.ldelim;
        printed = c.ldelim.length;
      }
      started = true;
      if (width[i] && c.align === 'right') {
        const s = width[i] - r[i].length - printed;
        if (s > 0) {
          line += ' '.repeat(s);
          printed += s;
        }
      }
      line += r[i];
      printed += r[i].length;
      if (width[i] && c.align === 'left' && width[i] - printed > 0) line += ' '.repeat(width[i] - printed);
    });
    out += `${line}\n`;
  }
  return out;
}

/** `sport = :N` / `dport = :N` (with = or == or eq, or none) and `state S`; undefined after printing ss's error. */
function parseFilter(ctx: CommandContext, words: string[]): ((l: Listener, state: string) => boolean) | undefined {
  const tests: ((l: Listener, state: string) => boolean)[] = [];
  const toks = words.flatMap((w) => w.split(/\s+/)).filter((w) => w && w !== '(' && w !== ')');
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t === 'state' || t === 'exclude') {
      const s = (toks[++i] ?? '').toLowerCase();
      const st = s === 'listening' ? 'LISTEN' : s === 'all' ? '*' : s === 'connected' || s === 'established' ? 'ESTAB' : undefined;
      if (!st) {
        ctx.err(`ss: wrong state name: ${s}\n`);
        return undefined;
      }
      tests.push(t === 'state' ? (_l, state) => st === '*' || state === st : (_l, state) => state !== st);
      continue;
    }
    if (t !== 'sport' && t !== 'dport' && t !== 'src' && t !== 'dst') {
      ctx.err(`Error: an inet prefix is expected rather than "${t}".\nCannot parse dst/src address.\n`);
      return undefined;
    }
    if (['=', '==', 'eq'].includes(toks[i + 1] ?? '')) i++;
    const v = toks[++i] ?? '';
    const port = v.replace(/^.*:/, '');
    const num = /^\d+$/.test(port) ? Number(port) : Number(Object.entries(SERVICES).find(([, n]) => n === port)?.[0] ?? NaN);
    if (!Number.isFinite(num)) {
      ctx.err(`Error: "${port}" does not look like a port.\nCannot parse dst/src address.\n`);
      return undefined;
    }
    // Listening sockets have no peer: a dport/dst test matches none of them.
    tests.push(t === 'sport' || t === 'src' ? (l) => l.port === num : () => false);
  }
  return (l, state) => tests.every((f) => f(l, state));
}

function run(ctx: CommandContext): number {
  const long: Record<string, string> = {
    tcp: 't', udp: 'u', listening: 'l', all: 'a', numeric: 'n', processes: 'p', 'no-header': 'H', ipv4: '4', ipv6: '6',
    unix: 'x', raw: 'w', resolve: 'r', help: 'h', version: 'V',
  };
  const flags = new Set<string>();
  const filter: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (a.startsWith('--')) {
      const f = long[a.slice(2)];
      if (!f) return ctx.err(`ss: unrecognized option '${a}'\n${SS_USAGE}`), 255;
      flags.add(f);
    } else if (/^-./.test(a)) {
      const bad = [...a.slice(1)].find((f) => !'tulanpH46xwrhV'.includes(f));
      if (bad) return ctx.err(`ss: invalid option -- '${bad}'\n${SS_USAGE}`), 255;
      for (const f of a.slice(1)) flags.add(f);
    } else filter.push(a);
  }
  if (flags.has('h')) return ctx.out(SS_USAGE), 0;
  if (flags.has('V')) return ctx.out('ss utility, iproute2-6.1.0\n'), 0;
  const match = parseFilter(ctx, filter);
  if (!match) return 1;
  // Tables asked for (none: all of them); -x and -w have nothing in the lab.
  const picked = ['t', 'u', 'x', 'w'].filter((f) => flags.has(f));
  const dbs = picked.length ? picked : ['t', 'u', 'x', 'w'];
  const v6only = flags.has('6') && !flags.has('4');
  // States shown: -a all, -l listening (LISTEN, UNCONN), else connected only (none in the lab).
  const listening = flags.has('l') || flags.has('a');
  const rows: string[][] = [];
  const cols = COLUMNS.map((c) => ({ ...c }));
  cols[0].disabled = dbs.length === 1;
  const udpOnly = dbs.length === 1 && dbs[0] === 'u';
  const stateFilter = filter.some((w) => /^(state|exclude)\b/.test(w));
  cols[1].disabled = stateFilter || (udpOnly && !listening);
  if (!flags.has('H')) rows.push(cols.map((c) => c.header));
  if (listening && !v6only) {
    const socks = hostListeners(ctx).filter((l) => dbs.includes(l.proto === 'tcp' ? 't' : 'u'));
    // ss dumps UDP before TCP.
    socks.sort((a, b) => (a.proto === b.proto ? a.port - b.port : a.proto === 'udp' ? -1 : 1));
    for (const l of socks) {
      const state = l.proto === 'tcp' ? 'LISTEN' : 'UNCONN';
      if (!match(l, state)) continue;
      const port = flags.has('n') ? String(l.port) : (SERVICES[l.port] ?? String(l.port));
      const q = l.proto === 'tcp' ? [String(0).padEnd(6), String(backlog(l.process)).padEnd(6)] : ['0     ', '0     '];
      rows.push([l.proto, state, ...q, '0.0.0.0:', port, '0.0.0.0:', '*', '', '']);
    }
  }
  ctx.out(renderSs(cols, rows, ctx.terminal.interactive ? ctx.terminal.columns : undefined));
  return 0;
}

/** `ss`. */
export const ss: Command = {
  name: 'ss',
  summary: 'another utility to investigate sockets (iproute2)',
  run,
};
