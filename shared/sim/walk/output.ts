/**
 * The sending half of the kernel's path: local output (route, OUTPUT, reroute after
 * DNAT, POSTROUTING), neighbour resolution and transmission on a device, including the
 * encapsulating devices — vxlan (flannel.1, vxlan.calico), ipip (tunl0) and flannel's
 * udp backend (flannel0 TUN read by flanneld in user space).
 */
import type { NetNS } from '../../kernel/netns';
import type { Packet } from '../../kernel/packet';
import type { Link } from '../../kernel/types';
import { step, type CarryCtx, type CarryEnd } from './context';
import { icmpError } from './errors';
import { runHook } from './nf';
import { lookupRoute, routeText, selectSource, type RouteResult } from './route';
import { resolveNeighbour, underlayByIp } from './l2';
import { elementsFor, ownerOf } from './record';
import { localIn, wire } from './input';
import { flanneldLease } from './flanneld';
import { provenance, provField } from './provenance';

/** Sends a packet generated in `ns` (a socket, an ICMP error, an encapsulation): route, OUTPUT, POSTROUTING, transmit. */
export function localOut(ctx: CarryCtx, ns: NetNS, packet: Packet): CarryEnd {
  const stop = step(ctx, ns);
  if (stop) return stop;
  let res = lookupRoute(ns, packet.ip.dst);
  if (!res) return { kind: 'unroutable', reason: `no route to ${packet.ip.dst} in ${ns.hostname}: Network is unreachable`, ns };
  const hooked = runHook(ctx, ns, 'OUTPUT', packet, undefined, res.link?.name);
  if ('end' in hooked) return hooked.end;
  if (hooked.packet.ip.dst !== packet.ip.dst) {
    const again = lookupRoute(ns, hooked.packet.ip.dst);
    if (!again) return { kind: 'unroutable', reason: `no route to ${hooked.packet.ip.dst} in ${ns.hostname} after NAT`, ns };
    res = again;
  }
  packet = hooked.packet;
  ctx.rec.add(ns, 'route', 'out', res.link?.name, `output route: ${routeText(res.route)}`, packet, { route: routeText(res.route), ...provField(provenance(`route ${routeText(res.route)}`, ns.hostname, res.route.origin, res.route.owner)) });
  return postRouting(ctx, ns, packet, res);
}

/** POSTROUTING, then the route's action: local delivery, a drop for blackhole / unreachable, or transmission. */
export function postRouting(ctx: CarryCtx, ns: NetNS, packet: Packet, res: RouteResult): CarryEnd {
  if (res.kind === 'local') {
    // Looped back (lo): POSTROUTING, then local input — INPUT and IPVS see it as on a real node.
    const hooked = runHook(ctx, ns, 'POSTROUTING', packet, undefined, res.link?.name);
    if ('end' in hooked) return hooked.end;
    return localIn(ctx, ns, res.link, hooked.packet);
  }
  if (res.kind !== 'unicast') {
    const reason = `${res.kind} route ${routeText(res.route)} on ${ns.hostname}`;
    ctx.rec.add(ns, 'drop', 'out', undefined, `dropped: ${reason}`, packet, { route: routeText(res.route), ...provField(provenance(`route ${routeText(res.route)}`, ns.hostname, res.route.origin, res.route.owner)) });
    const error = res.kind === 'blackhole' ? undefined : icmpError(ctx, ns, packet, res.kind === 'prohibit' ? 'adminProhibited' : 'hostUnreachable', false);
    return { kind: 'dropped', reason, ns, ...(error ? { error } : {}) };
  }
  const link = res.link;
  if (!link) return { kind: 'dropped', reason: `route ${routeText(res.route)} names a device that does not exist on ${ns.hostname}`, ns };
  const hooked = runHook(ctx, ns, 'POSTROUTING', packet, undefined, link.name);
  if ('end' in hooked) return hooked.end;
  return transmit(ctx, ns, link, hooked.packet, res);
}

