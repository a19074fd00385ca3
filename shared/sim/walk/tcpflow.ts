/**
 * A walked TCP connection is one request packet and one reply. What a capture of it
 * shows is the whole conversation, every packet on the path the walk took: SYN, SYN-ACK,
 * ACK + request, ACK + response, FIN, FIN, ACK. This expands the walk's captures into
 * those packets — same devices, same NAT views, later times — so tcpdump prints what
 * tcpdump prints for curl. Sequence numbers are relative (as tcpdump shows them).
 */
import type { L4Header, Packet, Payload } from '../../kernel/packet';
import type { Capture } from './record';

/** Bytes of an HTTP message as it goes on the wire (request or response head plus body). */
export function httpLength(p: Payload): number {
  if (p.kind === 'http-request') {
    const head = `${p.method} ${p.path} HTTP/1.1\r\n${Object.entries(p.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    return head.length;
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

/**
 * Expands the captures of one established TCP walk. `replyFromUs` splits the two legs;
 * `roundUs` (the walk's round trip) spaces the rounds; `reqLen` / `resLen` are the HTTP
 * bytes each side sends. Returns the new captures and where the conversation ends.
 */
export function expandTcpConversation(caps: Capture[], replyFromUs: number, roundUs: number, reqLen: number, resLen: number): { captures: Capture[]; endUs: number } {
  const out: Capture[] = [];
  let endUs = 0;
  const step = Math.max(1, roundUs);
  for (const c of caps) {
    const tcp = innerTcp(c.packet);
    if (!tcp || tcp.l4?.kind !== 'tcp') {
      out.push(c);
      continue;
    }
    const l4 = tcp.l4;
    const base = { sport: l4.sport, dport: l4.dport };
    const add = (round: number, k: number, flags: string, seq: number, ack: number, len: number, payload: Payload): void => {
      // Rounds: 0 SYN, 1 SYN-ACK, 2 ACK + request, 3 ACK + response, 4 FIN, 5 FIN, 6 ACK; each side's own leg timing.
      const t = c.atUs + Math.floor(round / 2) * step + k;
      endUs = Math.max(endUs, t);
      out.push({ ...c, atUs: t, packet: withTcp(c.packet, { kind: 'tcp', ...base, flags, seq, ack }, 52 + len - tcp.length, payload) });
    };
    out.push({ ...c, packet: withTcp(c.packet, { ...l4 }, 0, { kind: 'none' }) });
    if (c.atUs < replyFromUs) {
      add(2, 0, '.', 1, 1, 0, { kind: 'none' });
      add(2, 1, 'P.', 1, 1, reqLen, tcp.payload);
      add(4, 0, 'F.', 1 + reqLen, 1 + resLen, 0, { kind: 'none' });
      add(6, 0, '.', 2 + reqLen, 2 + resLen, 0, { kind: 'none' });
    } else {
      add(3, 0, '.', 1, 1 + reqLen, 0, { kind: 'none' });
      add(3, 1, 'P.', 1, 1 + reqLen, resLen, tcp.payload);
      add(5, 0, 'F.', 1 + resLen, 2 + reqLen, 0, { kind: 'none' });
    }
  }
  out.sort((a, b) => a.atUs - b.atUs);
  return { captures: out, endUs };
}
