/**
 * `iptables -L [CHAIN] [-n] [-v] [-x] [--line-numbers]` tables in iptables v1.8.9
 * (nf_tables)'s layout: printf-padded columns with their trailing spaces, `prot` as a number
 * under `-n`, K/M counters, each match's and target's own text.
 */
import { SERVICE_PORTS } from './values';
import { hex, probabilityText } from './format';
import { countersOf, isBuiltin, orderedChains, referenceCount, targetName, type Chain, type Match, type PortRange, type Rule, type Table, type Target } from './state';

export interface ListOptions {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** xtables_print_num: `%5llu`, or K/M/G/T with `%4llu` past 99999; `%8llu` under -x. */
export function printNum(n: number, exact: boolean): string {
  if (exact) return `${String(n).padStart(8)} `;
  if (n <= 99999) return `${String(n).padStart(5)} `;
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  for (const u of units) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999 || u === 'T') return `${String(v).padStart(4)}${u} `;
  }
  return `${n} `;
}

function compactNum(n: number): string {
  // The policy header uses FMT_NOTABLE: no padding.
  return printNum(n, false).trim() + ' ';
}

const PROTO_NUM: Record<string, string> = { tcp: '6', udp: '17', icmp: '1', sctp: '132' };
const LOG_LEVELS = ['emerg', 'alert', 'crit', 'error', 'warn', 'notice', 'info', 'debug'];

function portText(p: number, numeric: boolean): string {
  if (!numeric) for (const [name, v] of Object.entries(SERVICE_PORTS)) if (v === p) return name;
  return String(p);
}

function rangeList(r: PortRange, numeric: boolean): string {
  return r.lo === r.hi ? portText(r.lo, numeric) : `${portText(r.lo, numeric)}:${portText(r.hi, numeric)}`;
}

function matchList(m: Match, numeric: boolean): string {
  switch (m.m) {
    case 'comment':
      return ` /* ${m.comment} */`;
    case 'tcp':
    case 'udp': {
      let s = ` ${m.m}`;
      const one = (key: string, v: { value: PortRange; inv: boolean }) =>
        ` ${key}${v.value.lo === v.value.hi ? '' : 's'}:${v.inv ? '!' : ''}${rangeList(v.value, numeric)}`;
      if (m.sport) s += one('spt', m.sport);
      if (m.dport) s += one('dpt', m.dport);
      return s;
    }
    case 'multiport':
      return ` multiport ${m.dir}${m.inv ? ' !' : ''} ${m.ports.map((r) => rangeList(r, numeric)).join(',')}`;
    case 'statistic':
      return m.mode === 'random'
        ? ` statistic mode random${m.inv ? ' !' : ''} probability ${probabilityText(m.probability)}`
        : ` statistic mode nth${m.inv ? ' !' : ''} every ${m.every} packet ${m.packet}`;
    case 'mark':
      return ` mark match${m.inv ? ' !' : ''} ${hex(m.value)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`;
    case 'conntrack':
      return `${m.inv ? ' !' : ''} ctstate ${m.ctstate.join(',')}`;
    case 'state':
      return `${m.inv ? ' !' : ''} state ${m.state.join(',')}`;
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      if (m.src) s += ` src-type ${m.src.inv ? '!' : ''}${m.src.value}`;
      if (m.dst) s += ` dst-type ${m.dst.inv ? '!' : ''}${m.dst.value}`;
      return s;
    }
    case 'set':
      return `${m.inv ? ' !' : ''} match-set ${m.name} ${m.flags}`;
    case 'recent': {
      const mode = { set: 'SET', rcheck: 'CHECK', update: 'UPDATE', remove: 'REMOVE' }[m.mode];
      return ` recent: ${mode}${m.seconds !== undefined ? ` seconds: ${m.seconds}` : ''}${m.reap ? ' reap' : ''} name: ${m.name} side: ${m.side === 'rsource' ? 'source' : 'dest'} mask: ${m.mask}`;
    }
  }
}

