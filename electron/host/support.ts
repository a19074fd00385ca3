/**
 * Does the engine really do what the session config asked for? A flag the simulation does
 * not implement yet must be refused, never silently ignored (issue 2). Rather than keep a
 * list that drifts from the controllers, this looks for what each choice leaves in a
 * node's kernel — exactly what a learner's `ip link` or `iptables-save` would show.
 */
import type { Engine } from '../../shared/sim/engine';
import type { NetNS } from '../../shared/kernel/netns';
import { cniName } from '../../shared/model/spec';

/** Whether a namespace has a link of that name (and kind, when given). */
function hasLink(ns: NetNS, name: string, kind?: string): boolean {
  return ns.links.some((l) => l.name === name && (kind === undefined || l.kind === kind));
}

/** What the CNI choice must have created on a node; undefined when it is there. */
function cniMissing(engine: Engine, ns: NetNS): string | undefined {
  const cni = engine.spec.cni;
  const multi = engine.spec.nodes.length > 1;
  if (cni.plugin === 'bridge') return hasLink(ns, 'docker0', 'bridge') || hasLink(ns, 'cni0', 'bridge') ? undefined : 'docker0 bridge';
  if (cni.plugin === 'flannel') {
    if (cni.backend === 'vxlan') return hasLink(ns, 'flannel.1', 'vxlan') ? undefined : 'flannel.1 VXLAN device';
    if (cni.backend === 'udp') return hasLink(ns, 'flannel0', 'tun') ? undefined : 'flannel0 TUN device';
    // host-gw: routes to the other nodes' pod subnets via their underlay addresses.
    const peers = new Set(engine.spec.nodes.map((n) => n.ip));
    return !multi || ns.routes.some((r) => r.via !== undefined && peers.has(r.via)) ? undefined : 'host-gw routes via the other nodes';
  }
  if (cni.backend === 'ipip') return hasLink(ns, 'tunl0', 'ipip') ? undefined : 'tunl0 IPIP device';
  if (cni.backend === 'vxlan') return hasLink(ns, 'vxlan.calico', 'vxlan') ? undefined : 'vxlan.calico device';
  return !multi || ns.routes.some((r) => r.proto === 'bird') ? undefined : 'routes learned over BGP (proto bird)';
}

/** What the kube-proxy mode must have created on a node; undefined when it is there. */
function proxyMissing(engine: Engine, ns: NetNS): string | undefined {
  const nat = ns.nf.tables.nat.chains;
  switch (engine.spec.proxyMode) {
    case 'iptables':
      return nat.has('KUBE-SERVICES') ? undefined : 'KUBE-SERVICES chain';
    case 'ipvs':
      return hasLink(ns, 'kube-ipvs0') ? undefined : 'kube-ipvs0 device';
    case 'userspace':
      return nat.has('KUBE-PORTALS-CONTAINER') && nat.has('KUBE-PORTALS-HOST') ? undefined : 'KUBE-PORTALS-CONTAINER/HOST chains';
  }
}

/**
 * Why this engine does not implement the spec it was built from, in one clause
 * (`--proxy-mode userspace is not simulated yet (node-1 has no KUBE-PORTALS-... chains)`), or
 * undefined when every choice shows up in node-1's kernel.
 */
export function unsupportedReason(engine: Engine): string | undefined {
  const first = engine.spec.nodes[0];
  const ns = first && engine.netns.get(`node/${first.name}`);
  if (!first || !ns) return 'the engine built no nodes';
  const cni = cniMissing(engine, ns);
  if (cni) return `--cni ${cniName(engine.spec.cni)} is not simulated yet (${first.name} has no ${cni})`;
  const proxy = proxyMissing(engine, ns);
  if (proxy) return `--proxy-mode ${engine.spec.proxyMode} is not simulated yet (${first.name} has no ${proxy})`;
  return undefined;
}
