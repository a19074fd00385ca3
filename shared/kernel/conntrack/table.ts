/**
 * Conntrack: the kernel's flow table of one namespace. The first packet of a flow creates
 * an entry (NEW) and runs through the nat table; the NAT it picked is stored as the reply
 * tuple, so later packets and the replies are translated from the entry without walking
 * nat again (ESTABLISHED / reply un-NAT). Times come from the engine's virtual clock.
 */
import type { FlowTuple, IpProto } from '../packet';

/** TCP states as /proc/net/nf_conntrack and `conntrack -L` name them. */
export type TcpCtState =
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'ESTABLISHED'
  | 'FIN_WAIT'
  | 'CLOSE_WAIT'
  | 'LAST_ACK'
  | 'TIME_WAIT'
  | 'CLOSE';

export interface CtEntry {
  id: number;
  proto: IpProto;
  /** The tuple as the first packet had it, before any NAT. */
  orig: FlowTuple;
  /** The tuple a reply carries: after DNAT/SNAT, reversed. */
  reply: FlowTuple;
  tcpState?: TcpCtState;
  /** Virtual ms when the entry expires. */
  expires: number;
  seenReply: boolean;
  assured: boolean;
  mark: number;
  /** FIN seen from the original / reply direction. */
  finOrig?: boolean;
  finReply?: boolean;
  /** Which NAT was applied, for the inspector and `--dst-nat` filters. */
  dnat: boolean;
  snat: boolean;
  /** The IPVS virtual / real server stats keys, when IPVS scheduled the flow (replies count as OutPkts). */
  ipvs?: { vs: string; real: string };
}

export interface ConntrackTable {
  entries: Map<number, CtEntry>;
  /** tuple key (both directions) → entry id. */
  index: Map<string, number>;
  nextId: number;
}

export function emptyConntrack(): ConntrackTable {
  return { entries: new Map(), index: new Map(), nextId: 1 };
}

export function tupleKey(t: FlowTuple): string {
  return `${t.proto} ${t.src} ${t.dst} ${t.sport} ${t.dport}`;
}

