/**
 * The Docker-era view: one docker0 bridge per node holding a /24 of the pod CIDR, pods
 * bridged onto it, and no routes between nodes at all: cross-node pod traffic has nowhere
 * to go until a learner (or a lab) adds the routes by hand, which is the point.
 */
import { addBridgedPod, delBridgedPod, ensureBridge } from './veth';
import { nthAddress, parsePrefix } from '../../kernel/ip';
import type { CniPlugin } from './types';

const OPTS = { bridge: 'docker0', mtu: 1500, podRoutes: [] as string[] };

/** The plain bridge "CNI". */
export function bridgePlugin(): CniPlugin {
  return {
    setupNode(ctx, node) {
      // dockerd makes docker0 at boot, before any container exists.
      ensureBridge(ctx, ctx.nodeNs(node.name), node.subnet, OPTS);
    },
    syncRemote() {
      // Deliberately nothing: Docker never knew about other hosts.
    },
    addPod(ctx, pod, podNs, nodeNs) {
      const node = ctx.state.nodes[pod.spec.nodeName!];
      if (!node) return { error: 'no subnet for node' };
      return addBridgedPod(ctx, pod, podNs, nodeNs, node.subnet, OPTS);
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
        '/etc/cni/net.d/10-bridge.conflist': `{
  "cniVersion": "0.3.1",
  "name": "bridge",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "docker0",
      "isGateway": true,
      "ipMasq": true,
      "ipam": {
        "type": "host-local",
        "ranges": [
          [{"subnet": "${node.subnet}", "gateway": "${nthAddress(p, 1)}"}]
        ],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
`,
      };
    },
  };
}
