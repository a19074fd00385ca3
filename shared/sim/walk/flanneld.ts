/**
 * flanneld's view in udp mode: which node holds the subnet lease for a pod address.
 * Read from the CNI runtime's node leases (what flanneld gets from the API); for clusters
 * built by hand, from each node's bridge (cni0) address and its eth0 address. Cached per
 * engine and rebuilt on a miss.
 */
import type { Engine } from '../engine';
import { inPrefix, ipToInt, parsePrefix, type Prefix } from './ip';

/** One node's lease: `10.244.2.0/24` → node-3 at 192.168.56.13. */
export interface Lease {
  node: string;
  subnet: string;
  prefix: Prefix;
  publicIp: string;
}

const cache = new WeakMap<Engine, Lease[]>();

function build(engine: Engine): Lease[] {
  const leases: Lease[] = [];
  // flanneld reads the leases from the API (the CNI runtime keeps them); hand-built test clusters have none.
  const nodes = engine.cni?.state.nodes;
  if (nodes && Object.keys(nodes).length) {
    for (const n of Object.values(nodes)) {
      const prefix = parsePrefix(n.subnet);
      if (prefix) leases.push({ node: n.name, subnet: n.subnet, prefix, publicIp: n.ip });
    }
    return leases;
  }
  for (const ns of engine.netns.values()) {
    if (ns.kind !== 'node') continue;
    const bridge = ns.links.find((l) => l.kind === 'bridge');
    const eth = ns.links.find((l) => l.kind === 'ether');
    const pod = bridge && ns.addrs.find((a) => a.ifindex === bridge.ifindex && a.scope === 'global');
    const pub = eth && ns.addrs.find((a) => a.ifindex === eth.ifindex && a.scope === 'global');
    if (!pod || !pub) continue;
    const prefix = parsePrefix(`${pod.ip}/${pod.prefixLen}`);
    if (!prefix) continue;
    const n = prefix.net;
    const subnet = `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${prefix.len}`;
    leases.push({ node: ns.hostname, subnet, prefix, publicIp: pub.ip });
  }
  return leases;
}

/** The lease covering `dst`, if any node holds one. */
export function flanneldLease(engine: Engine, dst: string): Lease | undefined {
  const n = ipToInt(dst);
  const find = (ls: Lease[]): Lease | undefined => ls.find((l) => inPrefix(n, l.prefix));
  let leases = cache.get(engine);
  let hit = leases && find(leases);
  if (!hit) {
    leases = build(engine);
    cache.set(engine, leases);
    hit = find(leases);
  }
  return hit;
}
