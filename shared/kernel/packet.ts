/**
 * A packet as the walker carries it: headers per layer, and for an encapsulated packet
 * the inner packet inside the outer one's payload, exactly as it sits on the wire.
 */

export type IpProto = 'icmp' | 'tcp' | 'udp';

export interface EthHeader {
  src: string;
  dst: string;
}

export interface IpHeader {
  src: string;
  dst: string;
  ttl: number;
  proto: IpProto | 'ipip';
  id?: number;
}

export type L4Header =
  | { kind: 'icmp'; type: number; code: number; id?: number; seq?: number }
  | { kind: 'tcp'; sport: number; dport: number; flags: string; seq?: number; ack?: number }
  | { kind: 'udp'; sport: number; dport: number };

export type Payload =
  | { kind: 'none' }
  | { kind: 'http-request'; method: string; path: string; host: string; headers: Record<string, string> }
  | { kind: 'http-response'; status: number; body: string; headers: Record<string, string> }
  | { kind: 'dns-query'; name: string; qtype: 'A' | 'SRV' | 'PTR' | 'AAAA' }
  | { kind: 'dns-answer'; name: string; answers: string[]; rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' }
  /** VXLAN (UDP 8472) or flannel UDP (8285): the whole inner frame is the payload. */
  | { kind: 'vxlan'; vni: number; inner: Packet }
  | { kind: 'flannel-udp'; inner: Packet }
  /** IP-in-IP: the inner IP packet follows the outer IP header directly. */
  | { kind: 'ipip'; inner: Packet }
  /** An ICMP error quotes the packet it is about (tcpdump prints it; conntrack relates it). */
  | { kind: 'icmp-error'; original: Packet };

export interface Packet {
  eth?: EthHeader;
  ip: IpHeader;
  l4?: L4Header;
  payload: Payload;
  /** skb->mark, set by `-j MARK` and read by `-m mark`. */
  mark: number;
  /** Size in bytes as the counters see it. */
  length: number;
}

/** The 5-tuple that conntrack and the inspector key flows by. */
export interface FlowTuple {
  proto: IpProto;
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

export function tupleOf(p: Packet): FlowTuple | undefined {
  if (p.ip.proto === 'ipip' || !p.l4) return undefined;
  if (p.l4.kind === 'icmp') return { proto: 'icmp', src: p.ip.src, dst: p.ip.dst, sport: p.l4.id ?? 0, dport: 0 };
  return { proto: p.l4.kind, src: p.ip.src, dst: p.ip.dst, sport: p.l4.sport, dport: p.l4.dport };
}
