/**
 * Netfilter state of one namespace: tables raw, mangle, nat, filter with their chains and
 * rules (as parsed structures, never strings), counters, and the namespace's conntrack
 * table. Rules are immutable once built, so kube-proxy can hand the same rule objects and
 * even the same rule arrays to every node; anything that edits a chain replaces its
 * `rules` array (copy on write) and per-node counters live beside, keyed by rule identity.
 */
import { emptyConntrack, type ConntrackTable } from '../conntrack/table';
import type { Origin } from '../types';

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';

export const TABLE_NAMES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];

/** Built-in chains per table, in the order iptables lists them. */
export const BUILTIN_CHAINS: Record<TableName, readonly string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export interface Counters {
  pkts: number;
  bytes: number;
}

/** `[!] value`: every basic match can be negated. */
export interface Neg<T> {
  value: T;
  inv: boolean;
}

export interface PortRange {
  lo: number;
  hi: number;
}

/** One `-m` match, in the order written; iptables prints them in that order too. */
export type Match =
  | { m: 'comment'; comment: string }
  | { m: 'tcp' | 'udp'; sport?: Neg<PortRange>; dport?: Neg<PortRange> }
  | { m: 'multiport'; dir: 'dports' | 'sports' | 'ports'; ports: PortRange[]; inv: boolean }
  /** probability kept as the kernel's u32 (`lround(p * 2^31)`), which is why 1/3 prints as 0.33333333349. */
  | { m: 'statistic'; mode: 'random'; probability: number; inv: boolean }
  | { m: 'statistic'; mode: 'nth'; every: number; packet: number; inv: boolean }
  | { m: 'mark'; value: number; mask: number; inv: boolean }
  | { m: 'conntrack'; ctstate: string[]; inv: boolean }
  | { m: 'state'; state: string[]; inv: boolean }
  | { m: 'addrtype'; src?: Neg<string>; dst?: Neg<string> }
  | { m: 'set'; name: string; flags: string; inv: boolean }
  | {
      m: 'recent';
      mode: 'set' | 'rcheck' | 'update' | 'remove';
      name: string;
      seconds?: number;
      reap: boolean;
      mask: string;
      side: 'rsource' | 'rdest';
    };

export type Target =
  | { t: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { t: 'jump'; chain: string; goto?: boolean }
  | { t: 'REJECT'; with: string }
  | { t: 'DNAT'; to: string }
  | { t: 'SNAT'; to: string; randomFully: boolean }
  | { t: 'MASQUERADE'; toPorts?: string; randomFully: boolean }
  | { t: 'REDIRECT'; toPorts: string }
  /** `--set-xmark value/mask`; `--set-mark`, `--or-mark`, `--xor-mark` normalise to it as in the kernel. */
  | { t: 'MARK'; value: number; mask: number }
  | { t: 'LOG'; prefix?: string; level?: number };

export interface Rule {
  src?: Neg<string>;
  dst?: Neg<string>;
  /** Protocol as typed-normalised: `tcp`, `udp`, `icmp`, `all` or a number string. */
  proto?: Neg<string>;
  in?: Neg<string>;
  out?: Neg<string>;
  matches: Match[];
  target?: Target;
  /** Which controller wrote it (`kube-proxy`, `flannel`, `kubelet`), for the inspector. */
  owner?: string;
  /** The object it was written for (`default/web:http`), for provenance. */
  ownerRef?: string;
  /** Structured provenance: the controller and the object (Service, EndpointSlice, NetworkPolicy). */
  origin?: Origin;
}

export interface Chain {
  name: string;
  /** Built-in chains only. */
  policy?: 'ACCEPT' | 'DROP';
  /** Treated as immutable: replace the array to change it. */
  rules: readonly Rule[];
}

export interface Table {
  name: TableName;
  chains: Map<string, Chain>;
  /** Per-rule counters of this namespace, by rule identity (rules are shared between nodes). */
  counters: Map<Rule, Counters>;
  /** Policy counters of the built-in chains. */
  policyCounters: Map<string, Counters>;
  /** nf_tables creates a table on first use (even `-L`); iptables-save lists only those. */
  touched?: boolean;
}

export interface NetfilterState {
  tables: Record<TableName, Table>;
  conntrack: ConntrackTable;
  /** `-m recent` lists: name → source address → last seen (virtual ms). */
  recent: Map<string, Map<string, number>>;
}

export function emptyTable(name: TableName): Table {
  const chains = new Map<string, Chain>();
  for (const c of BUILTIN_CHAINS[name]) chains.set(c, { name: c, policy: 'ACCEPT', rules: [] });
  return { name, chains, counters: new Map(), policyCounters: new Map() };
}

export function emptyNetfilter(): NetfilterState {
  return {
    tables: { raw: emptyTable('raw'), mangle: emptyTable('mangle'), nat: emptyTable('nat'), filter: emptyTable('filter') },
    conntrack: emptyConntrack(),
    recent: new Map(),
  };
}

export function isTableName(s: string): s is TableName {
  return (TABLE_NAMES as readonly string[]).includes(s);
}

export function isBuiltin(table: TableName, chain: string): boolean {
  return BUILTIN_CHAINS[table].includes(chain);
}

/** Chains in the order iptables prints them: built-ins first, then user chains by name. */
export function orderedChains(table: Table): Chain[] {
  const builtins = BUILTIN_CHAINS[table.name].map((n) => table.chains.get(n)!).filter(Boolean);
  const user = [...table.chains.values()].filter((c) => c.policy === undefined);
  user.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...builtins, ...user];
}

