/**
 * `conntrack -L` lines in conntrack-tools v1.4.7's format:
 * `tcp      6 117 TIME_WAIT src=... dst=... sport=... dport=... src=... dst=... sport=... dport=... [ASSURED] mark=0 use=1`
 * with `[UNREPLIED]` after the original tuple until a reply was seen.
 */
import type { FlowTuple } from '../packet';
import type { CtEntry } from './table';

export const CONNTRACK_VERSION = 'v1.4.7';

const PROTO_NUM: Record<string, number> = { tcp: 6, udp: 17, icmp: 1 };

function tupleText(t: FlowTuple, icmpReply: boolean): string {
  if (t.proto === 'icmp') return `src=${t.src} dst=${t.dst} type=${icmpReply ? 0 : 8} code=0 id=${t.sport}`;
  return `src=${t.src} dst=${t.dst} sport=${t.sport} dport=${t.dport}`;
}

/** One entry; the timeout column counts down on the virtual clock. */
export function formatEntry(e: CtEntry, now: number): string {
  const secs = Math.max(0, Math.ceil((e.expires - now) / 1000));
  let s = `${e.proto.padEnd(8)} ${PROTO_NUM[e.proto]} ${secs} `;
  if (e.tcpState) s += `${e.tcpState} `;
  s += tupleText(e.orig, false);
  if (!e.seenReply) s += ' [UNREPLIED]';
  s += ` ${tupleText(e.reply, true)}`;
  if (e.assured) s += ' [ASSURED]';
  s += ` mark=${e.mark} use=1`;
  return s;
}

/** The summary conntrack prints on stderr after a listing. */
export function summaryLine(n: number): string {
  return `conntrack ${CONNTRACK_VERSION} (conntrack-tools): ${n} flow entries have been shown.\n`;
}
