/**
 * Link operations on a namespace, as rtnetlink does them: ifindex allocation, veth
 * pairs whose ends live in two namespaces, enslaving to a bridge, admin up/down, and
 * deletion that takes the link's addresses, routes, neighbours and FDB entries with it.
 */
import type { NetNS } from './netns';
import type { Link, VethLink } from './types';
import { restoreConnectedRoutes } from './addrs';

/** Finds a namespace by id (the engine's map); veth peers need it. */
export type NetnsResolver = (id: string) => NetNS | undefined;

/** A link to add, without an ifindex (the namespace allocates one unless given). */
export type NewLink = Omit<Link, 'ifindex'> & { ifindex?: number };

/** Adds a link; returns it, or an error in rtnetlink's words when the name is taken. */
export function addLink(ns: NetNS, spec: NewLink): Link | { error: string } {
  if (ns.link(spec.name)) return { error: 'RTNETLINK answers: File exists' };
  const ifindex = spec.ifindex ?? ns.nextIfindex;
  if (ifindex >= ns.nextIfindex) ns.nextIfindex = ifindex + 1;
  const link = { ...spec, ifindex } as Link;
  const last = ns.links[ns.links.length - 1];
  ns.links.push(link);
  if (last && last.ifindex > ifindex) ns.links.sort((a, b) => a.ifindex - b.ifindex);
  return link;
}

/** Like addLink but throws: for controllers, where a clash is a programming error. */
export function mustAddLink(ns: NetNS, spec: NewLink): Link {
  const r = addLink(ns, spec);
  if ('error' in r) throw new Error(`${ns.id}: ${spec.name}: ${r.error}`);
  return r;
}

/**
 * Creates a veth pair: `hostName` in `a`, `peerName` in `b`, each pointing at the other
 * (`vethX@if3` / `eth0@if7`). Returns both ends.
 */
export function addVethPair(
  a: NetNS,
  hostName: string,
  hostMac: string,
  b: NetNS,
  peerName: string,
  peerMac: string,
  mtu: number,
  owner?: string,
): { host: VethLink; peer: VethLink } {
  const hostIdx = a.nextIfindex;
  const peerIdx = b.nextIfindex;
  const host = mustAddLink(a, {
    kind: 'veth', name: hostName, mac: hostMac, mtu, up: true, owner,
    peer: { netns: b.id, ifindex: peerIdx },
  } as VethLink) as VethLink;
  const peer = mustAddLink(b, {
    kind: 'veth', name: peerName, mac: peerMac, mtu, up: true, owner,
    peer: { netns: a.id, ifindex: hostIdx },
  } as VethLink) as VethLink;
  return { host, peer };
}

/**
 * Deletes a link and everything that hangs off it in this namespace; a veth's peer goes
 * too (deleting one end of a pair deletes both, as in Linux). Bridge ports are released.
 */
export function delLink(ns: NetNS, name: string, resolve: NetnsResolver): boolean {
  const link = ns.link(name);
  if (!link) return false;
  purgeLink(ns, link);
  if (link.kind === 'veth') {
    const other = resolve(link.peer.netns);
    const peer = other?.linkByIndex(link.peer.ifindex);
    if (other && peer) purgeLink(other, peer);
  }
  return true;
}

function purgeLink(ns: NetNS, link: Link): void {
  ns.links = ns.links.filter((l) => l !== link);
  ns.addrs = ns.addrs.filter((a) => a.ifindex !== link.ifindex);
  ns.routes = ns.routes.filter((r) => r.dev !== link.name);
  ns.neigh = ns.neigh.filter((n) => n.dev !== link.name);
  ns.fdb = ns.fdb.filter((f) => f.dev !== link.name && f.master !== link.name);
  for (const l of ns.links) if (l.master === link.name) delete l.master;
  ns.sysctl.proxyArp = ns.sysctl.proxyArp.filter((d) => d !== link.name);
}

/**
 * `ip link set DEV up|down`. Down flushes every route through the device but the
 * addresses' `local` ones (the kernel's fib_disable_ip); up re-adds broadcast and
 * prefix routes of its addresses.
 */
export function setLinkUp(ns: NetNS, name: string, up: boolean): boolean {
  const link = ns.link(name);
  if (!link) return false;
  if (link.up === up) return true;
  link.up = up;
  if (!up) {
    ns.routes = ns.routes.filter((r) => r.dev !== name || (r.type === 'local' && r.proto === 'kernel'));
    ns.neigh = ns.neigh.filter((n) => n.dev !== name || n.state === 'PERMANENT');
  } else {
    restoreConnectedRoutes(ns, link);
  }
  return true;
}

/** Makes `port` a port of `bridge` (`ip link set vethX master cni0`). */
export function setMaster(ns: NetNS, port: string, bridge: string | undefined): boolean {
  const l = ns.link(port);
  if (!l) return false;
  if (bridge === undefined) delete l.master;
  else l.master = bridge;
  return true;
}

/**
 * Does the link have carrier (LOWER_UP)? A veth needs its peer up, a bridge needs at
 * least one port up, virtual tunnels always have it once up.
 */
export function hasCarrier(ns: NetNS, link: Link, resolve: NetnsResolver): boolean {
  if (!link.up) return false;
  if (link.kind === 'veth') {
    const peer = resolve(link.peer.netns)?.linkByIndex(link.peer.ifindex);
    return !!peer && peer.up;
  }
  if (link.kind === 'bridge') return ns.links.some((l) => l.master === link.name && l.up);
  return true;
}

/**
 * Counts a packet on a link for `ip -s link` (the walker calls this as packets cross
 * interfaces; `dropped` counts a packet the link refused instead of one it carried).
 */
export function countPacket(link: Link, dir: 'rx' | 'tx', bytes: number, dropped = false): void {
  const s = (link.stats ??= { rxBytes: 0, rxPackets: 0, rxDropped: 0, txBytes: 0, txPackets: 0, txDropped: 0 });
  if (dir === 'rx') {
    if (dropped) s.rxDropped++;
    else {
      s.rxPackets++;
      s.rxBytes += bytes;
    }
  } else if (dropped) s.txDropped++;
  else {
    s.txPackets++;
    s.txBytes += bytes;
  }
}
