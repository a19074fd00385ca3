/**
 * IPVS and ipset state of one namespace, as kube-proxy's IPVS mode programs them: virtual
 * services with their real servers and schedulers, connection counts that walks update,
 * and the ipsets the smaller iptables rule set matches against (`-m set --match-set`).
 */
import type { Origin } from '../types';

export type Scheduler = 'rr' | 'wrr' | 'lc' | 'wlc' | 'dh' | 'sh' | 'sed' | 'nq';
export const SCHEDULERS: readonly Scheduler[] = ['rr', 'wrr', 'lc', 'wlc', 'dh', 'sh', 'sed', 'nq'];

/** A real server as configured (immutable: virtual services are shared between nodes). */
export interface RealServer {
  ip: string;
  port: number;
  /** -m masquerading (NAT), -g gatewaying (direct routing), -i ipip tunnel. */
  forward: 'Masq' | 'Route' | 'Tunnel';
  weight: number;
  /** Who wrote it and for which object (kube-proxy, the EndpointSlice). */
  origin?: Origin;
}

/** A virtual service as configured (immutable; replace it to change it). Counters live in IpvsState.stats. */
export interface VirtualService {
  proto: 'TCP' | 'UDP';
  vip: string;
  port: number;
  scheduler: Scheduler;
  /** -p TIMEOUT: persistence for ClientIP session affinity. */
  persistent?: number;
  reals: readonly RealServer[];
  owner?: string;
  /** Who wrote it and for which object (kube-proxy, the Service). */
  origin?: Origin;
}

/** `--stats` counters of a virtual or real server on one node, and the rr position. */
export interface IpvsStats {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
  rr?: number;
}

/** Key of a virtual service (`TCP 10.96.0.1:443`) or of one of its real servers (`... > 10.244.1.2:80`). */
export function statsKey(vs: Pick<VirtualService, 'proto' | 'vip' | 'port'>, real?: Pick<RealServer, 'ip' | 'port'>): string {
  return `${vs.proto} ${vs.vip}:${vs.port}${real ? ` > ${real.ip}:${real.port}` : ''}`;
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
  stats: Map<string, IpvsStats>;
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
  /** maxelem of a hash set (65536 unless the creator chose: Calico uses 1048576). */
  maxelem?: number;
}

export interface IpsetState {
  sets: Map<string, IpSet>;
}

export function emptyIpvs(): IpvsState {
  return { services: [], conns: [], stats: new Map(), persist: new Map() };
}

export function emptyIpsets(): IpsetState {
  return { sets: new Map() };
}
