/**
 * Hand-built clusters for the walker's tests: nodes, segments, a router, the external
 * host and pods wired the way each CNI backend wires them, straight into NetNS data.
 * It lets the walker be tested (and property-tested over random topologies) on its
 * own, independent of the controllers that program real sandboxes.
 */
import { Engine } from '../engine';
import { NetNS } from '../../kernel/netns';
import type { Link, Route } from '../../kernel/types';
import { createEnv } from '../../model/env';
import { defaultClusterSpec, type CniSpec } from '../../model/spec';

/** One pod to place: name and node index (0-based). */
export interface KitPod {
  name: string;
  node: number;
}

export interface KitOptions {
  nodes: number;
  segments?: number;
  cni: CniSpec;
  pods: KitPod[];
  seed?: number;
}

function mac(i: number, j: number, k: number): string {
  const h = (n: number): string => (n & 255).toString(16).padStart(2, '0');
  return `02:${h(i)}:${h(j)}:${h(k)}:${h(i + j + k)}:01`;
}

function addLink<T extends Link>(ns: NetNS, l: Omit<T, 'ifindex'>): T {
  const link = { ...l, ifindex: ns.nextIfindex++ } as T;
  ns.links.push(link);
  return link;
}

function addAddr(ns: NetNS, link: Link, ip: string, prefixLen: number, connected?: string): void {
  ns.addrs.push({ ifindex: link.ifindex, ip, prefixLen, scope: 'global' });
  if (connected) ns.routes.push({ table: 'main', type: 'unicast', dst: connected, dev: link.name, proto: 'kernel', scope: 'link', src: ip });
}

function route(ns: NetNS, r: Omit<Route, 'table' | 'type'> & Partial<Pick<Route, 'type'>>): void {
  ns.routes.push({ table: 'main', type: 'unicast', ...r });
}

function newNs(id: string, kind: NetNS['kind'], host: string): NetNS {
  const ns = new NetNS(id, kind, host);
  const lo = addLink(ns, { name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true });
  ns.addrs.push({ ifindex: lo.ifindex, ip: '127.0.0.1', prefixLen: 8, scope: 'host' });
  ns.routes.push({ table: 'local', type: 'local', dst: '127.0.0.0/8', dev: 'lo', scope: 'host', proto: 'kernel', src: '127.0.0.1' });
  return ns;
}

/** The pod subnet of node `i` for the backend: flannel /24s, Calico /26 blocks. */
export function podSubnet(cni: CniSpec, i: number): { net: string; len: number; gw: string } {
  if (cni.plugin === 'calico') return { net: `10.244.${100 + i}.0`, len: 26, gw: '169.254.1.1' };
  return { net: `10.244.${i}.0`, len: 24, gw: `10.244.${i}.1` };
}

