/**
 * Route health of the pod network between nodes: can node A reach node B's pod subnet the
 * way its CNI intends? Read from kernel state only (routes, neighbours, FDB, link state)
 * plus the CNI's own records (leases, BGP sessions, routes the kernel refused), so
 * `ip route del`, `ip neigh del`, `ip link set flannel.1 down` or a cut BGP peering shows.
 * Pairs in, health out: independent of which edges the view draws.
 */
import type { Engine } from './engine';
import type { TopoEdge } from '../api/topology';
import type { NetNS } from '../kernel/netns';
import type { Route } from '../kernel/types';
import type { NodeNet } from '../controllers/cni/types';
import { routePrefix } from '../kernel/routes';
import { nthAddress, parseIPv4, parsePrefix } from '../kernel/ip';
import { sessionKey } from '../controllers/cni/calico';
import { flanneldLease } from './walk/flanneld';
import { nsIndexes, type NsIndex } from './topology-health-index';
import { why, whyText, type HealthWhy } from '../api/health';

/** One direction's verdict: broken carries what is missing, as a sentence and as a code the window translates. */
export type PairHealth = { state: 'ok' } | { state: 'broken'; reason: string; why: HealthWhy };

/** How the CNI means a packet for B's pods to leave A. */
interface Intent {
  /** The device the route to B's subnet uses. */
  dev: string;
  /** The gateway that route names (B's VTEP address, or B's node IP); none for flannel udp. */
  via?: string;
  /** What `via` is, for the reason. */
  viaWhat?: 'vtep' | 'nodeIp';
  /** VXLAN: the neighbour and FDB entries must lead to B. */
  vxlan: boolean;
  /** A tunnel device that must be up on both ends. */
  tunnel: boolean;
  /** Calico with BIRD: the route is learned over the mesh session. */
  bgp: boolean;
  /** flannel udp: flanneld needs a lease for the destination. */
  udp: boolean;
}

function intent(dev: string, via: string | undefined, viaWhat: Intent['viaWhat'], kind: 'vxlan' | 'udp' | 'ipip' | 'direct', bgp: boolean): Intent {
  return { dev, via, viaWhat, vxlan: kind === 'vxlan', tunnel: kind !== 'direct', bgp, udp: kind === 'udp' };
}

function intentOf(engine: Engine, a: NodeNet, b: NodeNet): Intent | undefined {
  const cni = engine.spec.cni;
  if (cni.plugin === 'flannel') {
    if (cni.backend === 'vxlan') return intent('flannel.1', b.tunnelIp, 'vtep', 'vxlan', false);
    if (cni.backend === 'udp') return intent('flannel0', undefined, undefined, 'udp', false);
    return intent('eth0', b.ip, 'nodeIp', 'direct', false);
  }
  if (cni.plugin === 'calico') {
    if (cni.backend === 'vxlan') return intent('vxlan.calico', b.tunnelIp, 'vtep', 'vxlan', false);
    const ipip = cni.backend === 'ipip' && (cni.ipipMode !== 'CrossSubnet' || a.segment !== b.segment);
    return ipip ? intent('tunl0', b.ip, 'nodeIp', 'ipip', true) : intent('eth0', b.ip, 'nodeIp', 'direct', true);
  }
  return undefined;
}

/** A destination node, parsed once per pass: an address in its pod subnet, and its node IP. */
interface Target {
  len: number;
  dst: string;
  dstN: number;
  ipN: number;
}

/** What one pass over many pairs parses once: indexed namespaces and destination nodes. */
export interface HealthPass {
  ns: (ns: NetNS) => NsIndex;
  targets: Map<string, Target | null>;
}

/** A fresh pass (kernel state must not change while it is used). */
export function healthPass(): HealthPass {
  return { ns: nsIndexes(), targets: new Map() };
}

function targetOf(pass: HealthPass, b: NodeNet): Target | undefined {
  let t = pass.targets.get(b.name);
  if (t === undefined) {
    const p = parsePrefix(b.subnet);
    const ipN = parseIPv4(b.ip);
    const dst = p ? nthAddress(p, 1) : '';
    t = p && ipN !== undefined ? { len: p.len, dst, dstN: parseIPv4(dst)!, ipN } : null;
    pass.targets.set(b.name, t);
  }
  return t ?? undefined;
}

/** `default via 192.168.56.1 dev eth0` — a route as `ip route` shows its head. */
function routeText(r: Route): string {
  const head = r.type === 'unicast' ? r.dst : `${r.type} ${r.dst}`;
  return [r.dst === '0.0.0.0/0' && r.type === 'unicast' ? 'default' : head, r.via && `via ${r.via}`, r.dev && `dev ${r.dev}`].filter(Boolean).join(' ');
}