/** Puts a routed packet on `link`: checks the link, resolves the next hop, encapsulates if the link is a tunnel. */
export function transmit(ctx: CarryCtx, ns: NetNS, link: Link, packet: Packet, res: RouteResult): CarryEnd {
  if (!link.up) {
    const reason = `${link.name} on ${ns.hostname} is down`;
    ctx.rec.add(ns, 'drop', 'out', link.name, `dropped: ${reason}`, packet);
    return { kind: 'dropped', reason, ns, ...errorIfForwarded(ctx, ns, packet, 'netUnreachable') };
  }
  if (link.kind === 'tun') return viaFlanneld(ctx, ns, link, packet);
  if (link.kind === 'ipip') return viaIpip(ctx, ns, link, packet, res.nexthop);
  const arp = resolveNeighbour(ctx.engine, ns, link, res.nexthop);
  if (!arp.ok) {
    // The kernel retries ARP for about 3 s before it gives up and reports the host unreachable.
    ctx.rec.elapsedUs += 3_000_000;
    ctx.rec.add(ns, 'drop', 'out', link.name, `dropped: ${arp.reason}`, packet);
    const local = isOwnPacket(ns, packet);
    const error = icmpError(ctx, ns, packet, 'hostUnreachable', local);
    return { kind: 'dropped', reason: arp.reason, ns, ...(error ? { error } : {}) };
  }
  const frame: Packet = { ...packet, eth: { src: link.mac, dst: arp.mac } };
  const neighText = arp.entry ? `${arp.entry.ip} dev ${arp.entry.dev} lladdr ${arp.entry.lladdr} ${arp.entry.state}` : undefined;
  const how = arp.how === 'cache' ? 'neighbour entry' : arp.how === 'proxy-arp' ? `ARP answered by proxy (${arp.answeredBy})` : `ARP answered by ${arp.answeredBy}`;
  ctx.rec.add(ns, 'neigh', 'out', link.name, `next hop ${res.nexthop} is ${arp.mac} (${how})`, frame, {
    ...(neighText ? { neigh: neighText } : {}),
    ...provField(
      arp.entry ? provenance(`neigh ${neighText}`, ns.hostname, arp.entry.origin, arp.entry.owner) : undefined,
      arp.via ? provenance(`proxy_arp on ${arp.via.link.name}`, arp.via.ns.hostname, arp.via.link.origin, arp.via.link.owner) : undefined,
    ),
  });
  if (link.kind === 'vxlan') return viaVxlan(ctx, ns, link, frame);
  ctx.rec.capture(ns, link.name, 'out', frame);
  return wire(ctx, ns, link, frame);
}

function isOwnPacket(ns: NetNS, p: Packet): boolean {
  return ns.addrs.some((a) => a.ip === p.ip.src);
}

function errorIfForwarded(ctx: CarryCtx, ns: NetNS, p: Packet, kind: 'netUnreachable'): { error?: ReturnType<typeof icmpError> & object } {
  const error = icmpError(ctx, ns, p, kind, isOwnPacket(ns, p));
  return error ? { error } : {};
}

/** A small deterministic hash of the inner flow: the kernel picks the VXLAN source port this way. */
function flowPort(p: Packet): number {
  const key = `${p.ip.src}|${p.ip.dst}|${p.l4?.kind === 'tcp' || p.l4?.kind === 'udp' ? `${p.l4.sport}|${p.l4.dport}` : ''}`;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) >>> 0;
  return 32768 + (h % 28232);
}

function viaVxlan(ctx: CarryCtx, ns: NetNS, link: Link & { kind: 'vxlan' }, frame: Packet): CarryEnd {
  const dstMac = frame.eth!.dst;
  const fdb = ns.fdb.find((f) => f.dev === link.name && f.mac === dstMac && f.dst);
  if (!fdb?.dst) {
    const reason = `no FDB entry for ${dstMac} on ${link.name} (bridge fdb show dev ${link.name}): the VTEP is unknown`;
    ctx.rec.add(ns, 'drop', 'out', link.name, `dropped: ${reason}`, frame);
    return { kind: 'dropped', reason, ns };
  }
  ctx.rec.capture(ns, link.name, 'out', frame);
  const outer: Packet = {
    ip: { src: link.local, dst: fdb.dst, ttl: 64, proto: 'udp', id: ctx.nextIpId() },
    l4: { kind: 'udp', sport: flowPort(frame), dport: link.dstport },
    payload: { kind: 'vxlan', vni: link.vni, inner: frame },
    mark: 0,
    length: frame.length + 50,
  };
  const peer = underlayByIp(ctx.engine, fdb.dst);
  const tunnel = peer ? [`tunnel:${ownerOf(ns)}:${ownerOf(peer.ns)}:${link.name}`, `tunnel:${ownerOf(peer.ns)}:${ownerOf(ns)}:${link.name}`] : [];
  ctx.rec.add(ns, 'encap', 'out', link.name, `VXLAN VNI ${link.vni}: the FDB puts ${dstMac} behind VTEP ${fdb.dst}; outer UDP ${link.local} → ${fdb.dst}:${link.dstport}`, outer, {
    elements: [...elementsFor(ns, link.name), ...tunnel],
    fdb: `${fdb.mac} dst ${fdb.dst} self${fdb.permanent ? ' permanent' : ''}`,
    ...provField(provenance(`fdb ${fdb.mac} dst ${fdb.dst} dev ${fdb.dev}`, ns.hostname, fdb.origin, fdb.owner), provenance(`vtep ${link.name}`, ns.hostname, link.origin)),
  });
  return localOut(ctx, ns, outer);
}

