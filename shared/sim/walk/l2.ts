/**
 * Layer 2 as the walker needs it: the underlay (one switch per segment, found from the
 * nodes' eth0 addresses and the spec's segment CIDRs), ARP / neighbour resolution
 * (including the proxy ARP Calico relies on), and the bridge's FDB (learn, lookup, flood).
 * Lookups go through small indexes validated on use, so a walk never scans all pods.
 */
import type { Engine } from '../engine';
import type { NetNS } from '../../kernel/netns';
import type { FdbEntry, Link, Neighbour, VethLink } from '../../kernel/types';
import { inPrefix, ipToInt, parsePrefix } from './ip';

/** A NIC on the underlay: which namespace, which link, which segment. */
export interface Attachment {
  ns: NetNS;
  link: Link;
  ip: string;
  segment: string;
}

interface UnderlayIndex {
  byIp: Map<string, Attachment>;
  byMac: Map<string, Attachment>;
  size: number;
}

const underlayCache = new WeakMap<Engine, UnderlayIndex>();

/** The segment an underlay address sits in: a spec segment, else its own subnet. */
function segmentOf(engine: Engine, ip: string, prefixLen: number): string {
  const n = ipToInt(ip);
  for (const s of engine.spec.segments) {
    const p = parsePrefix(s.cidr);
    if (p && inPrefix(n, p)) return s.name;
  }
  const own = parsePrefix(`${ip}/${prefixLen}`);
  return own ? `subnet-${own.net}/${own.len}` : 'unknown';
}

function buildUnderlay(engine: Engine): UnderlayIndex {
  const idx: UnderlayIndex = { byIp: new Map(), byMac: new Map(), size: engine.netns.size };
  for (const ns of engine.netns.values()) {
    if (ns.kind === 'pod') continue;
    for (const link of ns.links) {
      if (link.kind !== 'ether') continue;
      for (const a of ns.addrs) {
        if (a.ifindex !== link.ifindex || a.scope === 'host') continue;
        const att = { ns, link, ip: a.ip, segment: (link as { segment?: string }).segment ?? segmentOf(engine, a.ip, a.prefixLen) };
        idx.byIp.set(a.ip, att);
        idx.byMac.set(`${att.segment}|${link.mac}`, att);
      }
    }
  }
  return idx;
}

function stillValid(engine: Engine, a: Attachment): boolean {
  return engine.netns.get(a.ns.id) === a.ns && a.ns.links.includes(a.link) && a.ns.addrs.some((x) => x.ip === a.ip && x.ifindex === a.link.ifindex);
}

function underlay(engine: Engine, rebuild = false): UnderlayIndex {
  let idx = underlayCache.get(engine);
  if (!idx || rebuild || idx.size !== engine.netns.size) {
    idx = buildUnderlay(engine);
    underlayCache.set(engine, idx);
  }
  return idx;
}

/** The underlay attachment holding `ip`, if any (validated; rebuilt once on a miss). */
export function underlayByIp(engine: Engine, ip: string): Attachment | undefined {
  let a = underlay(engine).byIp.get(ip);
  if (a && stillValid(engine, a)) return a;
  a = underlay(engine, true).byIp.get(ip);
  return a && stillValid(engine, a) ? a : undefined;
}

/** The attachment of one of `ns`'s underlay links (its segment), if that link is on the underlay. */
export function attachmentOf(engine: Engine, ns: NetNS, link: Link): Attachment | undefined {
  const addr = ns.addrs.find((a) => a.ifindex === link.ifindex && a.scope !== 'host');
  return addr ? underlayByIp(engine, addr.ip) : undefined;
}

/** The NIC with `mac` in `segment` (the switch's MAC table). */
export function underlayByMac(engine: Engine, segment: string, mac: string): Attachment | undefined {
  let a = underlay(engine).byMac.get(`${segment}|${mac}`);
  if (a && stillValid(engine, a)) return a;
  a = underlay(engine, true).byMac.get(`${segment}|${mac}`);
  return a && stillValid(engine, a) ? a : undefined;
}

/** The far end of a veth: namespace and link. */
export function vethPeer(engine: Engine, link: VethLink): { ns: NetNS; link: Link } | undefined {
  const ns = engine.netns.get(link.peer.netns);
  const peer = ns?.linkByIndex(link.peer.ifindex);
  return ns && peer ? { ns, link: peer } : undefined;
}

/** What ARP found: the MAC and how, or why nobody answered. */
export type ArpResult =
  | { ok: true; mac: string; how: 'cache' | 'arp' | 'proxy-arp' | 'noarp'; entry?: Neighbour; answeredBy?: string; via?: { ns: NetNS; link: Link } }
  | { ok: false; reason: string };

function hasAddr(ns: NetNS, link: Link, ip: string): boolean {
  return ns.addrs.some((a) => a.ifindex === link.ifindex && a.ip === ip);
}