/** Why A cannot reach B's pods as intended, or undefined when it can. */
function brokenBecause(engine: Engine, a: NodeNet, b: NodeNet, ans: NetNS, bns: NetNS, want: Intent, pass: HealthPass): HealthWhy | undefined {
  const state = engine.cni!.state;
  if (want.bgp && !state.bgp[sessionKey(a.name, b.name)]?.up) {
    return why('bgpDown', { a: a.name, b: b.name, subnet: b.subnet });
  }
  const nic = ans.links.find((l) => l.segment);
  if (nic && !nic.up) return why('devDown', { dev: nic.name, node: a.name });
  const target = targetOf(pass, b);
  if (!target) return undefined;
  const ai = pass.ns(ans);
  const r = ai.lookup(target.dstN);
  const rejected = state.rejected.find((x) => x.node === a.name && x.dst === b.subnet);
  // Only flannel udp means a wider route (the /16 on flannel0); others a route per subnet.
  const specific = !!r && (want.udp || routePrefix(r).len >= target.len);
  if (!r || r.table !== 'main' || r.type !== 'unicast' || r.dev !== want.dev || !specific) {
    // The CNI's refusal (controllers/cni), in words the window can translate.
    const seg = { a: a.name, b: b.name, bip: b.ip, bseg: b.segment, aseg: a.segment, subnet: b.subnet };
    if (rejected) return why(engine.spec.cni.plugin === 'flannel' ? 'hostGwSegments' : 'bgpNextHop', seg);
    // The kernel drops a device's routes when it goes down: say why they are gone.
    if (ans.link(want.dev)?.up === false) return why('devDownRoutesGone', { dev: want.dev, node: a.name });
    if (!r) return why('noRoute', { a: a.name, subnet: b.subnet });
    if (r.type !== 'unicast') return why('nonUnicast', { a: a.name, type: r.type, dst: r.dst, b: b.name });
    if (!specific) return why('followsOther', { a: a.name, subnet: b.subnet, route: routeText(r) });
    return why('followsOtherDev', { a: a.name, subnet: b.subnet, dev: want.dev, route: routeText(r) });
  }
  if (want.via && r.via !== want.via) {
    const vtep = want.viaWhat === 'vtep';
    const code = r.via ? (vtep ? 'wrongVtep' : 'wrongNodeIp') : vtep ? 'noGatewayVtep' : 'noGatewayNodeIp';
    return why(code, { a: a.name, subnet: b.subnet, via: r.via ?? '', b: b.name, want: want.via });
  }
  if (want.tunnel) {
    for (const [host, ns] of [[a.name, ans], [b.name, bns]] as const) {
      const dev = ns.link(want.dev);
      if (!dev) return why('noDevice', { node: host, dev: want.dev });
      if (!dev.up) return why('devDown', { dev: want.dev, node: host });
    }
  }
  if (want.vxlan) {
    const vtep = vtepBroken(a, b, ai, bns, want.dev, r.via!);
    if (vtep) return vtep;
  }
  if (want.udp && flanneldLease(engine, target.dst)?.node !== b.name) return why('noLease', { a: a.name, subnet: b.subnet });
  const outer = ai.lookup(target.ipN);
  if (!outer || outer.type !== 'unicast') return why('noUnderlayRoute', { a: a.name, b: b.name, bip: b.ip });
  return undefined;
}

/** VXLAN without learning: a PERMANENT neighbour for B's VTEP address, and an FDB entry sending its MAC to B. */
function vtepBroken(a: NodeNet, b: NodeNet, ai: NsIndex, bns: NetNS, dev: string, via: string): HealthWhy | undefined {
  const n = ai.neigh(via, dev);
  if (!n || !n.lladdr || n.state === 'FAILED' || n.state === 'INCOMPLETE') {
    return why('noNeigh', { a: a.name, via, dev });
  }
  const remoteMac = bns.link(dev)?.mac;
  if (remoteMac && n.lladdr !== remoteMac) return why('wrongNeigh', { a: a.name, via, dev, mac: n.lladdr, b: b.name, remote: remoteMac });
  const f = ai.fdbDst(n.lladdr, dev);
  if (!f) return why('noFdb', { a: a.name, mac: n.lladdr, dev });
  if (f.dst !== b.ip) return why('wrongFdb', { a: a.name, mac: n.lladdr, dst: f.dst ?? '', b: b.name, bip: b.ip });
  return undefined;
}

/**
 * Can node `from` reach node `to`'s pod subnet as its CNI intends? Undefined when the
 * question does not apply (the plain bridge CNI, a node the CNI does not know, the same node).
 * `pass` shares parsed kernel state across the pairs of one pass.
 */
