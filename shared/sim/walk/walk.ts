/**
 * walkPacket(): one packet from a socket in any namespace to wherever the kernel takes
 * it, the answer (echo reply, the app's reply, RST, ICMP error) walked back, every hop
 * recorded. The result is a WalkRecord for the inspector plus the details the commands
 * (ping, traceroute, curl, DNS) need.
 */
import type { Engine } from '../engine';
import type { NetNS } from '../../kernel/netns';
import type { Packet, Payload } from '../../kernel/packet';
import { targetLabel, type ShellTarget } from '../../model/target';
import type { Hop, WalkConnection, WalkRecord } from '../../api/walk';
import type { CarryCtx, CarryEnd } from './context';
import { HopRecorder, type Capture } from './record';
import { lookupRoute, selectSource } from './route';
import { localOut } from './output';
import { icmpError, tcpReset } from './errors';
import { ephemeralPort, storeCaptures, storeWalk, walkState } from './history';
import { findListener, type AppResponse } from '../apps/sockets';
import { explainDrop } from './reasons';
import { conversationEndUs, httpLength, markTcpConversation } from './tcpflow';
import { linkControllerPods } from './provenance';

/** What to send. */
export interface WalkInput {
  from: ShellTarget;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  dport?: number;
  sport?: number;
  /** Bind to this source address instead of the routing decision's. */
  src?: string;
  ttl?: number;
  payload?: Payload;
  /** ICMP echo id / seq (ping). */
  icmp?: { id: number; seq: number };
  /** Payload bytes after the L4 header (ping -s). */
  size?: number;
  title?: string;
  /** Store in the history and emit an event (default true). Proxies' inner legs pass false. */
  record?: boolean;
}

/** How a walk ended, as the sending socket experiences it. */
export interface WalkDetail {
  record: WalkRecord;
  /** reply: the answer arrived; error: an ICMP error / RST arrived; silent: nothing came back; unroutable: the send failed. */
  outcome: 'reply' | 'error' | 'silent' | 'unroutable';
  /** The packet the sender received (reply or error), as it arrived. */
  received?: Packet;
  /** ping's words for an error (`Destination Host Unreachable`, `Time to live exceeded`). */
  errorText?: string;
  /** The address the error came from. */
  errorFrom?: string;
  /** The sent packet, as it left the socket. */
  sent?: Packet;
  /** Virtual round trip, microseconds. */
  rttUs: number;
  /** The app's answer, when one ran. */
  response?: AppResponse;
  /** The request as the receiving socket saw it (after NAT). */
  delivered?: Packet;
}

/** Builds the first packet of a flow as the socket would send it. */
function buildPacket(engine: Engine, input: WalkInput, src: string): Packet {
  const st = walkState(engine);
  const ip = { src, dst: input.dst, ttl: input.ttl ?? 64, proto: input.proto, id: st.ipIds.int(65536) };
  const size = input.size ?? (input.proto === 'icmp' ? 56 : 0);
  if (input.proto === 'icmp') {
    const e = input.icmp ?? { id: 1 + st.ports.int(65535), seq: 1 };
    return { ip, l4: { kind: 'icmp', type: 8, code: 0, id: e.id, seq: e.seq }, payload: input.payload ?? { kind: 'none' }, mark: 0, length: 28 + size };
  }
  const sport = input.sport ?? ephemeralPort(engine);
  const dport = input.dport ?? (input.proto === 'tcp' ? 80 : 53);
  if (input.proto === 'tcp') {
    return { ip, l4: { kind: 'tcp', sport, dport, flags: 'S', seq: st.ports.int(2 ** 31) }, payload: input.payload ?? { kind: 'none' }, mark: 0, length: 60 + size };
  }
  return { ip, l4: { kind: 'udp', sport, dport }, payload: input.payload ?? { kind: 'none' }, mark: 0, length: 28 + size };
}

