/**
 * The FIB as the walker consults it: the `local` table first (addresses of this
 * namespace), then `main` by longest-prefix match, lowest metric on a tie — the order
 * `ip route get` follows. Also source-address selection and the route's `ip route` text.
 */
import type { NetNS } from '../../kernel/netns';
import type { Address, Link, Route } from '../../kernel/types';
import { inPrefix, ipToInt, parsePrefix, sameSubnet } from './ip';

/** A route decision: the route, the outgoing link and the next hop on it. */
export interface RouteResult {
  route: Route;
  /** 'local' when the destination is one of this namespace's addresses. */
  kind: 'local' | 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';
  link?: Link;
  /** The gateway, or the destination itself when it is on-link. */
  nexthop: string;
}

/** Is `ip` one of this namespace's own addresses (or in a `local` table route)? */
export function isLocalAddress(ns: NetNS, ip: string): Address | Route | undefined {
  for (const a of ns.addrs) if (a.ip === ip) return a;
  const n = ipToInt(ip);
  for (const r of ns.routes) {
    if (r.table !== 'local' || r.type !== 'local') continue;
    const p = parsePrefix(r.dst);
    if (p && inPrefix(n, p)) return r;
  }
  return undefined;
}

/** Longest-prefix match of `dst` in the namespace; undefined means "Network is unreachable". */
export function lookupRoute(ns: NetNS, dst: string): RouteResult | undefined {
  const local = isLocalAddress(ns, dst);
  if (local) {
    const lo = ns.links.find((l) => l.kind === 'loopback') ?? ns.links[0];
    const route: Route = 'table' in local ? local : { table: 'local', type: 'local', dst, dev: lo?.name, scope: 'host', proto: 'kernel', src: dst };
    return { route, kind: 'local', link: lo, nexthop: dst };
  }
  const n = ipToInt(dst);
  if (Number.isNaN(n)) return undefined;
  let best: Route | undefined;
  let bestLen = -1;
  for (const r of ns.routes) {
    if (r.table !== 'main') continue;
    const p = parsePrefix(r.dst);
    if (!p || !inPrefix(n, p)) continue;
    if (p.len > bestLen || (p.len === bestLen && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestLen = p.len;
    }
  }
  if (!best) return undefined;
  if (best.type === 'blackhole' || best.type === 'unreachable' || best.type === 'prohibit') {
    return { route: best, kind: best.type, nexthop: dst };
  }
  const link = best.dev ? ns.link(best.dev) : undefined;
  return { route: best, kind: 'unicast', link, nexthop: best.via ?? dst };
}

/** The source address the kernel picks for a packet leaving by `res` (prefsrc, then the link's address). */
export function selectSource(ns: NetNS, res: RouteResult): string | undefined {
  if (res.kind === 'local') return res.route.src ?? res.nexthop;
  if (res.route.src) return res.route.src;
  const link = res.link;
  const global = (a: Address): boolean => a.scope !== 'host';
  if (link) {
    const own = ns.addrs.filter((a) => a.ifindex === link.ifindex && global(a));
    const onSubnet = own.find((a) => sameSubnet(res.nexthop, a.ip, a.prefixLen));
    if (onSubnet) return onSubnet.ip;
    if (own[0]) return own[0].ip;
  }
  // A link without addresses (tunl0, flannel.1 before lease): the kernel takes one from another device.
  const any = ns.addrs.find((a) => a.scope === 'global');
  return any?.ip;
}

/** The route as `ip route` prints it (without the trailing space), for the inspector. */
export function routeText(r: Route): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  const p = parsePrefix(r.dst);
  parts.push(r.dst === '0.0.0.0/0' || r.dst === 'default' ? 'default' : p?.len === 32 ? r.dst.replace(/\/32$/, '') : r.dst);
  if (r.via) parts.push('via', r.via);
  if (r.dev) parts.push('dev', r.dev);
  if (r.proto && r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope && r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src) parts.push('src', r.src);
  if (r.metric) parts.push('metric', String(r.metric));
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
}
