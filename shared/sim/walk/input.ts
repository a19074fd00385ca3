/**
 * The receiving half of the kernel's path: a frame crossing a veth or the underlay
 * switch, bridge forwarding, PREROUTING and the input route decision, forwarding (TTL,
 * ip_forward, FORWARD), local input (INPUT, IPVS at LOCAL_IN, tunnel decapsulation)
 * and delivery to a socket.
 */
import type { NetNS } from '../../kernel/netns';
import type { Packet } from '../../kernel/packet';
import type { Link } from '../../kernel/types';
import { step, type CarryCtx, type CarryEnd } from './context';
import { icmpError } from './errors';
import { runHook } from './nf';
import { lookupRoute, routeText } from './route';
import { attachmentOf, fdbLearn, fdbLookup, underlayByMac, vethPeer } from './l2';
import { postRouting } from './output';
import { elementsFor, ownerOf } from './record';
import { provenance, provField } from './provenance';
import type { FdbEntry } from '../../kernel/types';

/** A frame leaves `link` of `ns`: to the veth peer, through the segment's switch, or out of a bridge port. */
export function wire(ctx: CarryCtx, ns: NetNS, link: Link, frame: Packet): CarryEnd {
  const stop = step(ctx, ns);
  if (stop) return stop;
  if (link.kind === 'bridge') {
    const fwd = fdbLookup(ctx.engine, ns, link, frame.eth!.dst);
    if (!fwd.port) return l2Drop(ctx, ns, link, frame, `${link.name} has no port for ${frame.eth!.dst} (flooded, nobody answered)`);
    ctx.rec.add(ns, 'bridge', 'out', fwd.port.name, `${link.name}: ${frame.eth!.dst} → port ${fwd.port.name} (${fwd.how === 'fdb' ? 'FDB entry' : 'flooded'})`, frame, {
      ...(fwd.entry ? { fdb: fwd.entry } : {}),
      ...portProvenance(ns, fwd.used, fwd.port),
      elements: [...elementsFor(ns, link.name), `port:${ownerOf(ns)}:${fwd.port.name}`, `if:${ownerOf(ns)}:${fwd.port.name}`],
    });
    ctx.rec.capture(ns, fwd.port.name, 'out', frame);
    return wire(ctx, ns, fwd.port, frame);
  }
  if (link.kind === 'veth') {
    const peer = vethPeer(ctx.engine, link);
    if (!peer) return l2Drop(ctx, ns, link, frame, `${link.name} has no peer`);
    if (!peer.link.up) return l2Drop(ctx, ns, link, frame, `the peer of ${link.name} (${peer.link.name} in ${peer.ns.hostname}) is down`);
    // The topology names a veth edge after its pod end.
    const podEnd = ns.kind === 'pod' ? { ns, link } : peer;
    ctx.rec.carry(`veth:${ownerOf(podEnd.ns)}:${podEnd.link.name}`);
    return l2In(ctx, peer.ns, peer.link, frame);
  }
  if (link.kind === 'ether') {
    const me = attachmentOf(ctx.engine, ns, link);
    if (!me) return l2Drop(ctx, ns, link, frame, `${link.name} on ${ns.hostname} is not attached to any segment`);
    const to = underlayByMac(ctx.engine, me.segment, frame.eth!.dst);
    if (!to || !to.link.up) return l2Drop(ctx, ns, link, frame, `no host with MAC ${frame.eth!.dst} on segment ${me.segment}`);
    ctx.rec.add(ns, 'underlay', 'out', link.name, `switch ${me.segment}: ${frame.eth!.src} → ${frame.eth!.dst} (${to.ns.hostname} ${to.link.name})`, frame, {
      elements: [...elementsFor(ns, link.name), `underlay:${ownerOf(ns)}:${link.name}`, `segment:${me.segment}`, `underlay:${ownerOf(to.ns)}:${to.link.name}`, ...elementsFor(to.ns, to.link.name)],
    });
    return l2In(ctx, to.ns, to.link, frame);
  }
  if (link.kind === 'loopback') return ipIn(ctx, ns, link, frame);
  return l2Drop(ctx, ns, link, frame, `${link.name} (${link.kind}) cannot carry the frame onwards`);
}

