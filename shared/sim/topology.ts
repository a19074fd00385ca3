/**
 * The topology the renderer draws, derived from engine state: nodes as compound boxes
 * holding their interesting interfaces (eth0, the CNI bridge, tunnel devices,
 * kube-ipvs0) and their pods (each with its eth0 and containers); edges for veth pairs,
 * bridge ports, the underlay (NIC ↔ segment switch ↔ router), tunnels between VTEPs and
 * Calico's BGP sessions; and the service overlay (topology-overlay.ts). Ids are stable: `node:node-1`, `if:node-1:cni0`, `pod:default/web-x`.
 */
import type { Engine } from './engine';
import type { TopoEdge, TopoNode, TopologySnapshot } from '../api/topology';
import type { Pod } from '../model/objects';
import type { NetNS } from '../kernel/netns';
import type { Link } from '../kernel/types';
import { cniName } from '../model/spec';
import { overlayElements } from './topology-overlay';
import { markRouteHealth } from './topology-health';

const SHOWN_KINDS = new Set(['bridge', 'vxlan', 'ipip', 'tun', 'dummy', 'ether']);

function ifDetails(ns: NetNS, l: Link): Record<string, string> {
  const d: Record<string, string> = { ifindex: String(l.ifindex), kind: l.kind, mtu: String(l.mtu), state: l.up ? 'UP' : 'DOWN' };
  if (l.mac) d.mac = l.mac;
  const addrs = ns.addrs.filter((a) => a.ifindex === l.ifindex).map((a) => `${a.ip}/${a.prefixLen}`);
  if (addrs.length) d.addresses = addrs.join(', ');
  if (l.master) d.master = l.master;
  if (l.kind === 'vxlan') Object.assign(d, { vni: String(l.vni), local: l.local, dstport: String(l.dstport) });
  return d;
}

