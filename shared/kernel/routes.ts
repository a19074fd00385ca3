/**
 * The FIB: adding routes with the kernel's checks (`Nexthop has invalid gateway`,
 * `File exists`), deleting them, longest-prefix-match lookup (local table first, then
 * main; longest prefix, then lowest metric) and the trie order `ip route` lists them in.
 */
import type { NetNS } from './netns';
import type { Route } from './types';
import { parsePrefix, prefixContains, type Prefix } from './ip';
import { SMALL, candidates, findEntry, replaceEntry } from './entry-index';

const prefixCache = new Map<string, Prefix>();

/** The parsed destination of a route (cached: route lookups are the walker's hot path). */
export function routePrefix(r: Route): Prefix {
  let p = prefixCache.get(r.dst);
  if (!p) {
    const q = parsePrefix(r.dst);
    p = q ? { net: q.net, len: q.len } : { net: 0, len: 32 };
    if (prefixCache.size > 200_000) prefixCache.clear();
    prefixCache.set(r.dst, p);
  }
  return p;
}

/** Normalises a destination to `a.b.c.d/len` with host bits cleared, or undefined. */
export function normaliseDst(text: string): string | undefined {
  let d = normalised.get(text);
  if (d === undefined) {
    const p = parsePrefix(text);
    d = p ? `${(p.net >>> 24)}.${(p.net >>> 16) & 255}.${(p.net >>> 8) & 255}.${p.net & 255}/${p.len}` : null;
    if (normalised.size > 100_000) normalised.clear();
    normalised.set(text, d);
  }
  return d ?? undefined;
}

const normalised = new Map<string, string | null>();

/** The key routes are indexed by (entry-index.ts): the destination, which no writer changes in place. */
export const routeDst = (r: Route): string => r.dst;
/** The class of a route for lookups: local table, main-table direct unicast, or other. */
const routeClass = (r: Route): string => (r.table === 'local' ? 'local' : r.table === 'main' && !r.via && r.type === 'unicast' ? 'direct' : 'other');

function identity(a: Route, b: Route): boolean {
  return a.dst === b.dst && a.table === b.table && (a.metric ?? 0) === (b.metric ?? 0);
}

/**
 * Adds a route after the checks the kernel makes. With `replace` an existing route with
 * the same destination and metric is swapped. Errors come back in iproute2's words.
 */
export function addRoute(ns: NetNS, r: Route, opts: { replace?: boolean } = {}): { error: string; status: number } | Route {
  const route: Route = { ...r };
  const dst = normaliseDst(route.dst);
  if (!dst) return { error: `Error: any valid prefix is expected rather than "${route.dst}".`, status: 1 };
  route.dst = dst;
  if (route.dev && !ns.link(route.dev)) return { error: `Cannot find device "${route.dev}"`, status: 1 };
  if (route.type === 'unicast' || route.type === undefined) {
    route.type = 'unicast';
    if (route.via) {
      const gw = parsePrefix(route.via);
      if (!gw || gw.len !== 32) return { error: `Error: inet address is expected rather than "${route.via}".`, status: 1 };
      if (route.onlink) {
        if (!route.dev) return { error: 'Error: Nexthop device required for onlink.', status: 2 };
      } else {
        const via = lookup(ns, gw.addr, { onlyDirect: true });
        if (!via || via.type !== 'unicast' || (route.dev && via.dev !== route.dev)) {
          return { error: 'Error: Nexthop has invalid gateway.', status: 2 };
        }
        route.dev = route.dev ?? via.dev;
      }
      route.scope = route.scope ?? 'global';
    } else if (!route.dev) {
      return { error: 'Error: Device for nexthop is not up.', status: 2 };
    } else {
      route.scope = route.scope ?? 'link';
    }
    const link = ns.link(route.dev!);
    if (link && !link.up) return { error: 'Error: Nexthop device is not up.', status: 2 };
  } else {
    route.scope = route.scope ?? (route.type === 'local' ? 'host' : route.type === 'broadcast' ? 'link' : 'global');
  }
  const i = findEntry(ns.routes, routeDst, route.dst, (x) => identity(x, route));
  if (i >= 0) {
    if (!opts.replace) return { error: 'RTNETLINK answers: File exists', status: 2 };
    replaceEntry(ns.routes, routeDst, i, route);
  } else {
    ns.routes.push(route);
  }
  return route;
}

/** Deletes the first route matching every field given; iproute2's error when none does. */
export function delRoute(ns: NetNS, match: Partial<Route> & { dst: string }): { error: string; status: number } | Route {
  const dst = normaliseDst(match.dst);
  if (!dst) return { error: `Error: any valid prefix is expected rather than "${match.dst}".`, status: 1 };
  const table = match.table ?? 'main';
  const i = ns.routes.findIndex(
    (r) =>
      r.table === table &&
      r.dst === dst &&
      (match.via === undefined || r.via === match.via) &&
      (match.dev === undefined || r.dev === match.dev) &&
      (match.metric === undefined || (r.metric ?? 0) === match.metric) &&
      (match.proto === undefined || r.proto === match.proto) &&
      (match.type === undefined || r.type === match.type),
  );
  if (i < 0) return { error: 'RTNETLINK answers: No such process', status: 2 };
  const [gone] = ns.routes.splice(i, 1);
  return gone!;
}

/**
 * Longest-prefix match for a destination (as a 32-bit number): the local table first
 * (own addresses, broadcast), then main. `onlyDirect` restricts to routes without a
 * gateway, as the kernel does when validating a nexthop; `dev` restricts main-table routes
 * to one output device (`ip route get ... oif DEV`, SO_BINDTODEVICE).
 */
export function lookup(ns: NetNS, dst: number, opts: { onlyDirect?: boolean; dev?: string } = {}): Route | undefined {
  let best: Route | undefined;
  let bestLen = -1;
  let bestMetric = 0;
  const small = ns.routes.length < SMALL;
  for (const r of small ? ns.routes : candidates(ns.routes, routeClass, 'local')) {
    if (r.table !== 'local') continue;
    // Bound to a device (oif), only that device's own addresses count as local (checked).
    if (opts.dev !== undefined && r.dev !== opts.dev) continue;
    const p = routePrefix(r);
    if (p.len > bestLen && prefixContains(p, dst)) {
      best = r;
      bestLen = p.len;
    }
  }
  if (best) return best;
  // Validating a gateway (every remote route the CNI installs) needs only the few direct routes.
  for (const r of opts.onlyDirect && !small ? candidates(ns.routes, routeClass, 'direct') : ns.routes) {
    if (r.table !== 'main') continue;
    if (opts.onlyDirect && (r.via || r.type !== 'unicast')) continue;
    if (opts.dev !== undefined && r.dev !== opts.dev) continue;
    const p = routePrefix(r);
    if (p.len < bestLen || !prefixContains(p, dst)) continue;
    const m = r.metric ?? 0;
    if (p.len > bestLen || m < bestMetric) {
      best = r;
      bestLen = p.len;
      bestMetric = m;
    }
  }
  return best;
}

/** Routes of one table in the order the kernel's fib trie lists them. */
export function routesInOrder(ns: NetNS, table: Route['table']): Route[] {
  const rs = ns.routes.map((r, i) => ({ r, i })).filter((x) => x.r.table === table);
  rs.sort((a, b) => {
    const pa = routePrefix(a.r);
    const pb = routePrefix(b.r);
    return pa.net - pb.net || pb.len - pa.len || (a.r.metric ?? 0) - (b.r.metric ?? 0) || a.i - b.i;
  });
  return rs.map((x) => x.r);
}
