/**
 * Per-namespace indexes for route health, built once per topology snapshot: the FIB with its
 * prefixes parsed, neighbours by address and device, FDB entries by MAC and device. A
 * 100-node cluster asks about 9,900 pairs, each needing two route lookups; the kernel's
 * own `lookup` re-reads every route's prefix each time, which costs ~0.4 s per snapshot.
 */
import type { NetNS } from '../kernel/netns';
import type { FdbEntry, Neighbour, Route } from '../kernel/types';
import { maskOf } from '../kernel/ip';
import { routePrefix } from '../kernel/routes';

interface FibEntry {
  net: number;
  mask: number;
  len: number;
  metric: number;
  route: Route;
}

/** One namespace, indexed. */
export interface NsIndex {
  /** Longest-prefix match with the kernel's rules (routes.ts `lookup` without options). */
  lookup(dst: number): Route | undefined;
  neigh(ip: string, dev: string): Neighbour | undefined;
  /** The FDB entry for `mac` on `dev` that names a remote VTEP (`dst`). */
  fdbDst(mac: string, dev: string): FdbEntry | undefined;
}

function fibOf(ns: NetNS, table: Route['table']): FibEntry[] {
  const out: FibEntry[] = [];
  for (const r of ns.routes) {
    if (r.table !== table) continue;
    const p = routePrefix(r);
    out.push({ net: p.net, mask: maskOf(p.len), len: p.len, metric: r.metric ?? 0, route: r });
  }
  return out;
}

function indexOf(ns: NetNS): NsIndex {
  const local = fibOf(ns, 'local');
  const main = fibOf(ns, 'main');
  let neigh: Map<string, Neighbour> | undefined;
  let fdb: Map<string, FdbEntry> | undefined;
  return {
    lookup(dst) {
      let best: FibEntry | undefined;
      for (const e of local) if (((dst & e.mask) >>> 0) === e.net && (!best || e.len > best.len)) best = e;
      if (best) return best.route;
      for (const e of main) {
        if ((best && e.len < best.len) || ((dst & e.mask) >>> 0) !== e.net) continue;
        if (!best || e.len > best.len || e.metric < best.metric) best = e;
      }
      return best?.route;
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
