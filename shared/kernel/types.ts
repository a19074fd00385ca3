/**
 * The data of one network namespace, as the Linux kernel keeps it and iproute2 shows it.
 * Pure data (no methods) so a namespace can be snapshotted, diffed and restored.
 */

/** The kinds of Kubernetes object a piece of kernel state can be written for. */
export type OriginKind = 'Service' | 'EndpointSlice' | 'NetworkPolicy' | 'GlobalNetworkPolicy' | 'Node' | 'Pod' | 'Ingress';

/** A Kubernetes object by kind and name (`namespace` absent for cluster-scoped kinds). */
export interface OriginObject {
  kind: OriginKind;
  namespace?: string;
  name: string;
  /** For an EndpointSlice: the Service it belongs to (the graph draws Services, not slices). */
  service?: string;
}

/**
 * Who wrote a route, neighbour, FDB entry, link, rule or IPVS entry, and for which object:
 * the structured half of provenance. The `owner` strings stay beside it because the
 * controllers key their cleanup on them.
 */
export interface Origin {
  /** The writer as a learner knows it: `flanneld`, `calico (bird)`, `kube-proxy`, `ip`, `kernel`. */
  controller: string;
  object?: OriginObject;
  /** The rest of the sentence: `from node-2's subnet lease 10.244.2.0/24`, `for Service default/web:http`. */
  detail?: string;
}

export type LinkKind = 'loopback' | 'ether' | 'veth' | 'bridge' | 'vxlan' | 'ipip' | 'tun' | 'dummy';

export interface LinkBase {
  ifindex: number;
  name: string;
  kind: LinkKind;
  mac: string;
  mtu: number;
  /** Administrative state (`ip link set X up`). */
  up: boolean;
  /** The bridge this link is a port of (`master cni0`). */
  master?: string;
  qlen?: number;
  /** Which controller or command created it, for provenance in the inspector. */
  owner?: string;
  /** Who wrote it and for which object (provenance). */
  origin?: Origin;
  /** For underlay NICs (node eth0, external, router ports): the L2 segment (switch) it is plugged into. */
  segment?: string;
  /** Counters `ip -s link` shows; the walker adds to them as packets cross the link. */
  stats?: LinkStats;
}

/** Per-link packet counters. */
export interface LinkStats {
  rxBytes: number;
  rxPackets: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txDropped: number;
}

export interface VethLink extends LinkBase {
  kind: 'veth';
  /** The peer's namespace id and ifindex (`@if3`, `link-netns cni-...`). */
  peer: { netns: string; ifindex: number };
}

export interface VxlanLink extends LinkBase {
  kind: 'vxlan';
  vni: number;
  local: string;
  dstport: number;
  /** The underlay device (`dev eth0`). */
  dev: string;
  learning: boolean;
}

export interface IpipLink extends LinkBase {
  kind: 'ipip';
  local?: string;
  remote?: string;
}

export interface TunLink extends LinkBase {
  kind: 'tun';
  /** The user-space process holding the tun fd (flanneld). */
  process?: string;
}

export interface PlainLink extends LinkBase {
  kind: 'loopback' | 'ether' | 'bridge' | 'dummy';
}

export type Link = PlainLink | VethLink | VxlanLink | IpipLink | TunLink;

export interface Address {
  /** ifindex of the link. */
  ifindex: number;
  ip: string;
  prefixLen: number;
  broadcast?: string;
  scope: 'host' | 'link' | 'global';
}

export type RouteType = 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit';

export interface Route {
  table: 'main' | 'local';
  type: RouteType;
  /** Destination prefix, e.g. `10.244.1.0/24`, `0.0.0.0/0` for default. */
  dst: string;
  via?: string;
  dev?: string;
  proto?: 'kernel' | 'boot' | 'static' | 'bird' | 'dhcp' | string;
  scope?: 'host' | 'link' | 'global';
  src?: string;
  metric?: number;
  onlink?: boolean;
  owner?: string;
  origin?: Origin;
}

export type NeighState = 'PERMANENT' | 'REACHABLE' | 'STALE' | 'DELAY' | 'FAILED' | 'INCOMPLETE' | 'NOARP';

export interface Neighbour {
  ip: string;
  dev: string;
  lladdr?: string;
  state: NeighState;
  /** `proxy` entries answer ARP for other addresses (Calico sets proxy_arp on cali*). */
  proxy?: boolean;
  owner?: string;
  origin?: Origin;
}

export interface FdbEntry {
  mac: string;
  /** The port (or vxlan device) the MAC lives behind. */
  dev: string;
  /** The bridge, for bridge ports. */
  master?: string;
  /** The remote VTEP, for vxlan entries. */
  dst?: string;
  permanent: boolean;
  /** `self` entries belong to the device itself, not a bridge. */
  self?: boolean;
  vlan?: number;
  owner?: string;
  origin?: Origin;
}

/** Per-namespace sysctls that change the walk (`net.ipv4.ip_forward`, proxy_arp...). */
export interface Sysctls {
  ipForward: boolean;
  /** Interfaces with proxy_arp on. */
  proxyArp: string[];
  /** net.bridge.bridge-nf-call-iptables */
  bridgeNfCallIptables: boolean;
}
