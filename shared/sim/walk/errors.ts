/**
 * The packets the kernel sends back when it cannot (or will not) pass one on: ICMP
 * destination unreachable, time exceeded, and the TCP RST of a closed port or
 * `REJECT --reject-with tcp-reset`. The source address is chosen the way icmp_send()
 * does by default: by a route lookup towards the offending packet's sender.
 */
import type { NetNS } from '../../kernel/netns';
import type { Packet } from '../../kernel/packet';
import type { CarryCtx, ErrorReply } from './context';
import { lookupRoute, selectSource } from './route';

/** ICMP type/code and the words ping prints for each error we generate. */
export const ICMP_ERRORS = {
  netUnreachable: { type: 3, code: 0, text: 'Destination Net Unreachable' },
  hostUnreachable: { type: 3, code: 1, text: 'Destination Host Unreachable' },
  portUnreachable: { type: 3, code: 3, text: 'Destination Port Unreachable' },
  hostProhibited: { type: 3, code: 10, text: 'Destination Host Prohibited' },
  adminProhibited: { type: 3, code: 13, text: 'Packet filtered' },
  ttlExceeded: { type: 11, code: 0, text: 'Time to live exceeded' },
} as const;

export type IcmpErrorKind = keyof typeof ICMP_ERRORS;

/** The REJECT target's `--reject-with` values, mapped to what goes back on the wire. */
export function rejectKind(rejectWith: string | undefined): IcmpErrorKind | 'tcp-reset' {
  switch (rejectWith) {
    case 'tcp-reset':
      return 'tcp-reset';
    case 'icmp-net-unreachable':
      return 'netUnreachable';
    case 'icmp-host-unreachable':
      return 'hostUnreachable';
    case 'icmp-host-prohibited':
      return 'hostProhibited';
    case 'icmp-admin-prohibited':
      return 'adminProhibited';
    default:
      return 'portUnreachable';
  }
}

/** An ICMP error from `ns` about `offending`; undefined when `ns` has no way back (then it is a silent drop). */
export function icmpError(ctx: CarryCtx, ns: NetNS, offending: Packet, kind: IcmpErrorKind, local: boolean): ErrorReply | undefined {
  if (offending.l4?.kind === 'icmp' && offending.l4.type !== 8 && offending.l4.type !== 0) return undefined; // never an error about an error
  const back = lookupRoute(ns, offending.ip.src);
  const src = back && back.kind !== 'blackhole' && back.kind !== 'unreachable' && back.kind !== 'prohibit' ? selectSource(ns, back) : undefined;
  if (!src && !local) return undefined;
  const e = ICMP_ERRORS[kind];
  const packet: Packet = {
    ip: { src: src ?? offending.ip.src, dst: offending.ip.src, ttl: 64, proto: 'icmp', id: ctx.nextIpId() },
    l4: { kind: 'icmp', type: e.type, code: e.code },
    payload: { kind: 'icmp-error', original: { ...offending, payload: { kind: 'none' } } },
    mark: 0,
    length: 20 + 8 + Math.min(548, offending.length),
  };
  return { ns, packet, text: e.text, local };
}

/** A TCP RST answering `offending` (closed port, or REJECT with tcp-reset), sent from its destination address. */
export function tcpReset(ctx: CarryCtx, ns: NetNS, offending: Packet): ErrorReply | undefined {
  if (offending.l4?.kind !== 'tcp') return undefined;
  const packet: Packet = {
    ip: { src: offending.ip.dst, dst: offending.ip.src, ttl: 64, proto: 'tcp', id: 0 },
    l4: { kind: 'tcp', sport: offending.l4.dport, dport: offending.l4.sport, flags: 'R.', seq: 0, ack: (offending.l4.seq ?? 0) + 1 },
    payload: { kind: 'none' },
    mark: 0,
    length: 40,
  };
  return { ns, packet, text: 'Connection refused', local: false };
}
