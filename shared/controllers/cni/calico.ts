/**
 * Calico as calico-node (felix + BIRD) and its CNI plugin program a node: a /26 IPAM
 * block per node from the pool with a `blackhole ... proto bird` route, one /32 route
 * and a static ARP entry per local pod on its `caliXXXXXXXXXXX` veth (proxy ARP on, MAC
 * ee:ee:ee:ee:ee:ee), the pod's `default via 169.254.1.1`, and remote blocks learned
 * over the node-to-node BGP mesh (bgp: via the node IP on eth0; ipip: via tunl0 onlink,
 * CrossSubnet only across segments) or programmed by felix for vxlan.calico.
 */
import { addAddress } from '../../kernel/addrs';
import { addVethPair, delLink, mustAddLink } from '../../kernel/links';
import { setFdb, setNeighbour } from '../../kernel/neigh';
import { addRoute } from '../../kernel/routes';
import { formatIPv4, parsePrefix } from '../../kernel/ip';
import type { IpipLink, Origin, VxlanLink } from '../../kernel/types';
import type { NetNS } from '../../kernel/netns';
import { allocate, release } from './ipam';
import { calicoVethName } from './sha1';
import { clearRemote } from './remote';
import { CNI_OWNER, REMOTE_OWNER, type CniContext, type CniPlugin, type NodeNet } from './types';

type Mode = { backend: 'bgp' | 'ipip' | 'vxlan'; ipipMode?: 'Always' | 'CrossSubnet' };

const CALI_MAC = 'ee:ee:ee:ee:ee:ee';
const BLOCK_LEN = 26;

/** The key of a mesh session between two nodes. */
export function sessionKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** Does this Calico mode run BIRD (and so a BGP mesh)? vxlan mode runs without it. */
export function runsBird(mode: Mode): boolean {
  return mode.backend !== 'vxlan';
}

