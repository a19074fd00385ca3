/**
 * kube-proxy's IPVS mode (pkg/proxy/ipvs/proxier.go, v1.32): every ClusterIP / external IP /
 * LoadBalancer IP bound to the kube-ipvs0 dummy (DOWN, NOARP) so it is local, one virtual
 * server per service address and port (NodePorts on every node address) with the
 * endpoints as Masq real servers, `persistent` for ClientIP affinity, the ipsets the
 * smaller iptables rule set matches against, and that rule set. Synced per service.
 */
import type { Engine } from '../../sim/engine';
import type { NetNS } from '../../kernel/netns';
import type { Address, Route } from '../../kernel/types';
import type { IpSet, VirtualService } from '../../kernel/ipvs/state';
import { mustAddLink } from '../../kernel/links';
import { randomMac } from '../../kernel/mac';
import { setRules } from '../../kernel/netfilter/ops';
import { endpointOrigin, fixedChainRules, jumpRules, serviceOrigin, type GenOptions } from './iptables';
import { ipvsJumps, ipvsRules, SETS } from './ipvs-rules';
import { externallyAccessible, type SvcPort } from './model';
import type { NodeTarget } from './sync';

export const IPVS_DEV = 'kube-ipvs0';

/** An empty ipset as kube-proxy creates it. */
function makeSet(name: string): IpSet {
  const [, type, comment] = SETS.find(([n]) => n === name) ?? [name, 'hash:ip,port', ''];
  return { name, type, comment, entries: new Set<string>(), ...(type === 'bitmap:port' ? { range: '0-65535' } : {}) } as IpSet;
}

/**
 * What one service contributes: the part every node shares (its VIPs on kube-ipvs0, the
 * virtual services that do not depend on the node, the entries of the global ipsets) and
 * the part of one node (NodePorts on its addresses, Local-policy services, KUBE-LOOP-BACK).
 */
interface SharedPart {
  vips: string[];
  services: VirtualService[];
  sets: [string, string][];
}

interface NodePart {
  services: VirtualService[];
  loopback: string[];
}

function vs(proto: 'TCP' | 'UDP', vip: string, port: number, p: SvcPort, eps: SvcPort['endpoints']): VirtualService {
  return {
    proto,
    vip,
    port,
    scheduler: 'rr',
    ...(p.affinity !== undefined ? { persistent: p.affinity } : {}),
    reals: eps.map((e) => {
      const origin = endpointOrigin(p, e);
      return { ip: e.ip, port: e.port, forward: 'Masq' as const, weight: 1, ...(origin ? { origin } : {}) };
    }),
    owner: p.key,
    origin: serviceOrigin(p),
  };
}

/** The node's own addresses a NodePort listens on (all but loopback and kube-ipvs0). */
function nodeAddresses(ns: NetNS): string[] {
  const skip = new Set(ns.links.filter((l) => l.kind === 'loopback' || l.name === IPVS_DEV).map((l) => l.ifindex));
  return ns.addrs.filter((a) => !skip.has(a.ifindex) && a.scope === 'global').map((a) => a.ip);
}

