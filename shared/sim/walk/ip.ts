/**
 * IPv4 address math the walker needs on every hop. Plain 32-bit integer arithmetic
 * instead of ipaddr.js objects: a cross-node walk does a few hundred of these and the
 * benchmark target (< 2 ms) leaves no room for allocations per comparison.
 */

/** Dotted quad → unsigned 32-bit integer; NaN for anything that is not an IPv4 address. */
export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) return NaN;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return NaN;
    const v = Number(p);
    if (v > 255) return NaN;
    n = n * 256 + v;
  }
  return n;
}

/** Unsigned 32-bit integer → dotted quad. */
export function intToIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** True for a syntactically valid dotted-quad IPv4 address. */
export function isIpv4(text: string): boolean {
  return !Number.isNaN(ipToInt(text));
}

/** A parsed prefix: network and mask as unsigned integers. */
export interface Prefix {
  net: number;
  mask: number;
  len: number;
}

const prefixCache = new Map<string, Prefix>();

/** Parses `10.244.0.0/16`, `default`, `0.0.0.0/0` or a bare host address (a /32). Cached: routes are parsed once. */
export function parsePrefix(text: string): Prefix | undefined {
  const hit = prefixCache.get(text);
  if (hit) return hit;
  let addr = text;
  let len = 32;
  if (text === 'default') {
    addr = '0.0.0.0';
    len = 0;
  } else {
    const slash = text.indexOf('/');
    if (slash >= 0) {
      addr = text.slice(0, slash);
      len = Number(text.slice(slash + 1));
    }
  }
  const ip = ipToInt(addr);
  if (Number.isNaN(ip) || !Number.isInteger(len) || len < 0 || len > 32) return undefined;
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const p = { net: (ip & mask) >>> 0, mask, len };
  if (prefixCache.size > 100_000) prefixCache.clear();
  prefixCache.set(text, p);
  return p;
}

/** Is `ip` (as integer) inside prefix `p`? */
export function inPrefix(ip: number, p: Prefix): boolean {
  return ((ip & p.mask) >>> 0) === p.net;
}

/** Is `ip` inside `addr/len` (an interface address with its prefix length)? */
export function sameSubnet(ip: string, addr: string, len: number): boolean {
  const p = parsePrefix(`${addr}/${len}`);
  const n = ipToInt(ip);
  return !!p && !Number.isNaN(n) && inPrefix(n, p);
}
