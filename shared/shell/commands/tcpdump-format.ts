/**
 * tcpdump 4.99's one-line decode of the packets the walker captured, as pure functions:
 * timestamp, optional link header (-e), `IP` and the protocol summary, VXLAN (port 8472
 * decodes as OTV, 4789 as VXLAN) followed by the inner frame on its own line, IP-in-IP
 * inline with `(ipip-proto-4)`, and the verbose IP header (-v). Checked against real
 * captures taken in network namespaces on this machine.
 */
import type { Packet } from '../../kernel/packet';

export interface DumpOptions {
  numeric: boolean;
  link: boolean;
  verbose: boolean;
  /** `-i any`: the cooked header with device and direction. */
  any: boolean;
}

const PORT_NAMES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 179: 'bgp' };

function port(p: number, o: DumpOptions): string {
  return !o.numeric && PORT_NAMES[p] ? PORT_NAMES[p]! : String(p);
}

/** `HH:MM:SS.uuuuuu` of a virtual time in microseconds (UTC, as the lab's clock has no zone). */
export function timestamp(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(Math.floor(us % 1_000_000)).padStart(6, '0')}`;
}

function protoNum(p: Packet): string {
  if (p.ip.proto === 'icmp') return 'ICMP (1)';
  if (p.ip.proto === 'tcp') return 'TCP (6)';
  if (p.ip.proto === 'udp') return 'UDP (17)';
  return 'IPIP (4)';
}

function ipHeaderV(p: Packet): string {
  const df = p.ip.proto === 'tcp' || (p.l4?.kind === 'icmp' && p.l4.type === 8);
  return `IP (tos 0x0, ttl ${p.ip.ttl}, id ${p.ip.id ?? 0}, offset 0, flags [${df ? 'DF' : 'none'}], proto ${protoNum(p)}, length ${p.length})`;
}

function icmpText(p: Packet & { l4: { kind: 'icmp' } }): string {
  const l4 = p.l4;
  const len = p.length - 20;
  if (l4.type === 8 || l4.type === 0) return `ICMP echo ${l4.type === 8 ? 'request' : 'reply'}, id ${l4.id ?? 0}, seq ${l4.seq ?? 0}, length ${len}`;
  if (l4.type === 11) return `ICMP time exceeded in-transit, length ${len}`;
  const orig = p.payload.kind === 'icmp-error' ? p.payload.original : undefined;
  const dst = orig?.ip.dst ?? '?';
  if (l4.type === 3 && l4.code === 3 && orig?.l4 && orig.l4.kind !== 'icmp') return `ICMP ${dst} ${orig.l4.kind} port ${orig.l4.dport} unreachable, length ${len}`;
  if (l4.type === 3 && l4.code === 0) return `ICMP net ${dst} unreachable, length ${len}`;
  if (l4.type === 3 && l4.code === 1) return `ICMP host ${dst} unreachable, length ${len}`;
  if (l4.type === 3 && l4.code === 13) return `ICMP host ${dst} unreachable - admin prohibited filter, length ${len}`;
  if (l4.type === 3 && l4.code === 10) return `ICMP host ${dst} unreachable - admin prohibited, length ${len}`;
  return `ICMP type-#${l4.type}, length ${len}`;
}

/** A TS option value: the sender's millisecond clock, from the packet's IP id as a stable stand-in. */
function tsVal(p: Packet): number {
  return 1_000_000 + (p.ip.id ?? 0);
}

/** `: HTTP: GET / HTTP/1.1` — tcpdump's one-line HTTP decode on port 80. */
function httpFirstLine(p: Packet): string {
  const pl = p.payload;
  if (pl.kind === 'http-request') return `: HTTP: ${pl.method} ${pl.path} HTTP/1.1`;
  if (pl.kind === 'http-response') return `: HTTP: HTTP/1.1 ${pl.status} OK`;
  return '';
}

function tcpText(p: Packet & { l4: { kind: 'tcp' } }, o: DumpOptions): string {
  const l4 = p.l4;
  const ends = `${p.ip.src}.${port(l4.sport, o)} > ${p.ip.dst}.${port(l4.dport, o)}`;
  const seq = l4.seq ?? 0;
  if (l4.flags === 'S') return `${ends}: Flags [S], seq ${seq}, win 64240, options [mss 1460,sackOK,TS val ${tsVal(p)} ecr 0,nop,wscale 7], length 0`;
  if (l4.flags === 'S.') return `${ends}: Flags [S.], seq ${seq}, ack ${l4.ack ?? 0}, win 65160, options [mss 1460,sackOK,TS val ${tsVal(p)} ecr ${tsVal(p) - 1},nop,wscale 7], length 0`;
  if (l4.flags === 'R.') return `${ends}: Flags [R.], seq ${seq}, ack ${l4.ack ?? 0}, win 0, length 0`;
  // After the handshake tcpdump prints relative sequence numbers and the timestamp option.
  const opts = `win 502, options [nop,nop,TS val ${tsVal(p)} ecr ${tsVal(p) - 1}]`;
  const len = p.length - 52;
  if (l4.flags === '.') return `${ends}: Flags [.], ack ${l4.ack ?? 0}, ${opts}, length 0`;
  if (len > 0) return `${ends}: Flags [${l4.flags}], seq ${seq}:${seq + len}, ack ${l4.ack ?? 0}, ${opts}, length ${len}${httpFirstLine(p)}`;
  return `${ends}: Flags [${l4.flags}], seq ${seq}, ack ${l4.ack ?? 0}, ${opts}, length 0`;
}

