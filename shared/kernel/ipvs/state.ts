/**
 * IPVS and ipset state of one namespace, as kube-proxy's IPVS mode programs them: virtual
 * services with their real servers and schedulers, connection counts that walks update,
 * and the ipsets the smaller iptables rule set matches against (`-m set --match-set`).
 */
export type Scheduler = 'rr' | 'wrr' | 'lc' | 'wlc' | 'dh' | 'sh' | 'sed' | 'nq';
export const SCHEDULERS: readonly Scheduler[] = ['rr', 'wrr', 'lc', 'wlc', 'dh', 'sh', 'sed', 'nq'];

export interface RealServer {
  ip: string;
  port: number;
  /** -m masquerading (NAT), -g gatewaying (direct routing), -i ipip tunnel. */
  forward: 'Masq' | 'Route' | 'Tunnel';
  weight: number;
  activeConns: number;
  inactConns: number;
  /** --stats counters. */
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
}

export interface VirtualService {
  proto: 'TCP' | 'UDP';
  vip: string;
  port: number;
  scheduler: Scheduler;
  /** -p TIMEOUT: persistence for ClientIP session affinity. */
  persistent?: number;
  reals: RealServer[];
  /** rr position; sh/dh hash state is derived. */
  rrNext: number;
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
  owner?: string;
}

/** One entry of the IPVS connection table (`ipvsadm -Lnc`). */
export interface IpvsConn {
  proto: 'TCP' | 'UDP';
  client: string;
  virtual: string;
  real: string;
  state: 'ESTABLISHED' | 'TIME_WAIT' | 'SYN_RECV' | 'UDP' | 'NONE';
  /** Virtual ms. */
  expires: number;
}

export interface IpvsState {
  services: VirtualService[];
  conns: IpvsConn[];
  /** Persistence templates: `vip:port client` → chosen real `ip:port`, with expiry (virtual ms). */
  persist: Map<string, { real: string; expires: number }>;
}

export type IpsetType = 'hash:ip' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'hash:net' | 'bitmap:port';

export interface IpSet {
  name: string;
  type: IpsetType;
  /** The set's comment, as kube-proxy gives it (`Kubernetes service cluster ip + port for masquerade purpose`). */
  comment?: string;
  /** Entries in ipset's own text form: `10.96.0.1,tcp:443`, `30080`, `10.244.1.5,tcp:80,10.244.1.5`. */
  entries: Set<string>;
  /** bitmap:port range. */
  range?: string;
}

export interface IpsetState {
  sets: Map<string, IpSet>;
}

export function emptyIpvs(): IpvsState {
  return { services: [], conns: [], persist: new Map() };
}

export function emptyIpsets(): IpsetState {
  return { sets: new Map() };
}
