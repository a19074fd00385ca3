/**
 * Programs the generated iptables rules into every node's tables. A full sync rebuilds all
 * of kube-proxy's chains (learner edits inside them go; rules a learner added to built-in
 * chains stay, as with the real `iptables-restore --noflush`); an incremental sync after one
 * Service or EndpointSlice change replaces only that service's chains and re-assembles the
 * aggregate chains (KUBE-SERVICES, KUBE-NODEPORTS, ...), which kube-proxy rewrites on every
 * sync too. Rule arrays that do not depend on the node are built once and shared by all
 * nodes (copy on write), which keeps 100 nodes × 20,000 endpoints in memory.
 */
import type { NetNS } from '../../kernel/netns';
import type { Rule, Table } from '../../kernel/netfilter/state';
import { sameRule, setRules } from '../../kernel/netfilter/ops';
import { LayeredChains, type Chain } from '../../kernel/netfilter/state';
import { FIXED_CHAINS, fixedChainRules, jumpRules, nodePortsJump, nodeDependent, portRules, type GenOptions, type PortRules } from './iptables';
import type { SvcPort } from './model';

export interface NodeTarget {
  name: string;
  ns: NetNS;
}

/** The aggregate chains assembled from every service's share. */
const AGGREGATES: { table: 'nat' | 'filter'; chain: string; part: keyof Omit<PortRules, 'natChains'> }[] = [
  { table: 'nat', chain: 'KUBE-SERVICES', part: 'natServices' },
  { table: 'nat', chain: 'KUBE-NODEPORTS', part: 'natNodePorts' },
  { table: 'filter', chain: 'KUBE-SERVICES', part: 'filterServices' },
  { table: 'filter', chain: 'KUBE-EXTERNAL-SERVICES', part: 'filterExternal' },
  { table: 'filter', chain: 'KUBE-NODEPORTS', part: 'filterNodePorts' },
];

const chainOf = new WeakMap<readonly Rule[], Chain>();
const listCache = new WeakMap<PortRules[], { chains: Chain[]; names: string[] }>();
/** The per-service chains kube-proxy owns (and deletes on a full sync). */
const SERVICE_CHAIN = /^KUBE-(SVC|SVL|EXT|SEP|FW)-/;

/** The (immutable, shareable) chain object for a generated rule array. */
function sharedChain(name: string, rules: readonly Rule[]): Chain {
  let c = chainOf.get(rules);
  if (!c || c.name !== name) chainOf.set(rules, (c = { name, rules }));
  return c;
}

function ensureChain(t: Table, name: string): void {
  if (!t.chains.has(name)) t.chains.set(name, { name, rules: [] });
  t.touched = true;
}

/** EnsureRule: add the rule unless an identical one is already there (prepend or append). */
function ensureRule(t: Table, chain: string, r: Rule, append: boolean): void {
  const c = t.chains.get(chain)!;
  if (c.rules.some((x) => sameRule(x, r))) return;
  setRules(t, c, append ? [...c.rules, r] : [r, ...c.rules]);
}

export class IptablesSync {
  /** Service key → its ports' rules when the same on every node. */
  private readonly shared = new Map<string, PortRules[]>();
  /** Service key → node → rules, for services with a Local traffic policy. */
  private readonly perNode = new Map<string, Map<string, PortRules[]>>();
  /** Node → service key → chains it installed. */
  private readonly installed = new Map<string, Map<string, string[]>>();
  private sortedKeys: string[] | undefined;
  private readonly nodePortsRule = nodePortsJump();

  constructor(
    private readonly opts: () => Omit<GenOptions, 'node'>,
    private readonly nodes: () => NodeTarget[],
  ) {}

  /** Last generation per service, with the inputs it came from: unchanged services are not regenerated. */
  private readonly generated = new Map<string, { sig: string; shared?: PortRules[]; perNode?: Map<string, PortRules[]> }>();

  private generate(key: string, ports: SvcPort[]): void {
    this.shared.delete(key);
    this.perNode.delete(key);
    this.sortedKeys = undefined;
    if (!ports.length) {
      this.generated.delete(key);
      return;
    }
    const o = this.opts();
    const dependent = ports.some(nodeDependent);
    const nodes = this.nodes();
    const sig = JSON.stringify([ports, o, dependent ? nodes.map((n) => n.name) : 0]);
    const prev = this.generated.get(key);
    if (prev?.sig === sig) {
      if (prev.shared) this.shared.set(key, prev.shared);
      if (prev.perNode) this.perNode.set(key, prev.perNode);
      return;
    }
    if (dependent) {
      const m = new Map<string, PortRules[]>();
      for (const n of nodes) m.set(n.name, ports.map((p) => portRules(p, { ...o, node: n.name })));
      this.perNode.set(key, m);
      this.generated.set(key, { sig, perNode: m });
    } else {
      const rules = ports.map((p) => portRules(p, { ...o, node: '' }));
      this.shared.set(key, rules);
      this.generated.set(key, { sig, shared: rules });
    }
  }

  private rulesOf(key: string, node: string): PortRules[] {
    return this.shared.get(key) ?? this.perNode.get(key)?.get(node) ?? [];
  }

