/**
 * Address operations. Adding an address makes the kernel add routes by itself, exactly
 * as `ip route show table local` shows them: a `local` /32 for the address, `broadcast`
 * for the subnet's broadcast address, and the connected `proto kernel scope link` route
 * in main (none for a /32, and only while the link is up).
 */
import type { NetNS } from './netns';
import type { Address, Link, Route } from './types';
import { broadcastOf, formatIPv4, maskOf, parseIPv4, parsePrefix } from './ip';
import { findEntry } from './entry-index';
import { routeDst } from './routes';

/** Options for a new address (`ip addr add 10.0.0.1/24 brd + dev eth0 scope link`). */
export interface AddrOptions {
  broadcast?: string;
  scope?: Address['scope'];
  /** Do not add the connected route (`noprefixroute`). */
  noPrefixRoute?: boolean;
}

/** Adds `cidr` to `dev`; returns an error in iproute2's words on failure. */
export function addAddress(ns: NetNS, dev: string, cidr: string, opts: AddrOptions = {}): { error: string } | Address {
  const link = ns.link(dev);
  if (!link) return { error: `Cannot find device "${dev}"` };
  const p = parsePrefix(cidr);
  if (!p) return { error: `Error: any valid prefix is expected rather than "${cidr}".` };
  const ip = formatIPv4(p.addr);
  if (ns.addrs.some((a) => a.ifindex === link.ifindex && a.ip === ip && a.prefixLen === p.len)) {
    return { error: 'RTNETLINK answers: File exists' };
  }
  const scope = opts.scope ?? (ip.startsWith('127.') ? 'host' : 'global');
  const addr: Address = { ifindex: link.ifindex, ip, prefixLen: p.len, scope };
  if (opts.broadcast) addr.broadcast = opts.broadcast;
  if (opts.noPrefixRoute) (addr as Address & { noprefixroute?: boolean }).noprefixroute = true;
  ns.addrs.push(addr);
  addAddressRoutes(ns, link, addr);
  return addr;
}

/** Removes an address and the routes the kernel added for it. */
export function delAddress(ns: NetNS, dev: string, cidr: string): { error: string } | Address {
  const link = ns.link(dev);
  if (!link) return { error: `Cannot find device "${dev}"` };
  const p = parsePrefix(cidr);
  if (!p) return { error: `Error: any valid prefix is expected rather than "${cidr}".` };
  const ip = formatIPv4(p.addr);
  const slash = cidr.includes('/');
  const addr = ns.addrs.find((a) => a.ifindex === link.ifindex && a.ip === ip && (!slash || a.prefixLen === p.len));
  if (!addr) return { error: 'RTNETLINK answers: Cannot assign requested address' };
  ns.addrs = ns.addrs.filter((a) => a !== addr);
  ns.routes = ns.routes.filter((r) => !(r.proto === 'kernel' && r.dev === dev && r.src === ip));
  return addr;
}

/**
 * The kernel's own routes for one address (fib_add_ifaddr): the `local` route always,
 * even on a down link (kube-ipvs0 relies on it); broadcast and the prefix route only
 * while the link is up.
 */
export function addAddressRoutes(ns: NetNS, link: Link, a: Address): void {
  const net = (parseIPv4(a.ip)! & maskOf(a.prefixLen)) >>> 0;
  const dev = link.name;
  const src = a.ip;
  const route = (table: Route['table'], type: Route['type'], dst: string, scope: Route['scope']): Route =>
    ({ table, type, dst, dev, proto: 'kernel', scope, src, owner: 'kernel' });
  // Loopback's 127.0.0.1/8 makes the whole /8 local; other addresses a /32.
  if (link.kind === 'loopback' && a.prefixLen < 32) pushNew(ns, route('local', 'local', `${formatIPv4(net)}/${a.prefixLen}`, 'host'));
  pushNew(ns, route('local', 'local', `${a.ip}/32`, 'host'));
  if (a.prefixLen < 31 && link.up) {
    const brd = a.broadcast ?? formatIPv4(broadcastOf({ net, len: a.prefixLen }));
    pushNew(ns, route('local', 'broadcast', `${brd}/32`, 'link'));
  }
  const noPrefix = (a as Address & { noprefixroute?: boolean }).noprefixroute;
  if (a.prefixLen < 32 && link.kind !== 'loopback' && !noPrefix && link.up) {
    pushNew(ns, route('main', 'unicast', `${formatIPv4(net)}/${a.prefixLen}`, 'link'));
  }
}

/** Adds a kernel route unless the same one is already there. */
function pushNew(ns: NetNS, r: Route): void {
  if (findEntry(ns.routes, routeDst, r.dst, (x) => sameRoute(x, r)) < 0) ns.routes.push(r);
}

/** After `ip link set up`: the routes of every address on the link come back. */
export function restoreConnectedRoutes(ns: NetNS, link: Link): void {
  for (const a of ns.addrs) if (a.ifindex === link.ifindex) addAddressRoutes(ns, link, a);
}

function sameRoute(a: Route, b: Route): boolean {
  return a.dst === b.dst && a.table === b.table && a.type === b.type && a.dst === b.dst && a.dev === b.dev && (a.metric ?? 0) === (b.metric ?? 0);
}

/** The address a packet leaving `dev` gets as its source (primary global address first). */
export function sourceAddressFor(ns: NetNS, dev: string | undefined, dst?: number): string | undefined {
  const link = dev ? ns.link(dev) : undefined;
  const own = link ? ns.addrs.filter((a) => a.ifindex === link.ifindex) : [];
  if (dst !== undefined) {
    for (const a of own) {
      const p = parsePrefix(`${a.ip}/${a.prefixLen}`)!;
      if (a.scope !== 'host' && ((dst & (p.len === 0 ? 0 : (0xffffffff << (32 - p.len)) >>> 0)) >>> 0) === p.net) return a.ip;
    }
  }
  const g = own.find((a) => a.scope === 'global') ?? own[0];
  if (g) return g.ip;
  // A device without addresses (a /32-less veth): the kernel picks any global address.
  return ns.addrs.find((a) => a.scope === 'global')?.ip;
}