export function reverseTuple(t: FlowTuple): FlowTuple {
  // ICMP echo is keyed by its id in both directions (tupleOf puts it in sport): only the addresses swap.
  if (t.proto === 'icmp') return { proto: t.proto, src: t.dst, dst: t.src, sport: t.sport, dport: t.dport };
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

/** Kernel default timeouts in seconds (nf_conntrack_*_timeout_*). */
export const TIMEOUTS = {
  tcp: { SYN_SENT: 120, SYN_RECV: 60, ESTABLISHED: 432000, FIN_WAIT: 120, CLOSE_WAIT: 60, LAST_ACK: 30, TIME_WAIT: 120, CLOSE: 10 },
  udp: 30,
  udpStream: 120,
  icmp: 30,
} as const;

/** Drops expired entries; call with the current virtual time before a lookup or a listing. */
export function expire(ct: ConntrackTable, now: number): void {
  for (const [id, e] of ct.entries) {
    if (e.expires <= now) removeEntry(ct, id);
  }
}

export function removeEntry(ct: ConntrackTable, id: number): void {
  const e = ct.entries.get(id);
  if (!e) return;
  ct.entries.delete(id);
  if (ct.index.get(tupleKey(e.orig)) === id) ct.index.delete(tupleKey(e.orig));
  if (ct.index.get(tupleKey(e.reply)) === id) ct.index.delete(tupleKey(e.reply));
}

/** The entry a packet with this tuple belongs to, and in which direction. */
export function lookup(ct: ConntrackTable, t: FlowTuple, now: number): { entry: CtEntry; dir: 'orig' | 'reply' } | undefined {
  const id = ct.index.get(tupleKey(t));
  if (id === undefined) return undefined;
  const entry = ct.entries.get(id);
  if (!entry) return undefined;
  if (entry.expires <= now) {
    removeEntry(ct, id);
    return undefined;
  }
  return { entry, dir: tupleKey(entry.orig) === tupleKey(t) ? 'orig' : 'reply' };
}

/** Commits a new entry (what the kernel does when the packet leaves POSTROUTING / INPUT). */
export function insert(
  ct: ConntrackTable,
  orig: FlowTuple,
  reply: FlowTuple,
  now: number,
  opts: { mark: number; dnat: boolean; snat: boolean; tcpFlags?: string; ipvs?: { vs: string; real: string } },
): CtEntry {
  const e: CtEntry = {
    id: ct.nextId++,
    proto: orig.proto,
    orig,
    reply,
    expires: 0,
    seenReply: false,
    assured: false,
    mark: opts.mark,
    dnat: opts.dnat,
    snat: opts.snat,
    ...(opts.ipvs ? { ipvs: opts.ipvs } : {}),
  };
  if (orig.proto === 'tcp') e.tcpState = 'SYN_SENT';
  refreshTimeout(e, now);
  ct.entries.set(e.id, e);
  ct.index.set(tupleKey(orig), e.id);
  ct.index.set(tupleKey(reply), e.id);
  return e;
}

/** Advances an entry with one more packet (TCP state machine, reply seen, ASSURED). */
export function advance(e: CtEntry, dir: 'orig' | 'reply', tcpFlags: string | undefined, now: number): void {
  if (dir === 'reply') {
    if (e.seenReply && e.proto === 'udp') e.assured = true;
    e.seenReply = true;
  }
  if (e.proto === 'tcp' && tcpFlags !== undefined) {
    // tcpdump notation: `.` is ACK (`S.` is SYN-ACK).
    const f = tcpFlags.toUpperCase().replace('.', 'A');
    if (f.includes('R')) e.tcpState = 'CLOSE';
    else if (f.includes('F')) {
      if (dir === 'orig') e.finOrig = true;
      else e.finReply = true;
      if (e.finOrig && e.finReply) e.tcpState = 'TIME_WAIT';
      else e.tcpState = dir === 'orig' ? 'FIN_WAIT' : 'CLOSE_WAIT';
    } else if (f.includes('S') && f.includes('A') && dir === 'reply') e.tcpState = 'SYN_RECV';
    else if (f.includes('A') && dir === 'orig' && e.tcpState === 'SYN_RECV') {
      e.tcpState = 'ESTABLISHED';
      e.assured = true;
    } else if (f.includes('A') && e.finOrig && e.finReply) e.tcpState = 'TIME_WAIT';
  }
  refreshTimeout(e, now);
}

function refreshTimeout(e: CtEntry, now: number): void {
  let secs: number;
  if (e.proto === 'tcp') secs = TIMEOUTS.tcp[e.tcpState ?? 'SYN_SENT'];
  else if (e.proto === 'udp') secs = e.assured ? TIMEOUTS.udpStream : TIMEOUTS.udp;
  else secs = TIMEOUTS.icmp;
  e.expires = now + secs * 1000;
}

/** The ctstate a packet has for `-m conntrack --ctstate`: NEW before an entry exists. */
export function ctstateOf(found: { entry: CtEntry; dir: 'orig' | 'reply' } | undefined): 'NEW' | 'ESTABLISHED' {
  if (!found) return 'NEW';
  return found.entry.seenReply || found.dir === 'reply' ? 'ESTABLISHED' : 'NEW';
}

/**
 * The walker carries a whole connection as one request and one reply; when the client is
 * done (curl got its answer and closed), the flows it created end as a closed TCP
 * connection does: ASSURED, TIME_WAIT for two minutes.
 */
export function closeTcpFlows(ct: ConntrackTable, sinceId: number, now: number): void {
  for (const e of ct.entries.values()) {
    if (e.id < sinceId || e.proto !== 'tcp' || !e.seenReply) continue;
    e.tcpState = 'TIME_WAIT';
    e.assured = true;
    e.finOrig = e.finReply = true;
    refreshTimeout(e, now);
  }
}