export function pairHealth(engine: Engine, from: string, to: string, pass = healthPass()): PairHealth | undefined {
  const state = engine.cni?.state;
  const a = state?.nodes[from];
  const b = state?.nodes[to];
  if (!a || !b || from === to) return undefined;
  const ans = engine.netns.get(`node/${from}`);
  const bns = engine.netns.get(`node/${to}`);
  const want = intentOf(engine, a, b);
  if (!ans || !bns || !want) return undefined;
  const w = brokenBecause(engine, a, b, ans, bns, want, pass);
  return w ? { state: 'broken', reason: whyText(w), why: w } : { state: 'ok' };
}

/** Every directed pair of the CNI's nodes, `from>to` → health (in node order). */
export function clusterHealth(engine: Engine): Map<string, PairHealth> {
  const out = new Map<string, PairHealth>();
  const names = engine.spec.nodes.map((n) => n.name);
  const pass = healthPass();
  for (const from of names) {
    for (const to of names) {
      const h = pairHealth(engine, from, to, pass);
      if (h) out.set(`${from}>${to}`, h);
    }
  }
  return out;
}

/** The machine an endpoint id belongs to: `if:node-1:flannel.1` / `node:node-1` → node-1. */
function machineOf(id: string): string | undefined {
  if (id.startsWith('node:')) return id.slice(5);
  if (id.startsWith('if:')) return id.slice(3, id.lastIndexOf(':'));
  return undefined;
}

function breakEdge(e: TopoEdge, whys: HealthWhy[]): void {
  if (!whys.length) return;
  e.state = 'broken';
  e.reason = whys.map(whyText).join('\n');
  e.whys = whys;
  e.details = { ...e.details, broken: e.reason };
}

/**
 * Marks the drawn edges that kernel state breaks. A pair's route health goes on the tunnel
 * edge joining the two nodes, else on their BGP edge, else (host-gw, or a view that does
 * not draw every pair) on the sender's underlay edge; a BGP edge is also broken by its own
 * session being down, and an underlay edge by its NIC being down.
 */
export function markRouteHealth(engine: Engine, edges: TopoEdge[]): void {
  if (!engine.cni) return;
  const memo = new Map<string, PairHealth | undefined>();
  const pass = healthPass();
  const health = (a: string, b: string) => {
    const k = `${a}>${b}`;
    if (!memo.has(k)) memo.set(k, pairHealth(engine, a, b, pass));
    return memo.get(k);
  };
  const both = (a: string, b: string) =>
    [[a, b], [b, a]].flatMap(([x, y]) => {
      const h = health(x!, y!);
      return h?.state === 'broken' ? [{ ...h.why, from: x!, to: y! }] : [];
    });
  const covered = new Set<string>();
  const pairOf = (e: TopoEdge) => {
    const a = machineOf(e.source);
    const b = machineOf(e.target);
    return a && b && a !== b ? ([a, b] as const) : undefined;
  };
  for (const e of edges) {
    const p = e.kind === 'tunnel' ? pairOf(e) : undefined;
    if (!p) continue;
    covered.add(`${p[0]}>${p[1]}`).add(`${p[1]}>${p[0]}`);
    breakEdge(e, both(p[0], p[1]));
  }
  for (const e of edges) {
    const p = e.kind === 'bgp' ? pairOf(e) : undefined;
    if (!p) continue;
    const up = engine.cni.state.bgp[sessionKey(p[0], p[1])]?.up;
    if (covered.has(`${p[0]}>${p[1]}`)) breakEdge(e, up === false ? [why('bgpSessionDown', { a: p[0], b: p[1] })] : []);
    else breakEdge(e, both(p[0], p[1]));
    covered.add(`${p[0]}>${p[1]}`).add(`${p[1]}>${p[0]}`);
  }
  const names = engine.spec.nodes.map((n) => n.name);
  for (const e of edges) {
    if (e.kind !== 'underlay') continue;
    const a = machineOf(e.source);
    const ns = a ? engine.netns.get(`node/${a}`) : undefined;
    if (!a || !ns) continue;
    const nic = ns.links.find((l) => `if:${a}:${l.name}` === e.source);
    const reasons: HealthWhy[] = nic && !nic.up ? [why('devDown', { dev: nic.name, node: a })] : [];
    for (const b of names) {
      if (b === a || covered.has(`${a}>${b}`)) continue;
      const h = health(a, b);
      if (h?.state === 'broken') reasons.push({ ...h.why, from: a, to: b });
    }
    breakEdge(e, reasons);
  }
}