/** The FDB entry a bridge used, and who made the port it points at (the CNI, for a pod's veth). */
function portProvenance(ns: NetNS, used: FdbEntry | undefined, port: Link): ReturnType<typeof provField> {
  const fdb = used ? provenance(`fdb ${used.mac} dev ${used.dev} master ${used.master ?? ''}`.trimEnd(), ns.hostname, used.origin, used.owner) : undefined;
  const veth = port.origin ? provenance(`veth ${port.name}`, ns.hostname, port.origin, port.owner) : undefined;
  return provField(fdb, veth);
}

function l2Drop(ctx: CarryCtx, ns: NetNS, link: Link, frame: Packet, reason: string): CarryEnd {
  ctx.rec.add(ns, 'drop', 'out', link.name, `dropped: ${reason}`, frame);
  return { kind: 'dropped', reason, ns };
}

/** A frame arrives on `link`: a bridge port hands it to the bridge, otherwise it goes up if it is for us. */
export function l2In(ctx: CarryCtx, ns: NetNS, link: Link, frame: Packet): CarryEnd {
  ctx.rec.capture(ns, link.name, 'in', frame);
  if (link.master) {
    const bridge = ns.link(link.master);
    if (!bridge) return l2Drop(ctx, ns, link, frame, `${link.name} names a missing master ${link.master}`);
    if (!bridge.up) return l2Drop(ctx, ns, link, frame, `bridge ${bridge.name} on ${ns.hostname} is down`);
    fdbLearn(ns, bridge.name, link.name, frame.eth!.src);
    if (frame.eth!.dst === bridge.mac) {
      ctx.rec.add(ns, 'bridge', 'in', link.name, `${bridge.name}: frame for the bridge's own MAC, up to ${ns.hostname}'s IP stack`, frame, {
        elements: [...elementsFor(ns, link.name), `port:${ownerOf(ns)}:${link.name}`, ...elementsFor(ns, bridge.name).slice(1)],
      });
      ctx.rec.capture(ns, bridge.name, 'in', frame);
      return ipIn(ctx, ns, bridge, frame);
    }
    const fwd = fdbLookup(ctx.engine, ns, bridge, frame.eth!.dst, link.name);
    if (!fwd.port) return l2Drop(ctx, ns, bridge, frame, `${bridge.name} has no port for ${frame.eth!.dst}`);
    ctx.rec.add(ns, 'bridge', 'in', link.name, `${bridge.name}: ${frame.eth!.dst} is behind ${fwd.port.name} (${fwd.how === 'fdb' ? 'FDB entry' : 'flooded'}); bridged, not routed`, frame, {
      ...(fwd.entry ? { fdb: fwd.entry } : {}),
      ...portProvenance(ns, fwd.used, fwd.port),
      elements: [...elementsFor(ns, link.name), `port:${ownerOf(ns)}:${link.name}`, ...elementsFor(ns, bridge.name).slice(1), `port:${ownerOf(ns)}:${fwd.port.name}`, `if:${ownerOf(ns)}:${fwd.port.name}`],
    });
    let out = frame;
    if (ns.sysctl.bridgeNfCallIptables) {
      // br_netfilter: bridged IPv4 traverses PREROUTING, FORWARD and POSTROUTING too, which is how
      // conntrack un-DNATs a service reply between two pods on one bridge.
      const { eth, ...bare } = frame;
      const pre = runHook(ctx, ns, 'PREROUTING', bare, bridge.name);
      if ('end' in pre) return pre.end;
      if (pre.packet.ip.dst !== bare.ip.dst) return routeIn(ctx, ns, bridge, pre.packet);
      const fw = runHook(ctx, ns, 'FORWARD', pre.packet, bridge.name, bridge.name);
      if ('end' in fw) return fw.end;
      const post = runHook(ctx, ns, 'POSTROUTING', fw.packet, undefined, bridge.name);
      if ('end' in post) return post.end;
      out = post.packet === bare ? frame : { ...post.packet, ...(eth ? { eth } : {}) };
    }
    // tcpdump puts the bridge in promiscuous mode, so `tcpdump -i cni0` sees bridged frames too.
    ctx.rec.capture(ns, bridge.name, 'in', frame, true);
    ctx.rec.capture(ns, fwd.port.name, 'out', out);
    return wire(ctx, ns, fwd.port, out);
  }
  if (frame.eth && frame.eth.dst !== link.mac && frame.eth.dst !== 'ff:ff:ff:ff:ff:ff') {
    return l2Drop(ctx, ns, link, frame, `frame for ${frame.eth.dst} arrived on ${link.name} (${link.mac}) and is not for this host`);
  }
  return ipIn(ctx, ns, link, frame);
}

