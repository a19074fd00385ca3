/**
 * The Node annotations the CNI daemons write, so `kubectl describe node` / `-o yaml`
 * show what flanneld (backend-data with the VTEP MAC, public-ip) or calico-node
 * (IPv4Address, the tunnel address) would have published for that node.
 */
import type { Engine } from '../../sim/engine';
import type { KubeNode } from '../../model/objects';
import { parsePrefix } from '../../kernel/ip';
import type { CniState } from './types';

const PREFIXES = ['flannel.alpha.coreos.com/', 'projectcalico.org/'];

/** The annotations for one node under the current CNI. */
export function cniAnnotations(engine: Engine, state: CniState, node: string): Record<string, string> {
  const net = state.nodes[node];
  const cni = engine.spec.cni;
  if (!net) return {};
  if (cni.plugin === 'flannel') {
    const backendData = cni.backend === 'vxlan' ? JSON.stringify({ VNI: 1, VtepMAC: net.vtepMac }) : 'null';
    return {
      'flannel.alpha.coreos.com/backend-data': backendData,
      'flannel.alpha.coreos.com/backend-type': cni.backend,
      'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
      'flannel.alpha.coreos.com/public-ip': net.ip,
    };
  }
  if (cni.plugin === 'calico') {
    const seg = engine.spec.segments.find((s) => s.name === net.segment);
    const len = seg ? parsePrefix(seg.cidr)!.len : 24;
    const out: Record<string, string> = { 'projectcalico.org/IPv4Address': `${net.ip}/${len}` };
    if (cni.backend === 'ipip' && net.tunnelIp) out['projectcalico.org/IPv4IPIPTunnelAddr'] = net.tunnelIp;
    if (cni.backend === 'vxlan' && net.tunnelIp) {
      out['projectcalico.org/IPv4VXLANTunnelAddr'] = net.tunnelIp;
      if (net.vtepMac) out['projectcalico.org/VXLANTunnelMACAddr'] = net.vtepMac;
    }
    return out;
  }
  return {};
}

/** Rewrites every node's CNI annotations (only nodes whose annotations actually change). */
export function annotateNodes(engine: Engine, state: CniState): void {
  for (const n of engine.spec.nodes) {
    const obj = engine.store.get<KubeNode>('Node', undefined, n.name);
    if (!obj) continue;
    const kept = Object.fromEntries(Object.entries(obj.metadata.annotations ?? {}).filter(([k]) => !PREFIXES.some((p) => k.startsWith(p))));
    const next = { ...kept, ...cniAnnotations(engine, state, n.name) };
    const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
    if (JSON.stringify(sorted) === JSON.stringify(obj.metadata.annotations ?? {})) continue;
    obj.metadata.annotations = sorted;
    engine.store.update(obj);
  }
}
