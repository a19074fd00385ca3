/**
 * Pure formatters of netfilter state in iptables v1.8.9 (nf_tables)'s own formats: the
 * rule spec of `-S` / `iptables-save` and whole `iptables-save` dumps (the `-L` tables are in
 * format-list.ts). Byte for byte what that version prints, checked against the real binary
 * in a scratch network namespace.
 */
import {
  countersOf,
  orderedChains,
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

/** `0x4000`, as iptables prints marks. */
export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

/** The kernel's u32 probability with iptables' 11 digits. */
export function probabilityText(u32: number): string {
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
