/**
 * The rule evaluator: walks one table's built-in chain for one packet the way the kernel
 * does (jumps, RETURN, policies, terminal targets), bumps counters and records every rule
 * that matched. Long chains (KUBE-SERVICES with thousands of rules) are evaluated through an
 * index on destination address / port, but `evaluated` still counts every rule the kernel
 * would have compared, so the inspector reports the kernel's real cost.
 */
import type { RuleHit } from '../hooks';
import type { IpsetState } from '../ipvs/state';
import { ipsetMatches } from '../ipvs/ipset';
import { ruleSpec } from './format';
import { parseIpv4 } from './parse';
import { bump, type Match, type NetfilterState, type Rule, type Table } from './state';

/** What the matches look at: the packet's current headers and its conntrack view. */
export interface EvalPacket {
  src: string;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  sport: number;
  dport: number;
  inDev?: string;
  outDev?: string;
  mark: number;
  length: number;
  /** NEW / ESTABLISHED / RELATED, plus DNAT / SNAT when the flow was translated. */
  ctstates: string[];
}

export interface EvalContext {
  nf: NetfilterState;
  ipsets: IpsetState;
  /** Addresses this namespace owns (addrtype LOCAL). */
  local: (ip: string) => boolean;
  rng: () => number;
  now: number;
}

export interface NatAction {
  kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT';
  /** `ip[:port]` or, for REDIRECT, the port. */
  to?: string;
}

export interface EvalResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  rejectWith?: string;
  nat?: NatAction;
  mark: number;
  hits: RuleHit[];
  evaluated: number;
  /** The rule that decided, for the inspector's one-line reason. */
  decidedBy?: RuleHit;
}

