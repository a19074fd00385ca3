/**
 * Pure formatters of netfilter state in iptables v1.8.9 (nf_tables)'s own formats:
 * the rule spec of `-S` / `iptables-save`, whole `iptables-save` dumps and the `-L` tables
 * (with `-n`, `-v`, `-x`, `--line-numbers`). Byte for byte what that version prints,
 * checked against the real binary in a scratch network namespace (column widths, the
 * trailing spaces, `prot` as a number under `-n`).
 */
import { SERVICE_PORTS } from './parse';
import {
  countersOf,
  isBuiltin,
  orderedChains,
  referenceCount,
  targetName,
  type Chain,
  type Match,
  type NetfilterState,
  type PortRange,
  type Rule,
  type Table,
  type TableName,
  type Target,
} from './state';

export const IPTABLES_VERSION = 'v1.8.9 (nf_tables)';

/** xtables_save_string: plain when only [A-Za-z0-9_-], else double-quoted with \" \\ \' escaped. */
export function saveString(s: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(s)) return s;
  return `"${s.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

function probabilityText(u32: number): string {
  return (u32 / 0x80000000).toFixed(11);
}

function rangeSave(r: PortRange): string {
  return r.lo === r.hi ? String(r.lo) : `${r.lo}:${r.hi}`;
}

function matchSave(m: Match): string {
  const n = (inv: boolean) => (inv ? ' !' : '');
  switch (m.m) {
    case 'comment':
      return ` -m comment --comment ${saveString(m.comment)}`;
    case 'tcp':
    case 'udp': {
      let s = ` -m ${m.m}`;
      if (m.sport) s += `${n(m.sport.inv)} --sport ${rangeSave(m.sport.value)}`;
      if (m.dport) s += `${n(m.dport.inv)} --dport ${rangeSave(m.dport.value)}`;
      return s;
    }
    case 'multiport':
      return ` -m multiport${n(m.inv)} --${m.dir} ${m.ports.map(rangeSave).join(',')}`;
    case 'statistic':
      if (m.mode === 'random') return ` -m statistic --mode random${n(m.inv)} --probability ${probabilityText(m.probability)}`;
      return ` -m statistic --mode nth${n(m.inv)} --every ${m.every} --packet ${m.packet}`;
    case 'mark':
      return ` -m mark${n(m.inv)} --mark ${hex(m.value)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`;
    case 'conntrack':
      return ` -m conntrack${n(m.inv)} --ctstate ${m.ctstate.join(',')}`;
    case 'state':
      return ` -m state${n(m.inv)} --state ${m.state.join(',')}`;
    case 'addrtype': {
      let s = ' -m addrtype';
      if (m.src) s += `${n(m.src.inv)} --src-type ${m.src.value}`;
      if (m.dst) s += `${n(m.dst.inv)} --dst-type ${m.dst.value}`;
      return s;
    }
    case 'set':
      return ` -m set${n(m.inv)} --match-set ${m.name} ${m.flags}`;
    case 'recent':
      return ` -m recent --${m.mode}${m.seconds !== undefined ? ` --seconds ${m.seconds}` : ''}${m.reap ? ' --reap' : ''} --name ${m.name} --mask ${m.mask} --${m.side}`;
  }
}

function targetSave(t: Target): string {
  switch (t.t) {
    case 'jump':
      return `${t.goto ? ' -g' : ' -j'} ${t.chain}`;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return ` -j ${t.t}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'DNAT':
      return ` -j DNAT --to-destination ${t.to}`;
    case 'SNAT':
      return ` -j SNAT --to-source ${t.to}${t.randomFully ? ' --random-fully' : ''}`;
    case 'MASQUERADE':
      return ` -j MASQUERADE${t.toPorts ? ` --to-ports ${t.toPorts}` : ''}${t.randomFully ? ' --random-fully' : ''}`;
    case 'REDIRECT':
      return ` -j REDIRECT --to-ports ${t.toPorts}`;
    case 'MARK':
      return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'LOG':
      return ` -j LOG${t.prefix !== undefined ? ` --log-prefix ${saveString(t.prefix)}` : ''}${t.level !== undefined && t.level !== 4 ? ` --log-level ${t.level}` : ''}`;
  }
}