/** A DNS message with one question: 12-byte header, the name as labels, type and class. */
function dnsQueryLength(name: string): number {
  return 12 + name.replace(/\.$/, '').length + 2 + 4;
}

/** The SOA record CoreDNS puts in the authority section of an NXDOMAIN (cluster.local zone). */
const SOA_RR_LENGTH = 91;

function udpText(p: Packet & { l4: { kind: 'udp' } }, o: DumpOptions): string {
  const l4 = p.l4;
  const ends = `${p.ip.src}.${port(l4.sport, o)} > ${p.ip.dst}.${port(l4.dport, o)}`;
  const pl = p.payload;
  if (pl.kind === 'vxlan' && l4.dport === 8472) return `${ends}: OTV, flags [I] (0x08), overlay 0, instance ${pl.vni}`;
  if (pl.kind === 'vxlan') return `${ends}: VXLAN, flags [I] (0x08), vni ${pl.vni}`;
  if (pl.kind === 'dns-query') return `${ends}: ${l4.sport % 65536}+ ${pl.qtype}? ${pl.name.replace(/\.?$/, '.')} (${dnsQueryLength(pl.name)})`;
  // CoreDNS answers authoritatively without recursion: tcpdump shows `*-`; NXDOMAIN carries the zone's SOA.
  if (pl.kind === 'dns-answer' && pl.rcode === 'NXDOMAIN') return `${ends}: ${l4.dport % 65536} NXDomain*- 0/1/0 (${dnsQueryLength(pl.name) + SOA_RR_LENGTH})`;
  if (pl.kind === 'dns-answer') return `${ends}: ${l4.dport % 65536}${pl.rcode === 'SERVFAIL' ? ' ServFail' : ''}*- ${pl.answers.length}/0/0${pl.answers.map((a) => ` ${a}`).join(',')} (${dnsQueryLength(pl.name) + 16 * pl.answers.length})`;
  return `${ends}: UDP, length ${p.length - 28}`;
}

function linkHeader(p: Packet, o: DumpOptions): string {
  if (!o.link || !p.eth || o.any) return '';
  const oui = o.numeric ? '' : ' (oui Unknown)';
  return `${p.eth.src}${oui} > ${p.eth.dst}${oui}, ethertype IPv4 (0x0800), length ${p.length + 14}: `;
}

function verboseHeader(p: Packet, head: string): string {
  const h = ipHeaderV(p);
  return head ? h.replace(/^IP /, '') : h;
}

/** The text after the timestamp for one packet (several lines for an encapsulation). */
export function decode(p: Packet, o: DumpOptions): string {
  const head = linkHeader(p, o);
  let body: string;
  if (p.l4?.kind === 'icmp') body = `${p.ip.src} > ${p.ip.dst}: ${icmpText(p as Packet & { l4: { kind: 'icmp' } })}`;
  else if (p.l4?.kind === 'tcp') body = tcpText(p as Packet & { l4: { kind: 'tcp' } }, o);
  else if (p.l4?.kind === 'udp') body = udpText(p as Packet & { l4: { kind: 'udp' } }, o);
  else if (p.payload.kind === 'ipip') {
    const inner = decode(p.payload.inner, { ...o, link: false, verbose: false }).replace(/^IP /, '');
    return `${head}${o.verbose ? `${verboseHeader(p, head)}\n    ` : head ? '' : 'IP '}${p.ip.src} > ${p.ip.dst}: IP ${inner} (ipip-proto-4)`;
  } else body = `${p.ip.src} > ${p.ip.dst}: ip-proto-${p.ip.proto}`;
  // After a link header (-e) tcpdump names no protocol: the ethertype already said IPv4.
  const line = o.verbose ? `${head}${verboseHeader(p, head)}\n    ${body}` : `${head}${head ? '' : 'IP '}${body}`;
  if (p.payload.kind === 'vxlan') return `${line}\n${decode(p.payload.inner, { ...o, any: false })}`;
  return line;
}

/** The `-i any` prefix: device and direction in the cooked header. */
export function anyPrefix(device: string, direction: 'in' | 'out'): string {
  return `${device.padEnd(5)} ${(direction === 'in' ? 'In' : 'Out').padEnd(3)} `;
}
