/**
 * Per-namespace indexes for route health, built once per topology snapshot: the FIB with its
 * prefixes hashed per length, neighbours by address and device, FDB entries by MAC and
 * device. A 100-node cluster asks about 9,900 pairs, each needing two route lookups; the
 * kernel's own `lookup` scans every route of the node each time.
 */
import type { NetNS } from '../kernel/netns';
import type { FdbEntry, Neighbour, Route } from '../kernel/types';
import { maskOf } from '../kernel/ip';
import { routePrefix } from '../kernel/routes';

/**
 * A FIB table as a hash per prefix length (longest first): a lookup costs one map probe per
 * distinct length (a node has 3 or 4) instead of a scan of every route.
 */
interface Fib {
  lens: { len: number; mask: number; byNet: Map<number, Route> }[];
}

/** Keeps, per prefix, the route the kernel would pick: `wins(old, new)` says whether the new one does. */
function fibOf(ns: NetNS, table: Route['table'], wins: (old: Route, r: Route) => boolean): Fib {
  const byLen = new Map<number, Map<number, Route>>();
  for (const r of ns.routes) {
    if (r.table !== table) continue;
    const p = routePrefix(r);
    let m = byLen.get(p.len);
    if (!m) byLen.set(p.len, (m = new Map()));
    const old = m.get(p.net);
    if (!old || wins(old, r)) m.set(p.net, r);
  }
  const lens = [...byLen].sort((a, b) => b[0] - a[0]).map(([len, byNet]) => ({ len, mask: maskOf(len), byNet }));
  return { lens };
}

function fibLookup(fib: Fib, dst: number): Route | undefined {
  for (const l of fib.lens) {
    const r = l.byNet.get((dst & l.mask) >>> 0);
    if (r) return r;
  }
  return undefined;
}

/** One namespace, indexed. */
export interface NsIndex {
  /** Longest-prefix match with the kernel's rules (routes.ts `lookup` without options). */
  lookup(dst: number): Route | undefined;
  neigh(ip: string, dev: string): Neighbour | undefined;
  /** The FDB entry for `mac` on `dev` that names a remote VTEP (`dst`). */
  fdbDst(mac: string, dev: string): FdbEntry | undefined;
}

function indexOf(ns: NetNS): NsIndex {
  // The local table: the first route of a prefix stays; main: the lowest metric, then the first.
  const local = fibOf(ns, 'local', () => false);
  const main = fibOf(ns, 'main', (old, r) => (r.metric ?? 0) < (old.metric ?? 0));
  let neigh: Map<string, Neighbour> | undefined;
  let fdb: Map<string, FdbEntry> | undefined;
  return {
    lookup(dst) {
      return fibLookup(local, dst) ?? fibLookup(main, dst);
    },
    neigh(ip, dev) {
      if (!neigh) {
        neigh = new Map();
        for (const n of ns.neigh) if (!n.proxy && !neigh.has(`${n.ip}|${n.dev}`)) neigh.set(`${n.ip}|${n.dev}`, n);
      }
      return neigh.get(`${ip}|${dev}`);
    },
    fdbDst(mac, dev) {
      if (!fdb) {
        fdb = new Map();
        for (const f of ns.fdb) if (f.dst && !fdb.has(`${f.mac}|${f.dev}`)) fdb.set(`${f.mac}|${f.dev}`, f);
      }
      return fdb.get(`${mac}|${dev}`);
    },
  };
}

/** A cache of indexes for one pass over the cluster (state must not change during it). */
export function nsIndexes(): (ns: NetNS) => NsIndex {
  const cache = new WeakMap<NetNS, NsIndex>();
  return (ns) => {
    let i = cache.get(ns);
    if (!i) cache.set(ns, (i = indexOf(ns)));
    return i;
  };
}