/** Who on a bridge's L2 domain owns `ip` (the bridge itself or a port's veth peer). */
function searchBridge(engine: Engine, ns: NetNS, bridge: Link, ip: string, exceptPort?: string): { mac: string; by: string } | undefined {
  if (hasAddr(ns, bridge, ip)) return { mac: bridge.mac, by: `${ns.hostname} ${bridge.name}` };
  for (const port of ns.links) {
    if (port.master !== bridge.name || port.name === exceptPort || !port.up || port.kind !== 'veth') continue;
    const peer = vethPeer(engine, port);
    if (peer && peer.link.up && hasAddr(peer.ns, peer.link, ip)) return { mac: peer.link.mac, by: `${peer.ns.hostname} ${peer.link.name}` };
  }
  return undefined;
}

/** Resolves `ip` on `link` of `ns`: the neighbour table first, then an ARP request on that link's L2 domain. */
export function resolveNeighbour(engine: Engine, ns: NetNS, link: Link, ip: string): ArpResult {
  const cached = ns.neigh.find((n) => n.ip === ip && n.dev === link.name && !n.proxy);
  if (cached && cached.lladdr && cached.state !== 'FAILED' && cached.state !== 'INCOMPLETE') {
    return { ok: true, mac: cached.lladdr, how: 'cache', entry: cached };
  }
  if (link.kind === 'ipip' || link.kind === 'tun' || link.kind === 'loopback' || link.kind === 'dummy') return { ok: true, mac: '', how: 'noarp' };
  if (link.kind === 'vxlan') {
    return { ok: false, reason: `no neighbour entry for ${ip} on ${link.name}: VXLAN devices do not ARP here (learning off), the CNI installs PERMANENT entries` };
  }
  let found: { mac: string; by: string; how: 'arp' | 'proxy-arp'; via?: { ns: NetNS; link: Link } } | undefined;
  if (link.kind === 'bridge') {
    const hit = searchBridge(engine, ns, link, ip);
    if (hit && hit.mac !== link.mac) found = { ...hit, how: 'arp' };
  } else if (link.kind === 'veth') {
    const peer = vethPeer(engine, link);
    if (peer && peer.link.up) {
      if (hasAddr(peer.ns, peer.link, ip)) found = { mac: peer.link.mac, by: `${peer.ns.hostname} ${peer.link.name}`, how: 'arp' };
      else if (peer.link.master) {
        const br = peer.ns.link(peer.link.master);
        const hit = br && br.up ? searchBridge(engine, peer.ns, br, ip, peer.link.name) : undefined;
        if (hit) found = { ...hit, how: 'arp' };
      }
      if (!found && peer.ns.sysctl.proxyArp.includes(peer.link.name)) {
        found = { mac: peer.link.mac, by: `${peer.ns.hostname} ${peer.link.name} (proxy_arp)`, how: 'proxy-arp', via: peer };
      }
    }
  } else if (link.kind === 'ether') {
    const me = attachmentOf(engine, ns, link);
    const them = underlayByIp(engine, ip);
    if (me && them && them.segment === me.segment && them.link.up) found = { mac: them.link.mac, by: `${them.ns.hostname} ${them.link.name}`, how: 'arp' };
  }
  if (!found) {
    const seg = link.kind === 'ether' ? attachmentOf(engine, ns, link)?.segment : undefined;
    const where = seg ? `segment ${seg}` : `the L2 domain of ${link.name}`;
    return { ok: false, reason: `no ARP reply for ${ip} on ${link.name}: no host in ${where} has that address` };
  }
  const entry: Neighbour = { ip, dev: link.name, lladdr: found.mac, state: 'REACHABLE', owner: 'kernel (ARP)' };
  ns.neigh = ns.neigh.filter((n) => !(n.ip === ip && n.dev === link.name && !n.proxy));
  ns.neigh.push(entry);
  return { ok: true, mac: found.mac, how: found.how, entry, answeredBy: found.by, ...(found.via ? { via: found.via } : {}) };
}

/** Bridge learning: remember which port a source MAC came in on (as the kernel does). */
export function fdbLearn(ns: NetNS, bridge: string, port: string, mac: string): void {
  const e = ns.fdb.find((f) => f.mac === mac && f.master === bridge && !f.self);
  if (e) {
    if (!e.permanent) e.dev = port;
    return;
  }
  ns.fdb.push({ mac, dev: port, master: bridge, permanent: false, owner: 'kernel (bridge learning)' });
}

/** The bridge port for `mac`: from the FDB, or by flooding (the port whose far end owns it answers). */
export function fdbLookup(engine: Engine, ns: NetNS, bridge: Link, mac: string, inPort?: string): { port?: Link; how: 'fdb' | 'flood' | 'local'; entry?: string; used?: FdbEntry } {
  if (mac === bridge.mac) return { how: 'local' };
  const e = ns.fdb.find((f) => f.mac === mac && f.master === bridge.name && !f.self);
  if (e) {
    const port = ns.link(e.dev);
    return { port, how: 'fdb', entry: `${e.mac} dev ${e.dev} master ${bridge.name}${e.permanent ? ' permanent' : ''}`, used: e };
  }
  for (const port of ns.links) {
    if (port.master !== bridge.name || port.name === inPort || port.kind !== 'veth') continue;
    const peer = vethPeer(engine, port);
    if (peer?.link.mac === mac) return { port, how: 'flood' };
  }
  return { how: 'flood' };
}