/** The IP layer receives a packet on `link`: PREROUTING, input route, then forward or local input. */
export function ipIn(ctx: CarryCtx, ns: NetNS, link: Link, frame: Packet): CarryEnd {
  const stop = step(ctx, ns);
  if (stop) return stop;
  const { eth: _eth, ...bare } = frame;
  const hooked = runHook(ctx, ns, 'PREROUTING', bare, link.name);
  if ('end' in hooked) return hooked.end;
  return routeIn(ctx, ns, link, hooked.packet);
}

/** The input route decision after PREROUTING: local input, or forwarding (ip_forward, TTL, FORWARD, POSTROUTING). */
function routeIn(ctx: CarryCtx, ns: NetNS, link: Link, packet: Packet): CarryEnd {
  const res = lookupRoute(ns, packet.ip.dst);
  if (!res) {
    const reason = `no route to ${packet.ip.dst} on ${ns.hostname}`;
    ctx.rec.add(ns, 'drop', 'in', link.name, `dropped: ${reason}`, packet);
    const error = icmpError(ctx, ns, packet, 'netUnreachable', false);
    return { kind: 'dropped', reason, ns, ...(error ? { error } : {}) };
  }
  if (res.kind === 'local') return localIn(ctx, ns, link, packet);
  if (!ns.sysctl.ipForward) {
    const reason = `${ns.hostname} does not forward (net.ipv4.ip_forward = 0)`;
    ctx.rec.add(ns, 'drop', 'in', link.name, `dropped: ${reason}`, packet);
    return { kind: 'dropped', reason, ns };
  }
  if (packet.ip.ttl <= 1) {
    const reason = `TTL expired at ${ns.hostname}`;
    ctx.rec.add(ns, 'drop', 'in', link.name, `dropped: ${reason}; ICMP time exceeded goes back to ${packet.ip.src}`, packet);
    const error = icmpError(ctx, ns, packet, 'ttlExceeded', false);
    return { kind: 'dropped', reason, ns, ...(error ? { error } : {}) };
  }
  const fwd: Packet = { ...packet, ip: { ...packet.ip, ttl: packet.ip.ttl - 1 } };
  const rt = routeText(res.route);
  ctx.rec.add(ns, 'route', 'in', link.name, `forward: ${rt}; TTL ${packet.ip.ttl} → ${fwd.ip.ttl}`, fwd, { route: rt, ...provField(provenance(`route ${rt}`, ns.hostname, res.route.origin, res.route.owner)) });
  const f = runHook(ctx, ns, 'FORWARD', fwd, link.name, res.link?.name);
  if ('end' in f) return f.end;
  return postRouting(ctx, ns, f.packet, res);
}

