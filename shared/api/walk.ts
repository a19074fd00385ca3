/**
 * Walk records as the renderer sees them: plain, serialisable data describing one packet
 * walk hop by hop (CONVENTIONS 3: the engine returns data, the inspector renders it).
 * Nothing here imports engine classes, so the renderer can import this file as is.
 */
import type { ShellTarget } from '../model/target';
import type { OriginKind } from '../kernel/types';

/** The layers a hop can show, outer first. */
export type LayerName = 'Ethernet' | 'IPv4' | 'TCP' | 'UDP' | 'ICMP' | 'VXLAN' | 'IPIP' | 'FlannelUDP' | 'HTTP' | 'DNS';

/** One header field; `changed` marks a field rewritten at this hop (NAT, TTL, MAC). */
export interface WalkField {
  name: string;
  value: string;
  changed?: boolean;
}

/** One header of the packet at a hop. `inner` marks headers inside an encapsulation. */
export interface WalkLayer {
  name: LayerName;
  fields: WalkField[];
  inner?: boolean;
}

/** The stage of the kernel's path a hop belongs to. */
export type HopStage =
  | 'socket'
  | 'route'
  | 'netfilter'
  | 'conntrack'
  | 'ipvs'
  | 'bridge'
  | 'neigh'
  | 'encap'
  | 'decap'
  | 'underlay'
  | 'proxy'
  | 'deliver'
  | 'drop';

/** A netfilter rule that matched (mirror of kernel/hooks RuleHit, as plain data). */
export interface WalkRuleHit {
  table: string;
  chain: string;
  ruleNum: number;
  ruleText: string;
  target: string;
  owner?: string;
  probability?: number;
}

/** The kinds of object a provenance entry links to (the kernel's OriginKind). */
export type ProvenanceKind = OriginKind;

/** A Kubernetes object a provenance entry links to; `namespace` is absent for Nodes. */
export interface ProvenanceObject {
  kind: ProvenanceKind;
  namespace?: string;
  name: string;
  /** For an EndpointSlice: the Service it belongs to. */
  service?: string;
}

/** One piece of state used at a hop, who wrote it, and for which object. */
export interface Provenance {
  /** What was used, as its tool prints it: `route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`. */
  what: string;
  /** The writer: `flanneld`, `calico (bird)`, `kube-proxy`, `calico-felix`, `ip`, `kernel`. */
  controller: string;
  /** The pod the controller runs in on that node (kube-proxy-x7k2p, kube-flannel-ds-…, calico-node-…), when it runs in one. */
  controllerPod?: { namespace: string; name: string };
  object?: ProvenanceObject;
  /** One readable sentence: `flanneld on node-1, from node-2's subnet lease 10.244.2.0/24`. */
  text: string;
}

/** A 5-tuple as the inspector prints it. */
export interface WalkTuple {
  proto: string;
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

/** One step of a walk: where the packet is, what the kernel decided, and why. */
export interface Hop {
  /** 0-based order within its direction. */
  seq: number;
  /** Namespace id (`node/node-1`, `pod/default/web-x`, `external`, `router`, `segment/seg-1`). */
  netns: string;
  /** Node or pod label for display (`node-1`, `web-x`). */
  host: string;
  device?: string;
  direction: 'in' | 'out' | 'local';
  stage: HopStage;
  /** One sentence: what happened and why. */
  summary: string;
  /** The packet at this point, outer headers first. */
  layers: WalkLayer[];
  rules?: WalkRuleHit[];
  /** Rules evaluated, as the kernel would walk them. */
  evaluated?: number;
  /** The route used, as `ip route` prints it. */
  route?: string;
  /** The FDB entry used, as `bridge fdb show` prints it. */
  fdb?: string;
  /** The neighbour entry used, as `ip neigh` prints it. */
  neigh?: string;
  nat?: { kind: string; before: WalkTuple; after: WalkTuple };
  conntrack?: { state: string; entry?: string };
  ipvs?: { virtualService: string; realServer: string; scheduler: string; reason: string };
  /** Who wrote each route, neighbour, FDB entry, rule and IPVS entry used here, and for which object. */
  provenance?: Provenance[];
  /** Topology element ids to highlight (shared/api/topology.ts ids). */
  elements: string[];
}

/** Why a walk ended. */
export type WalkVerdict = 'delivered' | 'dropped' | 'rejected' | 'no-reply';

/** The request a walk was asked to carry. */
export interface WalkRequest {
  from: ShellTarget;
  /** The source namespace id, resolved. */
  fromNetns: string;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  dport?: number;
  sport?: number;
}

/** One connection of a walk; a userspace proxy or an ingress opens a second one. */
export interface WalkConnection {
  src: string;
  sport: number;
  dst: string;
  dport: number;
  proto: string;
  /** Hop seq range in `hops` covered by this connection. */
  firstHop: number;
  lastHop: number;
}

/** One packet walk (request and, if answered, the reply), for the inspector and history. */
export interface WalkRecord {
  id: string;
  /** e.g. `ping 10.244.2.3 from client`. */
  title: string;
  /** Virtual time the walk started (ms since epoch). */
  at: number;
  request: WalkRequest;
  verdict: WalkVerdict;
  dropReason?: string;
  hops: Hop[];
  replyHops?: Hop[];
  connections: WalkConnection[];
  /** Namespace id of the socket that got the request, when delivered. */
  answeredBy?: string;
}

/** What `walk:list` returns: the history, newest last. */
export interface WalkSummary {
  id: string;
  title: string;
  at: number;
  verdict: WalkVerdict;
  hopCount: number;
}