function viaIpip(ctx: CarryCtx, ns: NetNS, link: Link & { kind: 'ipip' }, packet: Packet, nexthop: string): CarryEnd {
  const remote = link.remote && link.remote !== 'any' ? link.remote : nexthop;
  const toRemote = lookupRoute(ns, remote);
  const src = link.local && link.local !== 'any' ? link.local : toRemote ? selectSource(ns, { ...toRemote, link: toRemote.link?.kind === 'ipip' ? undefined : toRemote.link }) : undefined;
  if (!src || remote === packet.ip.dst && nexthop === packet.ip.dst) {
    const reason = `${link.name} has no remote for ${packet.ip.dst}: an ipip route needs "via <node IP> ... onlink"`;
    ctx.rec.add(ns, 'drop', 'out', link.name, `dropped: ${reason}`, packet);
    return { kind: 'dropped', reason, ns };
  }
  ctx.rec.capture(ns, link.name, 'out', packet);
  const outer: Packet = {
    ip: { src, dst: remote, ttl: 64, proto: 'ipip', id: ctx.nextIpId() },
    payload: { kind: 'ipip', inner: packet },
    mark: 0,
    length: packet.length + 20,
  };
  const peer = underlayByIp(ctx.engine, remote);
  const tunnel = peer ? [`tunnel:${ownerOf(ns)}:${ownerOf(peer.ns)}:${link.name}`, `tunnel:${ownerOf(peer.ns)}:${ownerOf(ns)}:${link.name}`] : [];
  ctx.rec.add(ns, 'encap', 'out', link.name, `IP-in-IP to ${remote} (the route's next hop), outer ${src} → ${remote}`, outer, {
    elements: [...elementsFor(ns, link.name), ...tunnel],
    ...provField(provenance(`tunnel ${link.name}`, ns.hostname, link.origin)),
  });
  return localOut(ctx, ns, outer);
}

function viaFlanneld(ctx: CarryCtx, ns: NetNS, link: Link & { kind: 'tun' }, packet: Packet): CarryEnd {
  ctx.rec.capture(ns, link.name, 'out', packet);
  const lease = flanneldLease(ctx.engine, packet.ip.dst);
  const self = lease && lease.publicIp && ns.addrs.some((a) => a.ip === lease.publicIp);
  if (!lease || self) {
    const reason = `flanneld on ${ns.hostname} has no subnet lease covering ${packet.ip.dst}`;
    ctx.rec.add(ns, 'drop', 'local', link.name, `dropped: ${reason}`, packet);
    return { kind: 'dropped', reason, ns };
  }
  const toPeer = lookupRoute(ns, lease.publicIp);
  const src = toPeer ? selectSource(ns, toPeer) : undefined;
  const outer: Packet = {
    ip: { src: src ?? lease.publicIp, dst: lease.publicIp, ttl: 64, proto: 'udp', id: ctx.nextIpId() },
    l4: { kind: 'udp', sport: 8285, dport: 8285 },
    payload: { kind: 'flannel-udp', inner: packet },
    mark: 0,
    length: packet.length + 28,
  };
  ctx.rec.add(ns, 'proxy', 'local', link.name, `flanneld reads the packet from ${link.name} (TUN) in user space: lease ${lease.subnet} belongs to ${lease.node} (${lease.publicIp}); sends it in UDP 8285`, outer, {
    provenance: [{
      what: `subnet lease ${lease.subnet} → ${lease.publicIp}`,
      controller: 'flanneld',
      object: { kind: 'Node', name: lease.node },
      text: `flanneld on ${ns.hostname}, from ${lease.node}'s subnet lease ${lease.subnet}`,
    }],
  });
  return localOut(ctx, ns, outer);
}
