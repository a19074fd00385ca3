/**
 * A walked TCP connection is one request packet and one reply. What a capture of it
 * shows is the whole conversation, every packet on the path the walk took: SYN, SYN-ACK,
 * ACK + request, ACK + response, FIN, FIN, ACK. The walk only marks its captures
 * (markTcpConversation, cheap); tcpdump expands them (expandCapture) when it reads —
 * same devices, same NAT views, later times. Sequence numbers are relative, as tcpdump
 * shows them after the handshake.
 */
import type { L4Header, Packet, Payload } from '../../kernel/packet';
import type { Capture } from './record';

/** Bytes of an HTTP message as it goes on the wire (request or response head plus body). */
export function httpLength(p: Payload): number {
  if (p.kind === 'http-request') {
    return `${p.method} ${p.path} HTTP/1.1\r\n${Object.entries(p.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`.length;
  }
  if (p.kind === 'http-response') {
    const headers = { ...p.headers, 'Content-Length': String(p.body.length) };
    return `HTTP/1.1 ${p.status} OK\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`.length + p.body.length;
  }
  return 0;
}

/** `p` with its innermost TCP header replaced and every IP length grown by `delta`. */
function withTcp(p: Packet, l4: L4Header, delta: number, payload: Payload): Packet {
  const pl = p.payload;
  if (pl.kind === 'vxlan' || pl.kind === 'ipip' || pl.kind === 'flannel-udp') {
    return { ...p, length: p.length + delta, payload: { ...pl, inner: withTcp(pl.inner, l4, delta, payload) } };
  }
  return { ...p, l4, length: p.length + delta, payload };
}

function innerTcp(p: Packet): Packet | undefined {
  const pl = p.payload;
  if (pl.kind === 'vxlan' || pl.kind === 'ipip' || pl.kind === 'flannel-udp') return innerTcp(pl.inner);
  return p.l4?.kind === 'tcp' ? p : undefined;
}

/** Marks the captures of one answered TCP walk: which leg each is on, the round trip, the HTTP sizes. */
export function markTcpConversation(caps: Capture[], replyFromUs: number, roundUs: number, reqLen: number, resLen: number): void {
  for (const c of caps) {
    if (innerTcp(c.packet)) c.tcp = { client: c.atUs < replyFromUs, roundUs: Math.max(1, roundUs), reqLen, resLen };
  }
}

/** One capture as tcpdump sees it: itself, or for a marked TCP packet every packet of the conversation at that point. */
export function expandCapture(c: Capture): Capture[] {
  const conv = c.tcp;
  const tcp = conv && innerTcp(c.packet);
  if (!conv || !tcp || tcp.l4?.kind !== 'tcp') return [c];
  const l4 = tcp.l4;
  const { reqLen, resLen } = conv;
  const out: Capture[] = [{ ...c, packet: withTcp(c.packet, { ...l4 }, 0, { kind: 'none' }) }];
  const add = (round: number, k: number, flags: string, seq: number, ack: number, len: number, payload: Payload): void => {
    // Rounds: 0 SYN, 1 SYN-ACK, 2 ACK + request, 3 ACK + response, 4 FIN, 5 FIN, 6 ACK.
    const atUs = c.atUs + Math.floor(round / 2) * conv.roundUs + k;
    out.push({ ...c, atUs, packet: withTcp(c.packet, { kind: 'tcp', sport: l4.sport, dport: l4.dport, flags, seq, ack }, 52 + len - tcp.length, payload) });
  };
  if (conv.client) {
    add(2, 0, '.', 1, 1, 0, { kind: 'none' });
    add(2, 1, 'P.', 1, 1, reqLen, tcp.payload);
    add(4, 0, 'F.', 1 + reqLen, 1 + resLen, 0, { kind: 'none' });
    add(6, 0, '.', 2 + reqLen, 2 + resLen, 0, { kind: 'none' });
  } else {
    add(3, 0, '.', 1, 1 + reqLen, 0, { kind: 'none' });
    add(3, 1, 'P.', 1, 1 + reqLen, resLen, tcp.payload);
    add(5, 0, 'F.', 1 + resLen, 2 + reqLen, 0, { kind: 'none' });
  }
  return out;
}

/** Where a marked capture's conversation ends on the timeline (for the walk cursor). */
export function conversationEndUs(c: Capture): number {
  return c.tcp ? c.atUs + 3 * c.tcp.roundUs : c.atUs;
}