/** Builds an engine with the namespaces of the requested cluster (passThrough hooks). */
export function buildKit(opts: KitOptions): Engine {
  const spec = defaultClusterSpec({ nodes: opts.nodes, segments: opts.segments ?? 1, cni: opts.cni, workloads: 'none' });
  const engine = new Engine(spec, createEnv(opts.seed ?? 1));
  const segOf = (name: string): { cidr: string; gateway: string } => spec.segments.find((s) => s.name === name)!;
  const router = newNs('router', 'router', 'router');
  router.sysctl.ipForward = true;
  spec.segments.forEach((s, k) => {
    const eth = addLink(router, { name: `eth${k}`, kind: 'ether', mac: mac(250, k, 1), mtu: 1500, up: true });
    addAddr(router, eth, s.gateway, 24, s.cidr);
  });
  engine.netns.set(router.id, router);
  const ext = newNs('external', 'external', 'external');
  const extEth = addLink(ext, { name: 'eth0', kind: 'ether', mac: mac(251, 0, 1), mtu: 1500, up: true });
  addAddr(ext, extEth, spec.external.ip, 24, segOf(spec.external.segment).cidr);
  route(ext, { dst: '0.0.0.0/0', via: segOf(spec.external.segment).gateway, dev: 'eth0', proto: 'static' });
  engine.netns.set(ext.id, ext);
  const nodes = spec.nodes.map((n, i) => {
    const ns = newNs(`node/${n.name}`, 'node', n.name);
    ns.sysctl.ipForward = true;
    const eth = addLink(ns, { name: 'eth0', kind: 'ether', mac: mac(1, i, 1), mtu: 1500, up: true });
    addAddr(ns, eth, n.ip, 24, segOf(n.segment).cidr);
    route(ns, { dst: '0.0.0.0/0', via: segOf(n.segment).gateway, dev: 'eth0', proto: 'static' });
    engine.netns.set(ns.id, ns);
    return { ns, ip: n.ip, i, tunMac: mac(2, i, 2), tunIp: '' };
  });
  const cni = opts.cni;
  for (const node of nodes) {
    const { ns, i } = node;
    const sub = podSubnet(cni, i);
    if (cni.plugin === 'calico') {
      route(ns, { type: 'blackhole', dst: `${sub.net}/${sub.len}`, proto: 'bird' });
      if (cni.backend === 'ipip') {
        const t = addLink(ns, { name: 'tunl0', kind: 'ipip', mac: '00:00:00:00:00:00', mtu: 1480, up: true, local: undefined } as Omit<Link, 'ifindex'>);
        node.tunIp = `10.244.${100 + i}.1`;
        addAddr(ns, t, node.tunIp, 32);
      } else if (cni.backend === 'vxlan') {
        const v = addLink(ns, { name: 'vxlan.calico', kind: 'vxlan', mac: node.tunMac, mtu: 1450, up: true, vni: 4096, local: node.ip, dstport: 4789, dev: 'eth0', learning: false } as Omit<Link, 'ifindex'>);
        node.tunIp = `10.244.${100 + i}.1`;
        addAddr(ns, v, node.tunIp, 32);
      }
    } else {
      const br = addLink(ns, { name: cni.plugin === 'bridge' ? 'docker0' : 'cni0', kind: 'bridge', mac: mac(3, i, 3), mtu: 1500, up: true });
      addAddr(ns, br, sub.gw, 24, `${sub.net}/24`);
      if (cni.plugin === 'flannel' && cni.backend === 'vxlan') {
        const v = addLink(ns, { name: 'flannel.1', kind: 'vxlan', mac: node.tunMac, mtu: 1450, up: true, vni: 1, local: node.ip, dstport: 8472, dev: 'eth0', learning: false } as Omit<Link, 'ifindex'>);
        addAddr(ns, v, sub.net, 32);
      } else if (cni.plugin === 'flannel' && cni.backend === 'udp') {
        const t = addLink(ns, { name: 'flannel0', kind: 'tun', mac: '', mtu: 1472, up: true, process: 'flanneld' } as Omit<Link, 'ifindex'>);
        addAddr(ns, t, sub.net, 32);
        route(ns, { dst: '10.244.0.0/16', dev: 'flannel0' });
      }
    }
  }
  // Routes to the other nodes' pod subnets, as each backend programs them.
  for (const node of nodes) {
    for (const peer of nodes) {
      if (peer === node) continue;
      const sub = podSubnet(cni, peer.i);
      const dst = `${sub.net}/${sub.len}`;
      if (cni.plugin === 'flannel' && cni.backend === 'vxlan') {
        route(node.ns, { dst, via: sub.net, dev: 'flannel.1', onlink: true });
        node.ns.neigh.push({ ip: sub.net, dev: 'flannel.1', lladdr: peer.tunMac, state: 'PERMANENT', owner: 'flanneld' });
        node.ns.fdb.push({ mac: peer.tunMac, dev: 'flannel.1', dst: peer.ip, permanent: true, self: true, owner: 'flanneld' });
      } else if (cni.plugin === 'flannel' && cni.backend === 'host-gw') {
        route(node.ns, { dst, via: peer.ip, dev: 'eth0' });
      } else if (cni.plugin === 'calico' && cni.backend === 'bgp') {
        route(node.ns, { dst, via: peer.ip, dev: 'eth0', proto: 'bird' });
      } else if (cni.plugin === 'calico' && cni.backend === 'ipip') {
        route(node.ns, { dst, via: peer.ip, dev: 'tunl0', proto: 'bird', onlink: true });
      } else if (cni.plugin === 'calico' && cni.backend === 'vxlan') {
        route(node.ns, { dst, via: peer.tunIp, dev: 'vxlan.calico', proto: 'static', onlink: true });
        node.ns.neigh.push({ ip: peer.tunIp, dev: 'vxlan.calico', lladdr: peer.tunMac, state: 'PERMANENT', owner: 'calico-node (felix)' });
        node.ns.fdb.push({ mac: peer.tunMac, dev: 'vxlan.calico', dst: peer.ip, permanent: true, self: true, owner: 'calico-node (felix)' });
      }
    }
  }
  const perNode = new Map<number, number>();
  opts.pods.forEach((p, k) => {
    const node = nodes[p.node % nodes.length]!;
    const n = (perNode.get(node.i) ?? 0) + 1;
    perNode.set(node.i, n);
    const sub = podSubnet(cni, node.i);
    const octets = sub.net.split('.');
    const ip = `${octets[0]}.${octets[1]}.${octets[2]}.${1 + n}`;
    const pod = newNs(`pod/default/${p.name}`, 'pod', p.name);
    const hostName = cni.plugin === 'calico' ? `cali${(k + 1).toString(16).padStart(11, '0')}` : `veth${(k + 1).toString(16).padStart(8, '0')}`;
    const hostIf = node.ns.nextIfindex;
    const podIf = pod.nextIfindex;
    const eth = addLink(pod, { name: 'eth0', kind: 'veth', mac: mac(9, node.i, n), mtu: 1500, up: true, peer: { netns: node.ns.id, ifindex: hostIf } } as Omit<Link, 'ifindex'>);
    const hostMac = cni.plugin === 'calico' ? 'ee:ee:ee:ee:ee:ee' : mac(8, node.i, n);
    addLink(node.ns, { name: hostName, kind: 'veth', mac: hostMac, mtu: 1500, up: true, peer: { netns: pod.id, ifindex: podIf }, ...(cni.plugin === 'calico' ? {} : { master: cni.plugin === 'bridge' ? 'docker0' : 'cni0' }) } as Omit<Link, 'ifindex'>);
    if (cni.plugin === 'calico') {
      addAddr(pod, eth, ip, 32);
      route(pod, { dst: '169.254.1.1/32', dev: 'eth0', scope: 'link' });
      route(pod, { dst: '0.0.0.0/0', via: '169.254.1.1', dev: 'eth0' });
      route(node.ns, { dst: `${ip}/32`, dev: hostName, scope: 'link' });
      node.ns.sysctl.proxyArp.push(hostName);
    } else {
      addAddr(pod, eth, ip, 24, `${sub.net}/24`);
      route(pod, { dst: '10.244.0.0/16', via: sub.gw, dev: 'eth0' });
      route(pod, { dst: '0.0.0.0/0', via: sub.gw, dev: 'eth0' });
    }
    engine.netns.set(pod.id, pod);
  });
  return engine;
}

/** The first global address of a namespace (a pod's IP, a node's eth0). */
export function addrOf(engine: Engine, id: string): string {
  const ns = engine.netns.get(id)!;
  return ns.addrs.find((a) => a.scope === 'global')!.ip;
}