/** How many rules jump to (or goto) a chain, as `-L` prints `(N references)`. */
export function referenceCount(table: Table, chain: string): number {
  let n = 0;
  for (const c of table.chains.values()) {
    for (const r of c.rules) if (r.target?.t === 'jump' && r.target.chain === chain) n++;
  }
  return n;
}

export function countersOf(table: Table, rule: Rule): Counters {
  return table.counters.get(rule) ?? { pkts: 0, bytes: 0 };
}

export function bump(table: Table, rule: Rule, bytes: number): void {
  const c = table.counters.get(rule);
  if (c) {
    c.pkts++;
    c.bytes += bytes;
  } else table.counters.set(rule, { pkts: 1, bytes });
}

/** Built-in target names; anything else after `-j` is a chain. */
export const TARGET_NAMES = ['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'MARK', 'LOG'] as const;

/** The target's name as `-L` shows it in the target column. */
export function targetName(t: Target | undefined): string {
  if (!t) return '';
  return t.t === 'jump' ? t.chain : t.t;
}

/**
 * A table's chain map with a shared, read-only base layer underneath: kube-proxy puts the
 * thousands of service chains every node has alike in one base map shared by all nodes,
 * and each node's own changes (built-ins, other controllers, a learner's edits, deletions)
 * live in this map's own layer. It is a Map to every reader. A structured clone (engine
 * snapshots) keeps only the own layer; kube-proxy's resync after a restore rebuilds the rest.
 */
export class LayeredChains extends Map<string, Chain> {
  private readonly hidden = new Set<string>();

  constructor(
    private readonly base: ReadonlyMap<string, Chain>,
    own?: Iterable<[string, Chain]>,
  ) {
    super(own);
  }

  override get(k: string): Chain | undefined {
    const v = super.get(k);
    if (v !== undefined || this.hidden.has(k)) return v;
    return this.base.get(k);
  }

  override has(k: string): boolean {
    return super.has(k) || (!this.hidden.has(k) && this.base.has(k));
  }

  override set(k: string, v: Chain): this {
    super.set(k, v);
    return this;
  }

  override delete(k: string): boolean {
    const had = this.has(k);
    super.delete(k);
    if (this.base.has(k)) this.hidden.add(k);
    return had;
  }

  override clear(): void {
    super.clear();
    for (const k of this.base.keys()) this.hidden.add(k);
  }

  override get size(): number {
    let n = super.size;
    for (const k of this.base.keys()) if (!this.hidden.has(k) && !super.has(k)) n++;
    return n;
  }

  override *entries(): MapIterator<[string, Chain]> {
    yield* super.entries();
    for (const e of this.base) if (!this.hidden.has(e[0]) && !super.has(e[0])) yield e;
  }

  /** Only this map's own layer. */
  ownEntries(): MapIterator<[string, Chain]> {
    return super.entries();
  }

  override *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  override *values(): MapIterator<Chain> {
    for (const [, v] of this.entries()) yield v;
  }

  override [Symbol.iterator](): MapIterator<[string, Chain]> {
    return this.entries();
  }

  override forEach(fn: (v: Chain, k: string, m: Map<string, Chain>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
}