/** Local input: INPUT, IPVS at LOCAL_IN, tunnel decapsulation, else delivery. */
export function localIn(ctx: CarryCtx, ns: NetNS, link: Link | undefined, packet: Packet): CarryEnd {
  const hooked = runHook(ctx, ns, 'INPUT', packet, link?.name);
  if ('end' in hooked) return hooked.end;
  packet = hooked.packet;
  const ipvs = ctx.engine.hooks.ipvs(ns, packet);
  if (ipvs) {
    ctx.rec.add(ns, 'ipvs', 'local', link?.name, `IPVS ${ipvs.virtualService} → ${ipvs.realServer} (${ipvs.scheduler}): ${ipvs.reason}`, ipvs.packet, {
      ipvs: { virtualService: ipvs.virtualService, realServer: ipvs.realServer, scheduler: ipvs.scheduler, reason: ipvs.reason },
      ...provField(
        provenance(`ipvs ${ipvs.virtualService}`, ns.hostname, ipvs.origins?.virtual),
        provenance(`ipvs ${ipvs.virtualService} -> ${ipvs.realServer}`, ns.hostname, ipvs.origins?.real),
      ),
    });
    const res = lookupRoute(ns, ipvs.packet.ip.dst);
    if (!res) return { kind: 'dropped', reason: `IPVS chose ${ipvs.realServer} but ${ns.hostname} has no route to it`, ns };
    return postRouting(ctx, ns, ipvs.packet, res);
  }
  const pl = packet.payload;
  if (pl.kind === 'vxlan' && packet.l4?.kind === 'udp') {
    const port = packet.l4.dport;
    const vx = ns.links.find((l): l is Link & { kind: 'vxlan' } => l.kind === 'vxlan' && l.dstport === port && l.vni === pl.vni);
    if (vx?.up) {
      ctx.rec.add(ns, 'decap', 'in', vx.name, `UDP ${port} is the VXLAN socket of ${vx.name} (VNI ${vx.vni}): decapsulated, the inner frame enters ${vx.name}`, pl.inner);
      return l2In(ctx, ns, vx, pl.inner);
    }
  }
  if (pl.kind === 'ipip') {
    const tun = ns.links.find((l) => l.kind === 'ipip');
    if (tun?.up) {
      ctx.rec.add(ns, 'decap', 'in', tun.name, `IP protocol 4 (IP-in-IP): ${tun.name} decapsulates, the inner packet enters ${tun.name}`, pl.inner);
      ctx.rec.capture(ns, tun.name, 'in', pl.inner);
      return ipIn(ctx, ns, tun, pl.inner);
    }
  }
  if (pl.kind === 'flannel-udp' && packet.l4?.kind === 'udp' && packet.l4.dport === 8285) {
    const tun = ns.links.find((l) => l.kind === 'tun');
    if (tun?.up) {
      ctx.rec.add(ns, 'proxy', 'local', tun.name, `flanneld receives UDP 8285 and writes the inner packet into ${tun.name} (TUN)`, pl.inner, {
        provenance: [{ what: `${tun.name} (TUN)`, controller: 'flanneld', object: { kind: 'Node', name: ns.hostname }, text: `flanneld on ${ns.hostname}, for its own subnet lease (udp backend)` }],
      });
      ctx.rec.capture(ns, tun.name, 'in', pl.inner);
      return ipIn(ctx, ns, tun, pl.inner);
    }
  }
  return deliverLocal(ctx, ns, link, packet);
}

/** The packet reached this namespace's socket layer (the app decides what answers). */
export function deliverLocal(ctx: CarryCtx, ns: NetNS, link: Link | undefined, packet: Packet): CarryEnd {
  const { eth: _eth, ...bare } = packet;
  ctx.rec.add(ns, 'deliver', 'in', link?.name, `delivered to ${ns.hostname} (${packet.ip.dst})`, bare);
  return { kind: 'delivered', ns, link, packet: bare };
}
