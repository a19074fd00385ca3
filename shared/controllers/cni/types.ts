/**
 * What every CNI plugin shares: its plain-data state (snapshotted with the engine), the
 * plugin interface the CNI controller drives, and the runtime the kubelet calls
 * (CNI ADD / DEL) and the walker reads (leases, VTEPs, BGP peerings, rejected routes).
 */
import type { Engine } from '../../sim/engine';
import type { NetNS } from '../../kernel/netns';
import type { Pod } from '../../model/objects';
import type { ShellTarget } from '../../model/target';
import type { CniSpec } from '../../model/spec';

/** One node's share of the pod network as its CNI sees it. */
export interface NodeNet {
  name: string;
  /** The node's underlay IP and segment. */
  ip: string;
  segment: string;
  /** flannel's /24 lease, Calico's /26 block, the bridge's /24. */
  subnet: string;
  /** flannel.1 / tunl0 / vxlan.calico address (none for host-gw, bgp, bridge). */
  tunnelIp?: string;
  /** The VTEP MAC of flannel.1 / vxlan.calico. */
  vtepMac?: string;
}

/** A pod's sandbox as CNI ADD left it. */
export interface PodSandbox {
  node: string;
  ip: string;
  /** The host-side interface (`veth1a2b3c4d`, `cali0123456789a`). */
  hostIf: string;
}

/** A route a controller wanted but the kernel refused (host-gw across segments...). */
export interface RouteRejection {
  node: string;
  dst: string;
  via: string;
  dev: string;
  error: string;
  /** One sentence for the walker's drop reason. */
  why: string;
}

/** A BGP session of Calico's node-to-node mesh (key `a|b`, names sorted). */
export interface BgpSession {
  up: boolean;
  /** Virtual-clock ms of the last state change (`SINCE` column). */
  since: number;
}

export interface CniState {
  nodes: Record<string, NodeNet>;
  /** Per node: allocated IP → pod key (`ns/name`, or `tunnel`), and the last IP handed out. */
  ipam: Record<string, { last: number; used: Record<string, string> }>;
  pods: Record<string, PodSandbox>;
  bgp: Record<string, BgpSession>;
  rejected: RouteRejection[];
  /** The rng stream position for interface names and MACs. */
  rng: number;
}

/** What a plugin gets to work with. */
export interface CniContext {
  engine: Engine;
  state: CniState;
  spec: CniSpec;
  nodeNs(name: string): NetNS;
  /** Draws from the CNI's own rng stream. */
  hex(n: number): string;
  mac(): string;
}

/** One CNI implementation (flannel, Calico, the plain bridge). */
export interface CniPlugin {
  /** Lease/block and node-level devices (flannel.1, tunl0...) for one node. */
  setupNode(ctx: CniContext, node: NodeNet): void;
  /** Routes, neighbours and FDB entries towards the other nodes (of every node, or only `only`); idempotent. */
  syncRemote(ctx: CniContext, only?: string): void;
  /** CNI ADD: wire the pod's namespace to the node; returns the pod IP. */
  addPod(ctx: CniContext, pod: Pod, podNs: NetNS, nodeNs: NetNS): { ip: string; hostIf: string } | { error: string };
  /** CNI DEL: the host side (the pod namespace itself goes with the sandbox). */
  delPod(ctx: CniContext, sandbox: PodSandbox, nodeNs: NetNS): void;
  /** System files this plugin shows on a host (conflist, subnet.env). */
  files(ctx: CniContext, target: ShellTarget): Record<string, string>;
}

/** The CNI as the kubelet, the engine and the walker see it. */
export interface CniRuntime {
  readonly state: CniState;
  /** CNI ADD for a scheduled pod whose namespace the runtime just made. */
  add(pod: Pod, podNs: NetNS): { ip: string } | { error: string };
  /** CNI DEL. */
  del(namespace: string, name: string): void;
  /** Tear every node and pod down and program them again under another CNI. */
  switchTo(cni: CniSpec): void;
  /** Bring a Calico mesh session down or up; routes are withdrawn or re-learned. */
  setPeering(a: string, b: string, up: boolean): boolean;
}

/** Owner tags on kernel objects, so a teardown removes exactly what the CNI made. */
export const CNI_OWNER = 'cni';
export const REMOTE_OWNER = 'cni:remote';
