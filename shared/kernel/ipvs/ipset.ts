/**
 * ipset lookups for `-m set --match-set NAME FLAGS`: which packet fields (src/dst address,
 * port) make up the key is given by the flags, in the set type's order.
 */
import type { IpSet } from './state';
import { parseIpv4 } from '../netfilter/parse';

export interface SetKeyFields {
  src: string;
  dst: string;
  proto: string;
  sport: number;
  dport: number;
}

function inCidr(ip: string, cidr: string): boolean {
  const [net, len] = cidr.split('/');
  const a = parseIpv4(ip);
  const b = parseIpv4(net ?? '');
  if (a === undefined || b === undefined) return false;
  const l = len === undefined ? 32 : Number(len);
  const mask = l === 0 ? 0 : (0xffffffff << (32 - l)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

/** Does the packet's key (as selected by flags like `dst,dst,src`) belong to the set? */
export function ipsetMatches(set: IpSet, flags: string, f: SetKeyFields): boolean {
  const dirs = flags.split(',');
  const ip = (i: number) => (dirs[i] === 'src' ? f.src : f.dst);
  const port = (i: number) => (dirs[i] === 'src' ? f.sport : f.dport);
  switch (set.type) {
    case 'hash:ip':
      return set.entries.has(ip(0));
    case 'bitmap:port':
      return set.entries.has(String(port(0)));
    case 'hash:ip,port':
      return set.entries.has(`${ip(0)},${f.proto}:${port(1)}`);
    case 'hash:ip,port,ip':
      return set.entries.has(`${ip(0)},${f.proto}:${port(1)},${ip(2)}`);
    case 'hash:net':
      for (const e of set.entries) if (inCidr(ip(0), e)) return true;
      return false;
    case 'hash:ip,port,net':
      for (const e of set.entries) {
        const [a, p, net] = e.split(',');
        if (a === ip(0) && p === `${f.proto}:${port(1)}` && net && inCidr(ip(2), net)) return true;
      }
      return false;
  }
}