/** Builds the snapshot (pure: reads state only). */
export function buildTopology(engine: Engine): TopologySnapshot {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const { spec } = engine;
  const vteps: { node: string; dev: string; ip: string }[] = [];

  for (const seg of spec.segments) {
    nodes.push({ id: `segment:${seg.name}`, kind: 'segment', label: `${seg.name} ${seg.cidr}`, details: { cidr: seg.cidr, gateway: seg.gateway } });
  }
  const router = engine.netns.get('router');
  if (router) {
    nodes.push({ id: 'router', kind: 'router', label: 'router' });
    for (const l of router.links) {
      if (!l.segment) continue;
      nodes.push({ id: `if:router:${l.name}`, kind: 'iface', label: l.name, parent: 'router', details: ifDetails(router, l) });
      edges.push({ id: `underlay:router:${l.name}`, kind: 'underlay', source: `if:router:${l.name}`, target: `segment:${l.segment}` });
    }
  }
  const ext = engine.netns.get('external');
  if (ext) {
    nodes.push({ id: 'external', kind: 'external', label: spec.external.name, shell: { kind: 'external' } });
    for (const l of ext.links) {
      if (!l.segment) continue;
      nodes.push({ id: `if:external:${l.name}`, kind: 'iface', label: l.name, parent: 'external', details: ifDetails(ext, l) });
      edges.push({ id: `underlay:external:${l.name}`, kind: 'underlay', source: `if:external:${l.name}`, target: `segment:${l.segment}` });
    }
  }

  for (const n of spec.nodes) {
    const ns = engine.netns.get(`node/${n.name}`);
    if (!ns) continue;
    const nodeId = `node:${n.name}`;
    nodes.push({ id: nodeId, kind: 'node', label: n.name, details: { ip: n.ip, role: n.role, segment: n.segment }, shell: { kind: 'node', name: n.name } });
    for (const l of ns.links) {
      if (!SHOWN_KINDS.has(l.kind)) continue;
      const id = `if:${n.name}:${l.name}`;
      const kind = l.kind === 'bridge' ? 'bridge' : l.kind === 'ether' || l.kind === 'dummy' ? 'iface' : 'tunnel';
      nodes.push({ id, kind, label: l.name, parent: nodeId, details: ifDetails(ns, l) });
      if (l.segment) edges.push({ id: `underlay:${n.name}:${l.name}`, kind: 'underlay', source: id, target: `segment:${l.segment}` });
      if (l.kind === 'vxlan') vteps.push({ node: n.name, dev: l.name, ip: l.local });
      if (l.kind === 'ipip' || l.kind === 'tun') vteps.push({ node: n.name, dev: l.name, ip: n.ip });
    }
  }

  for (const pod of engine.store.list<Pod>('Pod')) {
    const ns = pod.metadata.namespace ?? 'default';
    const podId = `pod:${ns}/${pod.metadata.name}`;
    const node = pod.spec.nodeName;
    nodes.push({
      id: podId, kind: 'pod', label: pod.metadata.name, parent: node ? `node:${node}` : undefined,
      details: { namespace: ns, ip: pod.status?.podIP ?? '', phase: pod.status?.phase ?? 'Pending', hostNetwork: String(!!pod.spec.hostNetwork) },
      shell: { kind: 'pod', namespace: ns, name: pod.metadata.name },
    });
    for (const c of pod.spec.containers) {
      nodes.push({ id: `ctr:${ns}/${pod.metadata.name}/${c.name}`, kind: 'container', label: c.name, parent: podId, details: { image: c.image },
        shell: { kind: 'pod', namespace: ns, name: pod.metadata.name, container: c.name } });
    }
    const pns = engine.netns.get(`pod/${ns}/${pod.metadata.name}`);
    if (!pns || !node) continue;
    const nodeNs = engine.netns.get(`node/${node}`);
    for (const l of pns.links) {
      if (l.kind !== 'veth') continue;
      const id = `if:${ns}/${pod.metadata.name}:${l.name}`;
      nodes.push({ id, kind: 'iface', label: l.name, parent: podId, details: ifDetails(pns, l) });
      const host = nodeNs?.linkByIndex(l.peer.ifindex);
      if (!nodeNs || !host) continue;
      const hostId = `if:${node}:${host.name}`;
      nodes.push({ id: hostId, kind: 'iface', label: host.name, parent: `node:${node}`, details: ifDetails(nodeNs, host) });
      edges.push({ id: `veth:${ns}/${pod.metadata.name}:${l.name}`, kind: 'veth', source: id, target: hostId });
      if (host.master) edges.push({ id: `port:${node}:${host.name}`, kind: 'bridge-port', source: hostId, target: `if:${node}:${host.master}` });
    }
  }

  for (let i = 0; i < vteps.length; i++) {
    for (let j = i + 1; j < vteps.length; j++) {
      const a = vteps[i]!;
      const b = vteps[j]!;
      if (a.dev !== b.dev) continue;
      edges.push({ id: `tunnel:${a.node}:${b.node}:${a.dev}`, kind: 'tunnel', source: `if:${a.node}:${a.dev}`, target: `if:${b.node}:${b.dev}`, label: a.dev });
    }
  }
  for (const [key, s] of Object.entries(engine.cni?.state.bgp ?? {})) {
    const [a, b] = key.split('|');
    edges.push({ id: `bgp:${a}:${b}`, kind: 'bgp', source: `node:${a}`, target: `node:${b}`, label: s.up ? 'Established' : 'Active' });
  }

  // Tunnels, BGP sessions and the underlay show what kernel state breaks (a deleted route...).
  if (engine.showRouteHealth) markRouteHealth(engine, edges);

  const overlay = overlayElements(engine, engine.store.list<Pod>('Pod'));
  nodes.push(...overlay.nodes);
  edges.push(...overlay.edges);
  return { version: engine.topologyVersion, cni: cniName(spec.cni), proxyMode: spec.proxyMode, nodes, edges };
}
