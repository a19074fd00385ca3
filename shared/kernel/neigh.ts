/**
 * Neighbour (ARP) and bridge FDB entries: the PERMANENT ones flannel installs for remote
 * VTEPs, proxy entries, and the entries the walker learns as packets pass.
 */
import type { NetNS } from './netns';
import type { FdbEntry, Neighbour } from './types';
import { findEntry, replaceEntry } from './entry-index';

// The index keys: fields no writer changes in place (the walker's bridge learning moves an
// FDB entry to another port, so the FDB is keyed by MAC, not by device).
const neighIp = (n: Neighbour): string => n.ip;
const fdbMac = (f: FdbEntry): string => f.mac;

/** Adds or replaces the neighbour for (ip, dev); `ip neigh add` refuses an existing one. */
export function setNeighbour(ns: NetNS, n: Neighbour, opts: { exclusive?: boolean } = {}): { error: string } | Neighbour {
  const i = findEntry(ns.neigh, neighIp, n.ip, (x) => x.dev === n.dev && !!x.proxy === !!n.proxy);
  if (i >= 0) {
    if (opts.exclusive) return { error: 'RTNETLINK answers: File exists' };
    replaceEntry(ns.neigh, neighIp, i, { ...n });
  } else {
    ns.neigh.push({ ...n });
  }
  return n;
}

/** Removes the neighbour for (ip, dev). */
export function delNeighbour(ns: NetNS, ip: string, dev: string, proxy = false): boolean {
  const before = ns.neigh.length;
  ns.neigh = ns.neigh.filter((x) => !(x.ip === ip && x.dev === dev && !!x.proxy === proxy));
  return ns.neigh.length !== before;
}

/** Adds or replaces an FDB entry keyed by (mac, dev, dst). */
export function setFdb(ns: NetNS, f: FdbEntry): void {
  const i = findEntry(ns.fdb, fdbMac, f.mac, (x) => x.dev === f.dev && x.dst === f.dst);
  if (i >= 0) replaceEntry(ns.fdb, fdbMac, i, { ...f });
  else ns.fdb.push({ ...f });
}

/** Removes FDB entries for a MAC on a device. */
export function delFdb(ns: NetNS, mac: string, dev: string): boolean {
  const before = ns.fdb.length;
  ns.fdb = ns.fdb.filter((x) => !(x.mac === mac && x.dev === dev));
  return ns.fdb.length !== before;
}