function targetList(t: Target | undefined, numeric: boolean): string {
  if (!t) return '';
  switch (t.t) {
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'DNAT':
      return ` to:${t.to}`;
    case 'SNAT':
      return ` to:${t.to}${t.randomFully ? ' random-fully' : ''}`;
    case 'MASQUERADE':
      return `${t.toPorts ? ` masq ports: ${t.toPorts}` : ''}${t.randomFully ? ' random-fully' : ''}`;
    case 'REDIRECT':
      return ` redir ports ${t.toPorts}`;
    case 'MARK':
      if (t.mask === 0xffffffff) return ` MARK set ${hex(t.value)}`;
      if (t.value === 0) return ` MARK and ${hex(~t.mask)}`;
      if (t.value === t.mask) return ` MARK or ${hex(t.value)}`;
      if (t.mask === 0) return ` MARK xor ${hex(t.value)}`;
      return ` MARK xset ${hex(t.value)}/${hex(t.mask)}`;
    case 'LOG': {
      const level = t.level ?? 4;
      const lvl = numeric ? ` flags 0 level ${level}` : ` level ${LOG_LEVELS[level]}`;
      return ` LOG${lvl}${t.prefix !== undefined ? ` prefix "${t.prefix}"` : ''}`;
    }
    default:
      return '';
  }
}

function addrText(v: { value: string; inv: boolean } | undefined, numeric: boolean): string {
  let s: string;
  if (!v || v.value === '0.0.0.0/0') s = numeric ? '0.0.0.0/0' : 'anywhere';
  else s = v.value.endsWith('/32') ? v.value.slice(0, -3) : v.value;
  // Without -n, network addresses are named from /etc/networks (Debian's defaults).
  if (!numeric) s = s.replace(/^127\.0\.0\.0\//, 'loopback/').replace(/^169\.254\.0\.0\//, 'link-local/');
  return `${v?.inv ? '!' : ' '}${s.padEnd(19)} `;
}

function ifaceText(v: { value: string; inv: boolean } | undefined, numeric: boolean, lead: string): string {
  // iptables: " %-6s " for in, "%-6s " for out, with a `!` inside the padded text.
  const name = v ? `${v.inv ? '!' : ''}${v.value}` : numeric ? '*' : 'any';
  return `${lead}${name.padEnd(6)} `;
}

/** One `-L` table line of a rule. */
export function listRuleLine(t: Table, r: Rule, num: number, o: ListOptions): string {
  let s = '';
  if (o.lineNumbers) s += `${String(num).padEnd(4)} `;
  if (o.verbose) {
    const c = countersOf(t, r);
    s += printNum(c.pkts, o.exact) + printNum(c.bytes, o.exact);
  }
  s += `${targetName(r.target).padEnd(9)} `;
  s += r.proto?.inv ? '!' : ' ';
  const p = r.proto?.value ?? 'all';
  s += `${(o.numeric ? (PROTO_NUM[p] ?? (p === 'all' ? '0' : p)) : p).padEnd(4)} `;
  s += '-- ';
  if (o.verbose) s += ifaceText(r.in, o.numeric, ' ') + ifaceText(r.out, o.numeric, '');
  s += addrText(r.src, o.numeric) + addrText(r.dst, o.numeric);
  for (const m of r.matches) s += matchList(m, o.numeric);
  s += targetList(r.target, o.numeric);
  return s;
}

function listHeader(t: Table, c: Chain, o: ListOptions, refs: Map<string, number>): string {
  let head = `Chain ${c.name}`;
  if (isBuiltin(t.name, c.name)) {
    head += ` (policy ${c.policy}`;
    if (o.verbose) {
      const pc = t.policyCounters.get(c.name) ?? { pkts: 0, bytes: 0 };
      head += o.exact ? ` ${pc.pkts} packets, ${pc.bytes} bytes` : ` ${compactNum(pc.pkts)}packets, ${compactNum(pc.bytes)}bytes`;
    }
    head += ')';
  } else head += ` (${refs.get(c.name) ?? 0} references)`;
  let cols = '';
  if (o.lineNumbers) cols += 'num  ';
  if (o.verbose) cols += o.exact ? '    pkts      bytes ' : ' pkts bytes ';
  cols += 'target     prot opt ';
  if (o.verbose) cols += 'in     out     ';
  cols += 'source               destination         ';
  return `${head}\n${cols}\n`;
}

/** `iptables [-t T] -L [CHAIN] [-n] [-v] [-x] [--line-numbers]`. */
export function formatList(t: Table, chain: Chain | undefined, o: ListOptions): string {
  const chains = chain ? [chain] : orderedChains(t);
  // Reference counts for every chain in one pass (per chain it would be quadratic on a big node).
  const refs = new Map<string, number>();
  if (chain) refs.set(chain.name, referenceCount(t, chain.name));
  else for (const c of t.chains.values()) for (const r of c.rules) if (r.target?.t === 'jump') refs.set(r.target.chain, (refs.get(r.target.chain) ?? 0) + 1);
  return chains.map((c) => listHeader(t, c, o, refs) + c.rules.map((r, i) => listRuleLine(t, r, i + 1, o) + '\n').join('')).join('\n');
}
