/**
 * IPv4 address math for the kernel model. Parsing and validation go through ipaddr.js
 * (never hand-rolled); the hot paths (route lookup, IPAM) then work on 32-bit numbers.
 */
import ipaddr from 'ipaddr.js';

/** A parsed IPv4 prefix: network address as an unsigned 32-bit number and its length. */
export interface Prefix {
  net: number;
  len: number;
}

const parsed = new Map<string, number | undefined>();

/** The dotted-quad as a number, or undefined when it is not a valid four-part IPv4 address. */
export function parseIPv4(text: string): number | undefined {
  // Cached: the same few thousand addresses are parsed over and over while a cluster builds.
  if (parsed.has(text)) return parsed.get(text);
  let n: number | undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const b = ipaddr.IPv4.parse(text).octets;
    n = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }
  if (parsed.size > 100_000) parsed.clear();
  parsed.set(text, n);
  return n;
}

export function formatIPv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The netmask for a prefix length as a number. */
export function maskOf(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

/**
 * Parses `a.b.c.d/len` or a bare address (a /32) the way iproute2 accepts prefixes;
 * `default` and `0/0` mean 0.0.0.0/0. Host bits are kept in `addr`, cleared in `net`.
 */
export function parsePrefix(text: string): (Prefix & { addr: number }) | undefined {
  // Cached like parseIPv4 (every route, address and lease goes through here); callers get their own copy.
  let p = prefixes.get(text);
  if (p === undefined) {
    if (prefixes.size > 100_000) prefixes.clear();
    prefixes.set(text, (p = parsePrefixText(text) ?? null));
  }
  return p === null ? undefined : { net: p.net, len: p.len, addr: p.addr };
}

const prefixes = new Map<string, (Prefix & { addr: number }) | null>();

function parsePrefixText(text: string): (Prefix & { addr: number }) | undefined {
  if (text === 'default' || text === 'all' || text === 'any') return { net: 0, len: 0, addr: 0 };
  const slash = text.indexOf('/');
  const ipPart = slash < 0 ? text : text.slice(0, slash);
  const addr = parseIPv4(ipPart);
  if (addr === undefined) return undefined;
  let len = 32;
  if (slash >= 0) {
    const l = text.slice(slash + 1);
    if (!/^\d{1,2}$/.test(l)) return undefined;
    len = Number(l);
    if (len > 32) return undefined;
  }
  return { net: (addr & maskOf(len)) >>> 0, len, addr };
}

/** `10.244.1.0/24` for a prefix. */
export function formatPrefix(p: Prefix): string {
  return `${formatIPv4(p.net)}/${p.len}`;
}

/** Does the prefix contain the address? */
export function prefixContains(p: Prefix, addr: number): boolean {
  return ((addr & maskOf(p.len)) >>> 0) === p.net;
}

/** Does `cidr` (text) contain `ip` (text)? False for anything malformed. */
export function cidrContains(cidr: string, ip: string): boolean {
  const p = parsePrefix(cidr);
  const a = parseIPv4(ip);
  return p !== undefined && a !== undefined && prefixContains(p, a);
}

/** The broadcast address of a prefix. */
export function broadcastOf(p: Prefix): number {
  return (p.net | ~maskOf(p.len)) >>> 0;
}

/** The n-th address after the network address (n = 1 is the first host). */
export function nthAddress(p: Prefix, n: number): string {
  return formatIPv4((p.net + n) >>> 0);
}

/** The dotted netmask (`255.255.255.0`) of a prefix length, as `route -n` prints it. */
export function netmaskText(len: number): string {
  return formatIPv4(maskOf(len));
}