function newCtx(engine: Engine, rec: HopRecorder): CarryCtx {
  const st = walkState(engine);
  return { engine, rec, steps: 0, nextIpId: () => st.ipIds.int(65536) };
}

/** The answer of the receiving side: kernel echo reply, the app's reply, a RST or a port unreachable. */
function answer(engine: Engine, ctx: CarryCtx, ns: NetNS, p: Packet): { reply?: Packet; response?: AppResponse; refused?: string; errorText?: string } {
  const l4 = p.l4;
  const swap = (l4x: Packet['l4'], payload: Payload, length: number): Packet => ({
    ip: { src: p.ip.dst, dst: p.ip.src, ttl: 64, proto: p.ip.proto, id: ctx.nextIpId() },
    ...(l4x ? { l4: l4x } : {}),
    payload,
    mark: 0,
    length,
  });
  if (l4?.kind === 'icmp') {
    if (l4.type !== 8) return {};
    return { reply: swap({ kind: 'icmp', type: 0, code: 0, ...(l4.id !== undefined ? { id: l4.id } : {}), ...(l4.seq !== undefined ? { seq: l4.seq } : {}) }, p.payload, p.length) };
  }
  if (!l4) return {};
  const proto = l4.kind;
  const listener = findListener(engine, ns, proto, l4.dport);
  if (!listener) {
    const err = proto === 'tcp' ? tcpReset(ctx, ns, p) : icmpError(ctx, ns, p, 'portUnreachable', false);
    return { ...(err ? { reply: err.packet, errorText: err.text } : {}), refused: `nothing listens on ${proto}/${l4.dport} in ${ns.hostname}` };
  }
  const response = listener.handler({ engine, ns, packet: p, proto, src: p.ip.src, sport: l4.sport, dst: p.ip.dst, dport: l4.dport, payload: p.payload });
  if (response.silent) return { response };
  if (response.reset) {
    const rst = proto === 'tcp' ? tcpReset(ctx, ns, p) : undefined;
    return { response, ...(rst ? { reply: rst.packet, errorText: 'Connection reset by peer' } : {}) };
  }
  if (proto === 'udp' && !response.payload) return { response };
  const payload = response.payload ?? { kind: 'none' };
  const l4r = proto === 'tcp' ? { kind: 'tcp' as const, sport: l4.dport, dport: l4.sport, flags: 'S.', seq: walkState(engine).ports.int(2 ** 31), ack: (l4.seq ?? 0) + 1 } : { kind: 'udp' as const, sport: l4.dport, dport: l4.sport };
  return { response, reply: swap(l4r, payload, proto === 'tcp' ? 60 : 28) };
}

function endReason(end: CarryEnd): string | undefined {
  return end.kind === 'delivered' ? undefined : end.reason;
}

/** Walks one packet there and (if anything answers) back; stores the record unless `record: false`. */
export function walkDetailed(engine: Engine, input: WalkInput): WalkDetail {
  const st = walkState(engine);
  // A walk started by an app while answering another (a proxy's second leg) is real traffic: tcpdump sees it.
  const nested = st.depth > 0;
  st.depth++;
  try {
    return walkOnce(engine, input, nested);
  } finally {
    st.depth--;
  }
}