function sharedPart(ports: SvcPort[]): SharedPart {
  const c: SharedPart = { vips: [], services: [], sets: [] };
  for (const p of ports) {
    const P = p.proto === 'tcp' ? 'TCP' : 'UDP';
    const ipPort = (ip: string) => `${ip},${p.proto}:${p.port}`;
    c.vips.push(p.clusterIP!);
    if (!p.intLocal) c.services.push(vs(P, p.clusterIP!, p.port, p, p.endpoints));
    c.sets.push(['KUBE-CLUSTER-IP', ipPort(p.clusterIP!)], ['KUBE-IPVS-IPS', p.clusterIP!]);
    for (const ip of p.externalIPs) {
      c.vips.push(ip);
      if (!p.extLocal) c.services.push(vs(P, ip, p.port, p, p.endpoints));
      c.sets.push([p.extLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', ipPort(ip)], ['KUBE-IPVS-IPS', ip]);
    }
    for (const ip of p.lbIPs) {
      c.vips.push(ip);
      if (!p.extLocal) c.services.push(vs(P, ip, p.port, p, p.endpoints));
      c.sets.push(['KUBE-LOAD-BALANCER', ipPort(ip)], ['KUBE-IPVS-IPS', ip]);
      if (p.extLocal) c.sets.push(['KUBE-LOAD-BALANCER-LOCAL', ipPort(ip)]);
    }
    if (p.nodePort && externallyAccessible(p)) {
      c.sets.push([`KUBE-NODE-PORT-${P}`, String(p.nodePort)]);
      if (p.extLocal) c.sets.push([`KUBE-NODE-PORT-LOCAL-${P}`, String(p.nodePort)]);
    }
    if (p.healthCheckNodePort) c.sets.push(['KUBE-HEALTH-CHECK-NODE-PORT', String(p.healthCheckNodePort)]);
  }
  return c;
}

function nodePart(ports: SvcPort[], n: NodeTarget): NodePart {
  const c: NodePart = { services: [], loopback: [] };
  for (const p of ports) {
    const P = p.proto === 'tcp' ? 'TCP' : 'UDP';
    const local = p.endpoints.filter((e) => e.node === n.name);
    const extEps = p.extLocal ? local : p.endpoints;
    if (p.intLocal) c.services.push(vs(P, p.clusterIP!, p.port, p, local));
    if (p.extLocal) for (const ip of [...p.externalIPs, ...p.lbIPs]) c.services.push(vs(P, ip, p.port, p, local));
    if (p.nodePort && externallyAccessible(p)) for (const ip of nodeAddresses(n.ns)) c.services.push(vs(P, ip, p.nodePort, p, extEps));
    for (const e of local) c.loopback.push(`${e.ip},${p.proto}:${e.port},${e.ip}`);
  }
  return c;
}

export class IpvsSync {
  /** node → service key → its node part installed there. */
  private readonly installed = new Map<string, Map<string, NodePart>>();
  /** service key → its shared part. */
  private readonly shared = new Map<string, SharedPart>();
  private readonly sharedCache = new Map<string, { sig: string; part: SharedPart }>();
  /** The ipsets every node has alike: one object each, in every node's ipset table. */
  private readonly globalSets = new Map<string, IpSet>();
  /** kube-ipvs0 address and local-route objects, one per (ifindex, IP) for all nodes (treated as immutable). */
  private readonly addrMemo = new Map<number, Map<string, { addr: Address; route: Route }>>();

  constructor(
    private readonly engine: Engine,
    private readonly opts: () => Omit<GenOptions, 'node'>,
    private readonly nodes: () => NodeTarget[],
  ) {}

  private ensureBase(n: NodeTarget, hasLb: boolean): void {
    const ns = n.ns;
    if (!ns.link(IPVS_DEV)) {
      const rng = this.engine.env.rng.fork(`kube-ipvs0:${n.name}`);
      mustAddLink(ns, { kind: 'dummy', name: IPVS_DEV, mac: randomMac(rng), mtu: 1500, up: false, owner: 'kube-proxy' });
    }
    for (const [name] of SETS) {
      if (name === 'KUBE-LOOP-BACK') {
        if (!ns.ipsets.sets.has(name)) ns.ipsets.sets.set(name, makeSet(name));
        continue;
      }
      ns.ipsets.sets.set(name, this.globalSet(name));
    }
    const t = ns.nf.tables;
    for (const tn of ['mangle', 'nat', 'filter'] as const) {
      for (const c of ['KUBE-KUBELET-CANARY', 'KUBE-PROXY-CANARY']) if (!t[tn].chains.has(c)) t[tn].chains.set(c, { name: c, rules: [] });
      t[tn].touched = true;
    }
    if (!t.mangle.chains.has('KUBE-IPTABLES-HINT')) t.mangle.chains.set('KUBE-IPTABLES-HINT', { name: 'KUBE-IPTABLES-HINT', rules: [] });
    for (const c of ['KUBE-IPVS-OUT-FILTER', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL']) if (!t.filter.chains.has(c)) t.filter.chains.set(c, { name: c, rules: [] });
    for (const f of ipvsRules(this.opts(), hasLb)) {
      const table = t[f.table];
      table.chains.set(f.chain, { ...(table.chains.get(f.chain) ?? { name: f.chain }), rules: f.rules });
    }
    // The kubelet's KUBE-FIREWALL is there whatever kube-proxy's mode.
    const fw = fixedChainRules().find((f) => f.chain === 'KUBE-FIREWALL')!;
    if (!t.filter.chains.has('KUBE-FIREWALL')) t.filter.chains.set('KUBE-FIREWALL', { name: 'KUBE-FIREWALL', rules: fw.rules });
    const kubelet = jumpRules().filter((j) => j.rule.owner === 'kubelet');
    for (const j of [...ipvsJumps(), ...kubelet]) {
      const c = t[j.table].chains.get(j.chain)!;
      const spec = JSON.stringify(j.rule.matches) + JSON.stringify(j.rule.target);
      if (!c.rules.some((r) => JSON.stringify(r.matches) + JSON.stringify(r.target) === spec)) setRules(t[j.table], c, [...c.rules, j.rule]);
    }
  }

  /** The kube-ipvs0 address and local route of `ip`: one object pair for all nodes (treated as immutable). */
  private addrOf(ifindex: number, ip: string): { addr: Address; route: Route } {
    let byIp = this.addrMemo.get(ifindex);
    if (!byIp) this.addrMemo.set(ifindex, (byIp = new Map()));
    let ar = byIp.get(ip);
    if (!ar) {
      ar = {
        addr: { ifindex, ip, prefixLen: 32, scope: 'global' },
        route: { table: 'local', type: 'local', dst: `${ip}/32`, dev: IPVS_DEV, proto: 'kernel', scope: 'host', src: ip, owner: 'kernel' },
      };
      byIp.set(ip, ar);
    }
    return ar;
  }

  /** A global ipset, made on first use (a full sync fills the sets before any node's base exists). */
  private globalSet(name: string): IpSet {
    let g = this.globalSets.get(name);
    if (!g) this.globalSets.set(name, (g = makeSet(name)));
    return g;
  }

  /** Updates the global ipsets (shared by all nodes) from one service's old and new shared part. */
  private applySets(prev: SharedPart | undefined, next: SharedPart | undefined): void {
    for (const [set, e] of prev?.sets ?? []) this.globalSets.get(set)?.entries.delete(e);
    for (const [set, e] of next?.sets ?? []) this.globalSet(set).entries.add(e);
  }

  /** Installs one service's parts on one node, replacing what it had there. */
  private apply(n: NodeTarget, key: string, prev: SharedPart | undefined, next: SharedPart | undefined, np: NodePart | undefined): void {
    const ns = n.ns;
    let mine = this.installed.get(n.name);
    if (!mine) this.installed.set(n.name, (mine = new Map()));
    const old = mine.get(key);
    const dev = ns.link(IPVS_DEV)!;
    const loop = ns.ipsets.sets.get('KUBE-LOOP-BACK');
    if (prev || old) {
      const keep = new Set(next?.vips ?? []);
      const gone = new Set((prev?.vips ?? []).filter((v) => !keep.has(v)));
      if (gone.size) {
        ns.addrs = ns.addrs.filter((a) => !(a.ifindex === dev.ifindex && gone.has(a.ip)));
        ns.routes = ns.routes.filter((r) => !(r.dev === IPVS_DEV && r.table === 'local' && gone.has(r.src ?? '')));
      }
      ns.ipvs.services = ns.ipvs.services.filter((s) => s.owner !== key);
      for (const e of old?.loopback ?? []) loop?.entries.delete(e);
    }
    const had = new Set(prev?.vips ?? []);
    for (const ip of next?.vips ?? []) {
      if (had.has(ip)) continue;
      had.add(ip);
      // As fib_add_ifaddr does: the address and its `local` route, even though the dummy is down.
      const ar = this.addrOf(dev.ifindex, ip);
      ns.addrs.push(ar.addr);
      ns.routes.push(ar.route);
    }
    for (const v of next?.services ?? []) ns.ipvs.services.push(v);
    for (const v of np?.services ?? []) ns.ipvs.services.push(v);
    for (const e of np?.loopback ?? []) loop?.entries.add(e);
    if (np && (np.services.length || np.loopback.length)) mine.set(key, np);
    else mine.delete(key);
  }

  /** Forgets the cached shared parts, so the next full sync rebuilds every virtual service. */
  forgetGenerated(): void {
    this.sharedCache.clear();
  }

  fullSync(ports: Map<string, SvcPort[]>): void {
    const hasLb = [...ports.values()].some((ps) => ps.some((p) => p.lbIPs.length > 0));
    this.shared.clear();
    for (const s of this.globalSets.values()) s.entries.clear();
    const keys = [...ports.keys()].sort();
    for (const k of keys) {
      // Unchanged services keep their (immutable) shared part from the last sync.
      const sig = JSON.stringify(ports.get(k));
      const cached = this.sharedCache.get(k);
      const sp = cached?.sig === sig ? cached.part : sharedPart(ports.get(k)!);
      this.sharedCache.set(k, { sig, part: sp });
      this.shared.set(k, sp);
      this.applySets(undefined, sp);
    }
    for (const n of this.nodes()) {
      this.ensureBase(n, hasLb);
      this.installed.delete(n.name);
      const ns = n.ns;
      const dev = ns.link(IPVS_DEV)!;
      ns.ipsets.sets.get('KUBE-LOOP-BACK')?.entries.clear();
      const addrs = ns.addrs.filter((a) => a.ifindex !== dev.ifindex);
      const routes = ns.routes.filter((r) => r.dev !== IPVS_DEV);
      const services: VirtualService[] = [];
      const seen = new Set<string>();
      for (const k of keys) {
        const sp = this.shared.get(k)!;
        for (const ip of sp.vips) {
          if (seen.has(ip)) continue;
          seen.add(ip);
          const ar = this.addrOf(dev.ifindex, ip);
          addrs.push(ar.addr);
          routes.push(ar.route);
        }
        for (const v of sp.services) services.push(v);
      }
      ns.addrs = addrs;
      ns.routes = routes;
      ns.ipvs.services = services;
      for (const k of keys) {
        const ps = ports.get(k)!;
        // Most services have nothing node-specific: no NodePort, no Local policy, no endpoint here.
        if (!ps.some((p) => p.nodePort || p.intLocal || p.extLocal || p.endpoints.some((e) => e.node === n.name))) continue;
        const np = nodePart(ps, n);
        if (np.services.length || np.loopback.length) this.apply(n, k, undefined, undefined, np);
      }
    }
  }

  syncService(key: string, ports: SvcPort[]): void {
    const prev = this.shared.get(key);
    const next = ports.length ? sharedPart(ports) : undefined;
    this.applySets(prev, next);
    if (next) this.shared.set(key, next);
    else this.shared.delete(key);
    for (const n of this.nodes()) {
      if (!n.ns.link(IPVS_DEV)) this.ensureBase(n, false);
      this.apply(n, key, prev, next, ports.length ? nodePart(ports, n) : undefined);
    }
  }

  /** `kube-proxy --cleanup` for IPVS: virtual servers, kube-ipvs0 and the ipsets go. */
  cleanup(): void {
    for (const n of this.nodes()) {
      const ns = n.ns;
      ns.ipvs.services = [];
      ns.ipvs.persist.clear();
      ns.ipvs.conns = [];
      ns.ipvs.stats.clear();
      const dev = ns.link(IPVS_DEV);
      if (dev) {
        ns.addrs = ns.addrs.filter((a) => a.ifindex !== dev.ifindex);
        ns.routes = ns.routes.filter((r) => r.dev !== IPVS_DEV);
        ns.links = ns.links.filter((l) => l !== dev);
      }
      for (const [name] of SETS) ns.ipsets.sets.delete(name);
    }
    this.installed.clear();
    this.shared.clear();
    this.sharedCache.clear();
    this.globalSets.clear();
  }
}