/** The Calico plugin for one mode. */
export function calicoPlugin(mode: Mode): CniPlugin {
  const mtu = mode.backend === 'ipip' ? 1480 : mode.backend === 'vxlan' ? 1450 : 1500;
  return {
    setupNode(ctx, node) {
      const ns = ctx.nodeNs(node.name);
      node.subnet = pickBlock(ctx);
      if (mode.backend === 'ipip') {
        mustAddLink(ns, { kind: 'ipip', name: 'tunl0', mac: '', mtu: 1480, up: true, owner: CNI_OWNER, origin: { controller: 'calico-felix', object: { kind: 'Node', name: node.name }, detail: `the IPIP tunnel of ${node.name} (IP pool ipipMode)` } } as IpipLink);
        node.tunnelIp = allocate(ctx.state, node.name, node.subnet, 'tunnel', 0, 63);
        addAddress(ns, 'tunl0', `${node.tunnelIp}/32`);
      } else if (mode.backend === 'vxlan') {
        const link = mustAddLink(ns, {
          kind: 'vxlan', name: 'vxlan.calico', mac: ctx.mac(), mtu: 1450, up: true, owner: CNI_OWNER,
          vni: 4096, local: node.ip, dstport: 4789, dev: 'eth0', learning: false,
          origin: { controller: 'calico-felix', object: { kind: 'Node', name: node.name }, detail: `the VXLAN tunnel of ${node.name} (IP pool vxlanMode)` },
        } as VxlanLink);
        node.vtepMac = link.mac;
        node.tunnelIp = allocate(ctx.state, node.name, node.subnet, 'tunnel', 0, 63);
        addAddress(ns, 'vxlan.calico', `${node.tunnelIp}/32`);
      }
      // BIRD owns the blackhole when it runs; in VXLAN-only mode felix programs it (proto 80).
      addRoute(ns, { table: 'main', type: 'blackhole', dst: node.subnet, proto: runsBird(mode) ? 'bird' : '80', owner: CNI_OWNER, origin: { controller: runsBird(mode) ? 'calico (bird)' : 'calico-felix', object: { kind: 'Node', name: node.name }, detail: `for ${node.name}'s own IPAM block ${node.subnet} (block affinity)` } });
      if (runsBird(mode)) {
        for (const other of Object.keys(ctx.state.nodes)) {
          if (other === node.name) continue;
          ctx.state.bgp[sessionKey(node.name, other)] ??= { up: true, since: ctx.engine.env.clock.now() };
        }
      }
    },

    syncRemote(ctx, only) {
      const nodes = Object.values(ctx.state.nodes);
      for (const node of nodes) {
        if (only !== undefined && node.name !== only) continue;
        const ns = ctx.nodeNs(node.name);
        clearRemote(ctx, ns, node.name);
        for (const peer of nodes) {
          if (peer.name === node.name) continue;
          if (runsBird(mode) && !ctx.state.bgp[sessionKey(node.name, peer.name)]?.up) continue;
          programPeer(ctx, ns, node, peer);
        }
      }
    },

    addPod(ctx, pod, podNs, nodeNs) {
      const nodeName = pod.spec.nodeName!;
      const node = ctx.state.nodes[nodeName];
      if (!node) return { error: 'calico/node is not ready: BIRD is not ready' };
      const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
      const ip = allocate(ctx.state, nodeName, node.subnet, key, 0, 63);
      if (!ip) return { error: 'failed to request IPv4 addresses: no more free affine blocks and strict affinity enabled' };
      // The ipip module is loaded on Calico nodes, so every new namespace gets a tunl0@NONE.
      mustAddLink(podNs, { kind: 'ipip', name: 'tunl0', mac: '', mtu: 1480, up: false, owner: 'kernel' } as IpipLink);
      // Calico's own naming: sha1("<namespace>.<pod>"), so names are stable across rebuilds.
      const hostIf = calicoVethName(pod.metadata.namespace ?? 'default', pod.metadata.name);
      if (nodeNs.link(hostIf)) return { error: `interface ${hostIf} already exists` };
      const { host } = addVethPair(nodeNs, hostIf, CALI_MAC, podNs, 'eth0', ctx.mac(), mtu, CNI_OWNER);
      // Everything the plugin writes for a pod points back at that Pod.
      const origin: Origin = { controller: 'calico CNI', object: { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name } };
      host.origin = origin;
      nodeNs.sysctl.proxyArp.push(hostIf);
      addAddress(podNs, 'eth0', `${ip}/32`);
      addRoute(podNs, { table: 'main', type: 'unicast', dst: '169.254.1.1/32', dev: 'eth0', scope: 'link', owner: CNI_OWNER, origin });
      addRoute(podNs, { table: 'main', type: 'unicast', dst: '0.0.0.0/0', via: '169.254.1.1', dev: 'eth0', owner: CNI_OWNER, origin });
      addRoute(nodeNs, { table: 'main', type: 'unicast', dst: `${ip}/32`, dev: hostIf, scope: 'link', owner: CNI_OWNER, origin });
      setNeighbour(nodeNs, { ip, dev: hostIf, lladdr: podNs.link('eth0')!.mac, state: 'PERMANENT', owner: CNI_OWNER, origin });
      return { ip, hostIf };
    },

    delPod(ctx, sb, nodeNs) {
      delLink(nodeNs, sb.hostIf, (id) => ctx.engine.netns.get(id));
      release(ctx.state, sb.node, sb.ip);
    },

    files(ctx, target): Record<string, string> {
      if (target.kind !== 'node' || !ctx.state.nodes[target.name]) return {};
      return { '/etc/cni/net.d/10-calico.conflist': calicoConflist(target.name, mtu) };
    },
  };

  function programPeer(ctx: CniContext, ns: NetNS, node: NodeNet, peer: NodeNet): void {
    const peerNode = { kind: 'Node' as const, name: peer.name };
    if (mode.backend === 'vxlan') {
      if (!peer.tunnelIp || !peer.vtepMac) return;
      const origin: Origin = { controller: 'calico-felix', object: peerNode, detail: `from ${peer.name}'s IPAM block ${peer.subnet} (block affinity)` };
      addRoute(ns, { table: 'main', type: 'unicast', dst: peer.subnet, via: peer.tunnelIp, dev: 'vxlan.calico', onlink: true, proto: '80', owner: REMOTE_OWNER, origin });
      setNeighbour(ns, { ip: peer.tunnelIp, dev: 'vxlan.calico', lladdr: peer.vtepMac, state: 'PERMANENT', owner: REMOTE_OWNER, origin });
      setFdb(ns, { mac: peer.vtepMac, dev: 'vxlan.calico', dst: peer.ip, self: true, permanent: true, owner: REMOTE_OWNER, origin });
      return;
    }
    const tunnel = mode.backend === 'ipip' && (mode.ipipMode !== 'CrossSubnet' || peer.segment !== node.segment);
    const origin: Origin = { controller: 'calico (bird)', object: peerNode, detail: `learned over BGP from ${peer.name}, which holds block ${peer.subnet}` };
    const r = tunnel
      ? addRoute(ns, { table: 'main', type: 'unicast', dst: peer.subnet, via: peer.ip, dev: 'tunl0', onlink: true, proto: 'bird', owner: REMOTE_OWNER, origin })
      : addRoute(ns, { table: 'main', type: 'unicast', dst: peer.subnet, via: peer.ip, dev: 'eth0', proto: 'bird', owner: REMOTE_OWNER, origin });
    if ('error' in r) {
      ctx.state.rejected.push({
        node: node.name, dst: peer.subnet, via: peer.ip, dev: 'eth0', error: r.error,
        why: `BIRD cannot install ${peer.subnet} via ${peer.ip}: ${peer.name} is on ${peer.segment}, not on ${node.name}'s segment ${node.segment}, so the BGP next hop is not directly reachable (use IPIP or VXLAN across subnets)`,
      });
    }
  }
}

/** Calico IPAM: a free /26 block of the pool, at a pseudo-random place like the real allocator. */
function pickBlock(ctx: CniContext): string {
  const pool = parsePrefix(ctx.engine.spec.podCIDR)!;
  const count = 2 ** (BLOCK_LEN - pool.len);
  const taken = new Set(Object.values(ctx.state.nodes).map((n) => n.subnet));
  let i = parseInt(ctx.hex(6), 16) % count;
  for (let k = 0; k < count; k++, i = (i + 1) % count) {
    const dst = `${formatIPv4((pool.net + i * 64) >>> 0)}/${BLOCK_LEN}`;
    if (!taken.has(dst)) return dst;
  }
  return `${formatIPv4(pool.net)}/${BLOCK_LEN}`;
}

function calicoConflist(node: string, mtu: number): string {
  return `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "log_level": "info",
      "log_file_path": "/var/log/calico/cni/cni.log",
      "datastore_type": "kubernetes",
      "nodename": "${node}",
      "mtu": ${mtu},
      "ipam": {
          "type": "calico-ipam"
      },
      "policy": {
          "type": "k8s"
      },
      "kubernetes": {
          "kubeconfig": "/etc/cni/net.d/calico-kubeconfig"
      }
    },
    {
      "type": "portmap",
      "snat": true,
      "capabilities": {"portMappings": true}
    },
    {
      "type": "bandwidth",
      "capabilities": {"bandwidth": true}
    }
  ]
}
`;
}