function walkOnce(engine: Engine, input: WalkInput, nested: boolean): WalkDetail {
  const st = walkState(engine);
  const id = `w${++st.seq}`;
  const at = engine.env.clock.now();
  const captures: Capture[] = [];
  // Set once the reply leg starts: where the legs split and the true round trip (for tcpflow).
  let replyFromUs = Number.MAX_SAFE_INTEGER;
  let roundUs = 0;
  // Walks in the same virtual millisecond follow each other on the capture timeline.
  const startUs = Math.max(at * 1000, st.cursorUs);
  const ns = engine.netnsOf(input.from);
  const title = input.title ?? `${input.proto === 'icmp' ? 'ping' : input.proto} ${input.dst}${input.dport ? `:${input.dport}` : ''} from ${targetLabel(input.from)}`;
  const base = { id, title, at, request: { from: input.from, fromNetns: ns?.id ?? '', dst: input.dst, proto: input.proto, ...(input.dport !== undefined ? { dport: input.dport } : {}) } };
  const finish = (d: Omit<WalkDetail, 'record'>, rec: Omit<WalkRecord, keyof typeof base>): WalkDetail => {
    const record: WalkRecord = { ...base, ...rec };
    linkControllerPods(engine, record.hops);
    if (record.replyHops) linkControllerPods(engine, record.replyHops);
    if (record.dropReason) {
      const dsts = [input.dst, ...(d.sent ? [d.sent.ip.src] : [])];
      record.dropReason = explainDrop(engine, [...record.hops, ...(record.replyHops ?? [])], dsts, record.dropReason);
    }
    // An answered TCP connection is captured as the whole conversation (handshake, data, close).
    const req = d.sent?.payload;
    const res = d.received?.payload;
    if (d.outcome === 'reply' && d.sent?.l4?.kind === 'tcp' && d.received?.l4?.kind === 'tcp' && d.received.l4.flags === 'S.' && req && res) {
      markTcpConversation(captures, replyFromUs, roundUs, httpLength(req), httpLength(res));
    }
    st.cursorUs = captures.reduce((m, c) => Math.max(m, conversationEndUs(c) + 1), startUs + Math.max(1, d.rttUs));
    if (input.record !== false || nested) storeCaptures(engine, captures);
    if (input.record !== false) storeWalk(engine, record);
    return { ...d, record };
  };
  if (!ns) return finish({ outcome: 'unroutable', rttUs: 0 }, { verdict: 'dropped', dropReason: `${targetLabel(input.from)} does not exist`, hops: [], connections: [] });
  const route = lookupRoute(ns, input.dst);
  const src = input.src ?? (route && route.kind !== 'blackhole' && route.kind !== 'unreachable' && route.kind !== 'prohibit' ? selectSource(ns, route) : undefined);
  const reqRec = new HopRecorder(id, startUs, captures);
  const ctx = newCtx(engine, reqRec);
  if (!route || !src) {
    const reason = route ? `${ns.hostname} has no address to send from` : `no route to ${input.dst} in ${ns.hostname}: Network is unreachable`;
    // The socket call itself fails; one hop still shows where and why.
    reqRec.add(ns, 'drop', 'local', undefined, `connect() fails: ${reason}`, buildPacket(engine, input, src ?? '0.0.0.0'));
    return finish({ outcome: 'unroutable', rttUs: 0 }, { verdict: 'dropped', dropReason: reason, hops: reqRec.hops, connections: [] });
  }
  const sent = buildPacket(engine, input, src);
  const l4 = sent.l4;
  const sport = l4?.kind === 'icmp' ? l4.id ?? 0 : l4 ? l4.sport : 0;
  const connection = { src, sport, dst: input.dst, dport: l4 && l4.kind !== 'icmp' ? l4.dport : 0, proto: input.proto, firstHop: 0, lastHop: 0 };
  reqRec.add(ns, 'socket', 'out', undefined, `${input.proto.toUpperCase()} socket in ${ns.hostname} sends ${src}${l4 && l4.kind !== 'icmp' ? `:${sport}` : ''} → ${input.dst}${connection.dport ? `:${connection.dport}` : ''} (TTL ${sent.ip.ttl})`, sent);
  const end = localOut(ctx, ns, sent);
  const hops: Hop[] = reqRec.hops;
  const connections: WalkConnection[] = [connection];
  connection.lastHop = hops.length - 1;
  if (end.kind === 'unroutable') {
    reqRec.add(end.ns, 'drop', 'local', undefined, `dropped: ${end.reason}`, sent);
    connection.lastHop = hops.length - 1;
    return finish({ outcome: 'unroutable', sent, rttUs: reqRec.elapsedUs }, { verdict: 'dropped', dropReason: end.reason, hops, connections });
  }
  let back: { ns: NetNS; packet: Packet; errorText?: string } | undefined;
  let response: AppResponse | undefined;
  let verdict: WalkRecord['verdict'] = end.kind === 'delivered' ? 'delivered' : end.kind;
  let dropReason = endReason(end);
  let answeredBy: string | undefined;
  if (end.kind === 'delivered') {
    answeredBy = end.ns.id;
    st.cursorUs = Math.max(st.cursorUs, startUs + reqRec.elapsedUs);
    const a = answer(engine, ctx, end.ns, end.packet);
    response = a.response;
    for (const w of a.response?.walks ?? []) {
      const offset = hops.length;
      for (const h of w.hops) hops.push({ ...h, seq: hops.length });
      for (const c of w.connections) connections.push({ ...c, firstHop: c.firstHop + offset, lastHop: c.lastHop + offset });
    }
    if (a.refused) {
      verdict = 'rejected';
      dropReason = a.refused;
    }
    if (a.reply) back = { ns: end.ns, packet: a.reply, ...(a.errorText ? { errorText: a.errorText } : {}) };
    else if (!a.refused) {
      verdict = 'no-reply';
      dropReason = `${end.ns.hostname} received it but did not answer`;
    }
  } else if (end.error) {
    if (end.error.local) {
      return finish(
        { outcome: 'error', sent, errorText: end.error.text, errorFrom: end.error.packet.ip.src, received: end.error.packet, rttUs: reqRec.elapsedUs },
        { verdict, ...(dropReason ? { dropReason } : {}), hops, connections },
      );
    }
    back = { ns: end.error.ns, packet: end.error.packet, errorText: end.error.text };
  }
  if (!back) {
    return finish({ outcome: 'silent', sent, rttUs: reqRec.elapsedUs, ...(response ? { response } : {}) }, { verdict, ...(dropReason ? { dropReason } : {}), hops, connections, ...(answeredBy ? { answeredBy } : {}) });
  }
  replyFromUs = startUs + reqRec.elapsedUs;
  const repRec = new HopRecorder(id, replyFromUs, captures);
  const rctx = newCtx(engine, repRec);
  repRec.add(back.ns, 'socket', 'out', undefined, back.errorText ? `${back.ns.hostname} answers: ${back.errorText}` : `${back.ns.hostname} answers ${back.packet.ip.src} → ${back.packet.ip.dst}`, back.packet);
  const rend = localOut(rctx, back.ns, back.packet);
  roundUs = reqRec.elapsedUs + repRec.elapsedUs + 1;
  const rttUs = Math.round((reqRec.elapsedUs + repRec.elapsedUs) * (0.85 + st.jitter.next() * 0.4));
  const arrived = rend.kind === 'delivered' && rend.ns === ns;
  if (!arrived && verdict === 'delivered') {
    verdict = 'no-reply';
    dropReason = `the reply was lost: ${endReason(rend) ?? `delivered to ${rend.kind === 'delivered' ? rend.ns.hostname : '?'} instead of ${ns.hostname}`}`;
  }
  const isError = !!back.errorText;
  return finish(
    {
      outcome: arrived ? (isError ? 'error' : 'reply') : 'silent',
      sent,
      rttUs,
      ...(arrived ? { received: rend.packet } : {}),
      ...(arrived && isError ? { errorText: back.errorText, errorFrom: rend.packet.ip.src } : {}),
      ...(response ? { response } : {}),
      ...(end.kind === 'delivered' ? { delivered: end.packet } : {}),
    },
    { verdict, ...(dropReason ? { dropReason } : {}), hops, replyHops: repRec.hops, connections, ...(answeredBy ? { answeredBy } : {}) },
  );
}

/** The public walker entry: walks the packet, stores the record, returns it. */
export function walkPacket(engine: Engine, input: WalkInput): WalkRecord {
  return walkDetailed(engine, input).record;
}