/**
 * A rule in `-S` / `iptables-save` form, without the leading `-A CHAIN`:
 * `! -s 10.244.0.0/16 -d 10.96.0.1/32 -p tcp -m comment --comment "..." -m tcp --dport 443 -j X`.
 * With `counters`, `-c PKTS BYTES` goes before the target as `-S -v` prints it.
 */
export function ruleSpec(r: Rule, counters?: { pkts: number; bytes: number }): string {
  if (!counters) {
    // Rules are immutable: their text is computed once.
    let cached = specCache.get(r);
    if (cached === undefined) specCache.set(r, (cached = buildSpec(r)));
    return cached;
  }
  return buildSpec(r, counters);
}

const specCache = new WeakMap<Rule, string>();

function buildSpec(r: Rule, counters?: { pkts: number; bytes: number }): string {
  let s = '';
  const basic = (flag: string, v: { value: string; inv: boolean } | undefined) => {
    if (v) s += `${v.inv ? ' !' : ''} ${flag} ${v.value}`;
  };
  basic('-s', r.src);
  basic('-d', r.dst);
  basic('-i', r.in);
  basic('-o', r.out);
  basic('-p', r.proto);
  for (const m of r.matches) s += matchSave(m);
  if (counters) s += ` -c ${counters.pkts} ${counters.bytes}`;
  if (r.target) s += targetSave(r.target);
  return s.slice(1);
}

/** ctime(3)-style date in UTC, as iptables-save's header prints it. */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** The order iptables-nft-save walks its tables in. */
export const SAVE_ORDER: readonly TableName[] = ['mangle', 'raw', 'filter', 'nat'];

/** Does this table exist in the kernel yet (nf_tables creates tables lazily)? */
export function tableExists(t: Table): boolean {
  if (t.touched) return true;
  for (const c of t.chains.values()) if (c.policy === undefined || c.rules.length > 0 || c.policy === 'DROP') return true;
  return false;
}

/** One table's block of an `iptables-save` dump. */
export function saveTable(t: Table, nowMs: number, withCounters: boolean): string {
  const lines: string[] = [`# Generated by iptables-save ${IPTABLES_VERSION} on ${ctime(nowMs)}`, `*${t.name}`];
  const chains = orderedChains(t);
  for (const c of chains) {
    if (c.policy) {
      const pc = t.policyCounters.get(c.name) ?? { pkts: 0, bytes: 0 };
      lines.push(`:${c.name} ${c.policy} [${pc.pkts}:${pc.bytes}]`);
    } else lines.push(`:${c.name} - [0:0]`);
  }
  for (const c of chains) {
    for (const r of c.rules) {
      const prefix = withCounters ? `[${countersOf(t, r).pkts}:${countersOf(t, r).bytes}] ` : '';
      const spec = ruleSpec(r);
      lines.push(spec ? `${prefix}-A ${c.name} ${spec}` : `${prefix}-A ${c.name}`);
    }
  }
  lines.push('COMMIT', `# Completed on ${ctime(nowMs)}`);
  return lines.join('\n') + '\n';
}

/** `iptables-save [-t TABLE] [-c]`. */
export function formatSave(nf: NetfilterState, nowMs: number, opts: { table?: TableName; counters?: boolean } = {}): string {
  const names = opts.table ? [opts.table] : SAVE_ORDER.filter((n) => tableExists(nf.tables[n]));
  return names.map((n) => saveTable(nf.tables[n], nowMs, !!opts.counters)).join('');
}

/** `iptables -S [CHAIN] [-v]`. */
export function formatRulesS(t: Table, chain: Chain | undefined, verbose: boolean): string {
  const chains = chain ? [chain] : orderedChains(t);
  const lines: string[] = [];
  for (const c of chains) {
    if (c.policy) {
      const pc = t.policyCounters.get(c.name) ?? { pkts: 0, bytes: 0 };
      lines.push(`-P ${c.name} ${c.policy}${verbose ? ` -c ${pc.pkts} ${pc.bytes}` : ''}`);
    } else lines.push(`-N ${c.name}`);
  }
  for (const c of chains) {
    for (const r of c.rules) lines.push(`-A ${c.name} ${ruleSpec(r, verbose ? countersOf(t, r) : undefined)}`.trimEnd());
  }
  return lines.map((l) => l + '\n').join('');
}

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
