/**
 * flannel, as flanneld and its CNI plugin program a node: the /24 lease from the node's
 * podCIDR (kube subnet manager), /run/flannel/subnet.env, cni0 via the bridge plugin, and
 * per backend: vxlan (flannel.1, VNI 1, port 8472, nolearning, onlink routes plus
 * PERMANENT neighbour and FDB entries per remote VTEP), udp (flannel0 TUN, the /16 route,
 * flanneld encapsulating in UDP 8285) or host-gw (routes via the other nodes' IPs, which
 * the kernel refuses when the node is not on the same segment).
 */
import { addAddress } from '../../kernel/addrs';
import { mustAddLink } from '../../kernel/links';
import { setFdb, setNeighbour } from '../../kernel/neigh';
import { addRoute } from '../../kernel/routes';
import { nthAddress, parsePrefix } from '../../kernel/ip';
import type { NetNS } from '../../kernel/netns';
import type { Origin, TunLink, VxlanLink } from '../../kernel/types';
import { addBridgedPod, delBridgedPod } from './veth';
import { clearRemote } from './remote';
import { CNI_OWNER, REMOTE_OWNER, type CniPlugin, type NodeNet } from './types';

type Backend = 'vxlan' | 'udp' | 'host-gw';

/** MTU flannel computes from the 1500-byte underlay for each backend. */
export const FLANNEL_MTU: Record<Backend, number> = { vxlan: 1450, udp: 1472, 'host-gw': 1500 };

/** The flannel plugin for one backend. */
export function flannelPlugin(backend: Backend): CniPlugin {
  const mtu = FLANNEL_MTU[backend];
  return {
    setupNode(ctx, node) {
      const ns = ctx.nodeNs(node.name);
      const p = parsePrefix(node.subnet)!;
      if (backend === 'vxlan') {
        node.tunnelIp = nthAddress(p, 0);
        const link = mustAddLink(ns, {
          kind: 'vxlan', name: 'flannel.1', mac: ctx.mac(), mtu, up: true, owner: CNI_OWNER,
          vni: 1, local: node.ip, dstport: 8472, dev: 'eth0', learning: false,
          origin: { controller: 'flanneld', object: { kind: 'Node', name: node.name }, detail: `the VTEP of ${node.name}'s subnet lease ${node.subnet}` },
        } as VxlanLink);
        node.vtepMac = link.mac;
        addAddress(ns, 'flannel.1', `${node.tunnelIp}/32`);
      } else if (backend === 'udp') {
        node.tunnelIp = nthAddress(p, 0);
        mustAddLink(ns, { kind: 'tun', name: 'flannel0', mac: '', mtu, up: true, qlen: 500, owner: CNI_OWNER, process: 'flanneld' } as TunLink);
        // flanneld gives the TUN the lease's .0 with the whole network's mask: the /16 route comes from it.
        const net = parsePrefix(ctx.engine.spec.podCIDR)!;
        addAddress(ns, 'flannel0', `${node.tunnelIp}/${net.len}`);
      }
    },

    syncRemote(ctx, only) {
      for (const node of Object.values(ctx.state.nodes)) {
        if (only !== undefined && node.name !== only) continue;
        const ns = ctx.nodeNs(node.name);
        clearRemote(ctx, ns, node.name);
        for (const peer of Object.values(ctx.state.nodes)) {
          if (peer.name === node.name) continue;
          if (backend === 'vxlan') programVtep(ns, peer);
          else if (backend === 'host-gw') {
            const r = addRoute(ns, { table: 'main', type: 'unicast', dst: peer.subnet, via: peer.ip, dev: 'eth0', owner: REMOTE_OWNER, origin: leaseOrigin(peer) });
            if ('error' in r) {
              ctx.state.rejected.push({
                node: node.name, dst: peer.subnet, via: peer.ip, dev: 'eth0', error: r.error,
                why: `flannel host-gw needs every node on one L2 segment: ${peer.name} (${peer.ip}) is on ${peer.segment}, not ${node.segment}, so ${node.name} cannot route ${peer.subnet} via it`,
              });
            }
          }
        }
      }
    },

    addPod(ctx, pod, podNs, nodeNs) {
      const node = ctx.state.nodes[pod.spec.nodeName!];
      if (!node) return { error: `failed to load flannel 'subnet.env' file: open /run/flannel/subnet.env: no such file or directory` };
      return addBridgedPod(ctx, pod, podNs, nodeNs, node.subnet, { bridge: 'cni0', mtu, podRoutes: [ctx.engine.spec.podCIDR] });
    },

    delPod(ctx, sb, nodeNs) {
      delBridgedPod(ctx, sb, nodeNs);
    },

    files(ctx, target): Record<string, string> {
      if (target.kind !== 'node') return {};
      const node = ctx.state.nodes[target.name];
      if (!node) return {};
      const p = parsePrefix(node.subnet)!;
      return {
        '/etc/cni/net.d/10-flannel.conflist': FLANNEL_CONFLIST,
        '/run/flannel/subnet.env':
          `FLANNEL_NETWORK=${ctx.engine.spec.podCIDR}\nFLANNEL_SUBNET=${nthAddress(p, 1)}/${p.len}\nFLANNEL_MTU=${mtu}\nFLANNEL_IPMASQ=true\n`,
      };
    },
  };
}

/** One remote VTEP: the onlink route, the PERMANENT neighbour and the FDB `dst` entry. */
function programVtep(ns: NetNS, peer: NodeNet): void {
  if (!peer.tunnelIp || !peer.vtepMac) return;
  const origin = leaseOrigin(peer);
  addRoute(ns, { table: 'main', type: 'unicast', dst: peer.subnet, via: peer.tunnelIp, dev: 'flannel.1', onlink: true, owner: REMOTE_OWNER, origin });
  setNeighbour(ns, { ip: peer.tunnelIp, dev: 'flannel.1', lladdr: peer.vtepMac, state: 'PERMANENT', owner: REMOTE_OWNER, origin });
  setFdb(ns, { mac: peer.vtepMac, dev: 'flannel.1', dst: peer.ip, self: true, permanent: true, owner: REMOTE_OWNER, origin });
}

/** Provenance of what flanneld writes for a peer: that node's subnet lease (its Node's podCIDR). */
function leaseOrigin(peer: NodeNet): Origin {
  return { controller: 'flanneld', object: { kind: 'Node', name: peer.name }, detail: `from ${peer.name}'s subnet lease ${peer.subnet}` };
}

/** kube-flannel's CNI config as the DaemonSet's init container installs it. */
export const FLANNEL_CONFLIST = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
`;