function cidrHas(cidr: string, ip: string): boolean {
  const slash = cidr.indexOf('/');
  const len = Number(cidr.slice(slash + 1));
  if (len === 32) return cidr.slice(0, slash) === ip;
  if (len === 0) return true;
  const a = parseIpv4(ip);
  const b = parseIpv4(cidr.slice(0, slash));
  if (a === undefined || b === undefined) return false;
  const mask = (0xffffffff << (32 - len)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function ifaceMatches(pattern: string, dev: string | undefined): boolean {
  if (dev === undefined) return false;
  return pattern.endsWith('+') ? dev.startsWith(pattern.slice(0, -1)) : pattern === dev;
}

function matchOne(m: Match, p: EvalPacket, ctx: EvalContext): boolean {
  switch (m.m) {
    case 'comment':
      return true;
    case 'tcp':
    case 'udp': {
      if (p.proto !== m.m) return false;
      if (m.sport && (p.sport >= m.sport.value.lo && p.sport <= m.sport.value.hi) === m.sport.inv) return false;
      if (m.dport && (p.dport >= m.dport.value.lo && p.dport <= m.dport.value.hi) === m.dport.inv) return false;
      return true;
    }
    case 'multiport': {
      const hit = m.ports.some((r) => {
        const inR = (x: number) => x >= r.lo && x <= r.hi;
        return m.dir === 'dports' ? inR(p.dport) : m.dir === 'sports' ? inR(p.sport) : inR(p.dport) || inR(p.sport);
      });
      return hit !== m.inv;
    }
    case 'statistic':
      if (m.mode === 'random') return ctx.rng() < m.probability / 0x80000000 !== m.inv;
      return !m.inv;
    case 'mark':
      return (((p.mark & m.mask) >>> 0) === ((m.value & m.mask) >>> 0)) !== m.inv;
    case 'conntrack':
      return m.ctstate.some((s) => p.ctstates.includes(s)) !== m.inv;
    case 'state':
      return m.state.some((s) => p.ctstates.includes(s)) !== m.inv;
    case 'addrtype': {
      if (m.src && (ctx.local(p.src) === (m.src.value === 'LOCAL')) === m.src.inv) return false;
      if (m.dst && (ctx.local(p.dst) === (m.dst.value === 'LOCAL')) === m.dst.inv) return false;
      return true;
    }
    case 'set': {
      const set = ctx.ipsets.sets.get(m.name);
      return (!!set && ipsetMatches(set, m.flags, p)) !== m.inv;
    }
    case 'recent': {
      const addr = m.side === 'rsource' ? p.src : p.dst;
      let list = ctx.nf.recent.get(m.name);
      if (!list) ctx.nf.recent.set(m.name, (list = new Map()));
      if (m.mode === 'set') {
        list.set(addr, ctx.now);
        return true;
      }
      const seen = list.get(addr);
      const fresh = seen !== undefined && (m.seconds === undefined || ctx.now - seen <= m.seconds * 1000);
      if (m.reap && m.seconds !== undefined) for (const [k, t] of list) if (ctx.now - t > m.seconds * 1000) list.delete(k);
      if (m.mode === 'remove' && seen !== undefined) list.delete(addr);
      if (m.mode === 'update' && fresh) list.set(addr, ctx.now);
      return fresh;
    }
  }
}

/** Does the rule match the packet? (Counters and targets are the caller's business.) */
export function ruleMatches(r: Rule, p: EvalPacket, ctx: EvalContext): boolean {
  if (r.src && cidrHas(r.src.value, p.src) === r.src.inv) return false;
  if (r.dst && cidrHas(r.dst.value, p.dst) === r.dst.inv) return false;
  if (r.proto && (r.proto.value === p.proto) === r.proto.inv) return false;
  if (r.in && ifaceMatches(r.in.value, p.inDev) === r.in.inv) return false;
  if (r.out && ifaceMatches(r.out.value, p.outDev) === r.out.inv) return false;
  for (const m of r.matches) if (!matchOne(m, p, ctx)) return false;
  return true;
}

/** Candidate positions of a long chain, by /32 destination and by single destination port. */
interface ChainIndex {
  byDst: Map<string, number[]>;
  byPort: Map<string, number[]>;
  wild: number[];
}

const INDEX_MIN = 64;
const indexes = new WeakMap<readonly Rule[], ChainIndex>();

function indexOf(rules: readonly Rule[]): ChainIndex {
  let ix = indexes.get(rules);
  if (ix) return ix;
  ix = { byDst: new Map(), byPort: new Map(), wild: [] };
  rules.forEach((r, i) => {
    const pm = r.matches.find((m) => m.m === 'tcp' || m.m === 'udp') as { m: string; dport?: { value: { lo: number; hi: number }; inv: boolean } } | undefined;
    if (r.dst && !r.dst.inv && r.dst.value.endsWith('/32')) push(ix!.byDst, r.dst.value.slice(0, -3), i);
    else if (pm?.dport && !pm.dport.inv && pm.dport.value.lo === pm.dport.value.hi) push(ix!.byPort, `${pm.m}:${pm.dport.value.lo}`, i);
    else ix!.wild.push(i);
  });
  indexes.set(rules, ix);
  return ix;
}

function push(map: Map<string, number[]>, k: string, i: number): void {
  const l = map.get(k);
  if (l) l.push(i);
  else map.set(k, [i]);
}

/** Rule positions at or after `from` that can match, in order (all of them for short chains). */
function* candidates(rules: readonly Rule[], p: EvalPacket, from: number): Generator<number> {
  if (rules.length < INDEX_MIN) {
    for (let i = from; i < rules.length; i++) yield i;
    return;
  }
  const ix = indexOf(rules);
  const lists = [ix.byDst.get(p.dst) ?? [], ix.byPort.get(`${p.proto}:${p.dport}`) ?? [], ix.wild];
  const pos = lists.map((l) => lowerBound(l, from));
  for (;;) {
    let best = -1;
    let bi = -1;
    for (let k = 0; k < lists.length; k++) {
      const v = lists[k]![pos[k]!];
      if (v !== undefined && (best < 0 || v < best)) {
        best = v;
        bi = k;
      }
    }
    if (bi < 0) return;
    pos[bi]!++;
    yield best;
  }
}

function lowerBound(l: number[], x: number): number {
  let lo = 0;
  let hi = l.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (l[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Walks `chain` (a built-in) of `table` for the packet. Mutates p.mark as MARK rules run. */
export function evalChain(table: Table, chain: string, p: EvalPacket, ctx: EvalContext): EvalResult {
  const res: EvalResult = { verdict: 'ACCEPT', mark: p.mark, hits: [], evaluated: 0 };
  const stack: { chain: string; next: number }[] = [];
  let cur = chain;
  let pos = 0;
  for (let guard = 0; guard < 100000; guard++) {
    const c = table.chains.get(cur);
    const rules = c?.rules ?? [];
    let jumped = false;
    let returned = false;
    for (const i of candidates(rules, p, pos)) {
      const r = rules[i]!;
      if (!ruleMatches(r, p, ctx)) continue;
      res.evaluated += i - pos + 1;
      pos = i + 1;
      bump(table, r, p.length);
      const t = r.target;
      const prob = r.matches.find((m) => m.m === 'statistic' && m.mode === 'random') as { probability: number } | undefined;
      const hit: RuleHit = {
        table: table.name,
        chain: cur,
        ruleNum: i + 1,
        ruleText: `-A ${cur} ${ruleSpec(r)}`,
        target: t ? (t.t === 'jump' ? t.chain : t.t) : '',
        ...(r.owner ? { owner: r.ownerRef ? `${r.owner} (${r.ownerRef})` : r.owner } : {}),
        ...(r.origin ? { origin: r.origin } : {}),
        ...(prob ? { probability: prob.probability / 0x80000000 } : {}),
      };
      res.hits.push(hit);
      if (!t) continue;
      if (t.t === 'MARK') {
        p.mark = ((p.mark & ~t.mask) ^ t.value) >>> 0;
        res.mark = p.mark;
        continue;
      }
      if (t.t === 'LOG') continue;
      if (t.t === 'jump') {
        if (!table.chains.has(t.chain)) continue;
        if (!t.goto) stack.push({ chain: cur, next: pos });
        cur = t.chain;
        pos = 0;
        jumped = true;
        break;
      }
      if (t.t === 'RETURN') {
        returned = true;
        break;
      }
      res.decidedBy = hit;
      if (t.t === 'ACCEPT') return res;
      if (t.t === 'DROP') return { ...res, verdict: 'DROP' };
      if (t.t === 'REJECT') return { ...res, verdict: 'REJECT', rejectWith: t.with };
      if (t.t === 'DNAT') return { ...res, nat: { kind: 'DNAT', to: t.to } };
      if (t.t === 'SNAT') return { ...res, nat: { kind: 'SNAT', to: t.to } };
      if (t.t === 'MASQUERADE') return { ...res, nat: { kind: 'MASQUERADE' } };
      if (t.t === 'REDIRECT') return { ...res, nat: { kind: 'REDIRECT', to: t.toPorts } };
    }
    if (jumped) continue;
    if (!returned) res.evaluated += Math.max(0, rules.length - pos);
    const back = stack.pop();
    if (!back) {
      // End of the built-in chain: its policy decides.
      const pc = table.policyCounters.get(chain);
      if (pc) {
        pc.pkts++;
        pc.bytes += p.length;
      } else table.policyCounters.set(chain, { pkts: 1, bytes: p.length });
      const policy = table.chains.get(chain)?.policy ?? 'ACCEPT';
      return { ...res, verdict: policy };
    }
    cur = back.chain;
    pos = back.next;
  }
  return { ...res, verdict: 'DROP' };
}