  private keys(): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...new Set([...this.shared.keys(), ...this.perNode.keys()])].sort();
    return this.sortedKeys;
  }

  /** Assembles one aggregate chain for a node (shared between nodes when no Local policies exist). */
  private aggregate(node: string, part: keyof Omit<PortRules, 'natChains'>, cache: Map<string, Rule[]>): Rule[] {
    const ck = this.perNode.size ? `${node}/${part}` : part;
    const hit = cache.get(ck);
    if (hit) return hit;
    const out: Rule[] = [];
    for (const k of this.keys()) for (const pr of this.rulesOf(k, node)) for (const r of pr[part]) out.push(r);
    if (part === 'natServices') out.push(this.nodePortsRule);
    cache.set(ck, out);
    return out;
  }

  /** A service's chains on a node as shared Chain objects (one per generated rule array). */
  private chainList(key: string, node: string): { chains: Chain[]; names: string[] } {
    const prs = this.rulesOf(key, node);
    let hit = listCache.get(prs);
    if (!hit) {
      const chains: Chain[] = [];
      for (const pr of prs) for (const [c, rules] of pr.natChains) chains.push(sharedChain(c, rules));
      listCache.set(prs, (hit = { chains, names: chains.map((c) => c.name) }));
    }
    return hit;
  }

  private installService(n: NodeTarget, key: string): void {
    const nat = n.ns.nf.tables.nat;
    let mine = this.installed.get(n.name);
    if (!mine) this.installed.set(n.name, (mine = new Map()));
    const want = this.chainList(key, n.name);
    const keep = new Set(want.names);
    for (const c of mine.get(key) ?? []) if (!keep.has(c)) {
      for (const r of nat.chains.get(c)?.rules ?? []) nat.counters.delete(r);
      nat.chains.delete(c);
    }
    for (const c of want.chains) nat.chains.set(c.name, c);
    if (want.names.length) mine.set(key, want.names);
    else mine.delete(key);
  }

  private installAggregates(nodes: NodeTarget[]): void {
    const cache = new Map<string, Rule[]>();
    for (const n of nodes) {
      for (const a of AGGREGATES) {
        const t = n.ns.nf.tables[a.table];
        ensureChain(t, a.chain);
        t.chains.set(a.chain, sharedChain(a.chain, this.aggregate(n.name, a.part, cache)));
      }
    }
  }

  /** Forgets every generated rule, so the next sync regenerates (and re-parses) all of them. */
  forgetGenerated(): void {
    this.generated.clear();
  }

  /** Recomputes every service and rewrites every node's kube-proxy chains. */
  fullSync(services: Map<string, SvcPort[]>): void {
    this.shared.clear();
    this.perNode.clear();
    for (const [k, ports] of services) this.generate(k, ports);
    const nodes = this.nodes();
    const fixed = fixedChainRules();
    const jumps = jumpRules();
    // The service chains every node has alike, assembled once and copied into each node's table.
    const base = new Map<string, Chain>();
    const baseInstalled = new Map<string, string[]>();
    for (const k of this.keys()) {
      if (!this.shared.has(k)) continue;
      const l = this.chainList(k, '');
      for (const c of l.chains) base.set(c.name, c);
      if (l.names.length) baseInstalled.set(k, l.names);
    }
    for (const n of nodes) {
      const tables = n.ns.nf.tables;
      // A full sync rewrites kube-proxy's chains, which zeroes their counters.
      for (const t of [tables.nat, tables.filter]) for (const r of [...t.counters.keys()]) if (r.owner === 'kube-proxy') t.counters.delete(r);
      // Every kube-proxy service chain goes; other chains (built-ins, flannel's, a learner's) stay.
      const own: [string, Chain][] = [];
      const old = tables.nat.chains;
      for (const [name, c] of old instanceof LayeredChains ? old.ownEntries() : old.entries()) if (!SERVICE_CHAIN.test(name) && !base.has(name)) own.push([name, c]);
      tables.nat.chains = new LayeredChains(base, own);
      for (const name of [...tables.filter.chains.keys()]) if (SERVICE_CHAIN.test(name)) tables.filter.chains.delete(name);
      for (const [tn, names] of Object.entries(FIXED_CHAINS) as [keyof typeof FIXED_CHAINS, readonly string[]][]) {
        for (const c of names) {
          ensureChain(tables[tn], c);
          tables[tn].chains.set(c, { name: c, rules: [] });
        }
      }
      for (const f of fixed) tables[f.table].chains.set(f.chain, sharedChain(f.chain, f.rules));
      // jumpRules() lists them in their final order; prepending in reverse leaves them so.
      for (const j of [...jumps].reverse()) if (!j.append) ensureRule(tables[j.table], j.chain, j.rule, false);
      for (const j of jumps) if (j.append) ensureRule(tables[j.table], j.chain, j.rule, true);
      this.installed.set(n.name, new Map(baseInstalled));
      for (const k of this.perNode.keys()) this.installService(n, k);
    }
    this.installAggregates(nodes);
  }

  /** Some services changed (or went): only their chains and the aggregates are rewritten. */
  syncServices(changes: [string, SvcPort[]][]): void {
    for (const [key, ports] of changes) this.generate(key, ports);
    const nodes = this.nodes();
    for (const n of nodes) for (const [key] of changes) this.installService(n, key);
    this.installAggregates(nodes);
  }

  /** Removes everything kube-proxy's iptables mode wrote (switching modes, `kube-proxy --cleanup`). */
  cleanup(): void {
    for (const n of this.nodes()) removeKubeProxyRules(n.ns);
    this.installed.clear();
    this.generated.clear();
    this.shared.clear();
    this.perNode.clear();
    this.sortedKeys = undefined;
  }
}

/** Deletes kube-proxy's chains and the jumps to them, leaving the kubelet's and everyone else's. */
export function removeKubeProxyRules(ns: NetNS): void {
  for (const t of Object.values(ns.nf.tables)) {
    for (const c of [...t.chains.values()]) {
      const keep = c.rules.filter((r) => r.owner !== 'kube-proxy');
      if (keep.length !== c.rules.length) setRules(t, c, keep);
    }
    for (const name of [...t.chains.keys()]) {
      if (/^KUBE-/.test(name) && !/^KUBE-(KUBELET-CANARY|FIREWALL|IPTABLES-HINT)$/.test(name)) t.chains.delete(name);
    }
  }
}
