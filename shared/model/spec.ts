/**
 * The cluster spec: what the learner (or a lab) asks for before anything runs. Controllers
 * turn it, plus the Kubernetes objects, into kernel state.
 */

export type FlannelBackend = 'vxlan' | 'udp' | 'host-gw';
export type CalicoBackend = 'bgp' | 'ipip' | 'vxlan';

export type CniSpec =
  | { plugin: 'flannel'; backend: FlannelBackend }
  | { plugin: 'calico'; backend: CalicoBackend; ipipMode?: 'Always' | 'CrossSubnet' }
  /** The Docker-era view: one docker0 bridge per node, routes added by hand or by a lab. */
  | { plugin: 'bridge' };

export type ProxyMode = 'iptables' | 'ipvs' | 'userspace';

/** An L2 segment of the underlay (one switch). Segments are joined by one router. */
export interface SegmentSpec {
  name: string;
  /** e.g. 192.168.56.0/24 */
  cidr: string;
  /** The router's address in this segment, the nodes' default gateway. */
  gateway: string;
}

export interface NodeSpec {
  name: string;
  role: 'control-plane' | 'worker';
  /** The node's underlay address (its eth0). */
  ip: string;
  segment: string;
  /** kubeadm's control-plane NoSchedule taint. */
  tainted: boolean;
}

export interface ClusterSpec {
  nodes: NodeSpec[];
  segments: SegmentSpec[];
  podCIDR: string;
  serviceCIDR: string;
  cni: CniSpec;
  proxyMode: ProxyMode;
  /** The host outside the cluster, on the underlay, with a shell of its own. */
  external: { name: 'external'; ip: string; segment: string };
  /** 'default' runs the sandbox workloads (web Deployment, client pod, web Service). */
  workloads: 'default' | 'none';
  clusterDomain: string;
}

export const CNI_CHOICES = [
  'flannel:vxlan',
  'flannel:udp',
  'flannel:host-gw',
  'calico:bgp',
  'calico:ipip',
  'calico:vxlan',
  'bridge',
] as const;

export const PROXY_MODES: readonly ProxyMode[] = ['iptables', 'ipvs', 'userspace'];

/** Parses `flannel:vxlan`-style CNI names; returns an error message for anything else. */
export function parseCni(text: string): CniSpec | { error: string } {
  const [plugin, backend] = text.split(':');
  if (plugin === 'flannel' && (backend === 'vxlan' || backend === 'udp' || backend === 'host-gw')) {
    return { plugin, backend };
  }
  if (plugin === 'flannel' && backend === undefined) return { plugin, backend: 'vxlan' };
  if (plugin === 'calico' && (backend === 'bgp' || backend === 'vxlan')) return { plugin, backend };
  if (plugin === 'calico' && backend === 'ipip') return { plugin, backend, ipipMode: 'Always' };
  if (plugin === 'calico' && backend === undefined) return { plugin, backend: 'ipip', ipipMode: 'Always' };
  if (plugin === 'bridge' && backend === undefined) return { plugin: 'bridge' };
  return { error: `unknown CNI "${text}" (choose one of: ${CNI_CHOICES.join(', ')})` };
}

export function cniName(cni: CniSpec): string {
  return cni.plugin === 'bridge' ? 'bridge' : `${cni.plugin}:${cni.backend}`;
}

export interface ClusterOptions {
  nodes?: number;
  /** Number of L2 segments; nodes are dealt round-robin after node-1. */
  segments?: number;
  cni?: CniSpec;
  proxyMode?: ProxyMode;
  workloads?: 'default' | 'none';
}

/**
 * The default sandbox: node-1 (control plane, tainted), node-2, node-3 on one segment
 * 192.168.56.0/24 (.11, .12, ...), the external host at .100, flannel VXLAN, iptables.
 */
export function defaultClusterSpec(opts: ClusterOptions = {}): ClusterSpec {
  const count = opts.nodes ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 250) throw new Error('nodes must be between 1 and 250');
  const segCount = opts.segments ?? 1;
  if (!Number.isInteger(segCount) || segCount < 1 || segCount > 16) throw new Error('segments must be between 1 and 16');
  const segments: SegmentSpec[] = [];
  for (let s = 0; s < segCount; s++) {
    segments.push({ name: `seg-${s + 1}`, cidr: `192.168.${56 + s}.0/24`, gateway: `192.168.${56 + s}.1` });
  }
  const nodes: NodeSpec[] = [];
  const perSeg = new Array<number>(segCount).fill(0);
  for (let i = 0; i < count; i++) {
    const seg = segCount === 1 ? 0 : i % segCount;
    const host = 11 + perSeg[seg]!++;
    nodes.push({
      name: `node-${i + 1}`,
      role: i === 0 ? 'control-plane' : 'worker',
      ip: `192.168.${56 + seg}.${host}`,
      segment: segments[seg]!.name,
      tainted: i === 0 && count > 1,
    });
  }
  return {
    nodes,
    segments,
    podCIDR: '10.244.0.0/16',
    serviceCIDR: '10.96.0.0/12',
    cni: opts.cni ?? { plugin: 'flannel', backend: 'vxlan' },
    proxyMode: opts.proxyMode ?? 'iptables',
    external: { name: 'external', ip: '192.168.56.100', segment: 'seg-1' },
    workloads: opts.workloads ?? 'default',
    clusterDomain: 'cluster.local',
  };
}
