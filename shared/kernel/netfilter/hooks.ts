/**
 * The PacketHooks implementation: netfilter tables with conntrack, as the kernel runs them
 * at each hook. The first packet of a flow traverses raw/mangle/nat/filter and is committed
 * to conntrack when it leaves (POSTROUTING) or is delivered (INPUT); later packets and the
 * replies are translated from the entry (reverse NAT on the reply) without walking nat.
 * IPVS plugs in at LOCAL_IN through the `ipvs` dependency and hands its flow back here.
 */
import type { HookInput, HookOutcome, IpvsOutcome, PacketHooks, RuleHit } from '../hooks';
import type { NetNS } from '../netns';
import { tupleOf, type FlowTuple, type Packet } from '../packet';
import { advance, insert, lookup, reverseTuple, tupleKey, type CtEntry } from '../conntrack/table';
import { formatEntry } from '../conntrack/format';
import { findVirtual, statsOf } from '../ipvs/schedule';
import { evalChain, type EvalContext, type EvalPacket, type EvalResult, type NatAction } from './eval';
import type { TableName } from './state';

export interface HookDeps {
  now(): number;
  /** A seeded stream for `-m statistic --mode random`. */
  random(): number;
  /** IPVS at LOCAL_IN (kube-proxy's IPVS mode); undefined when no virtual service matched. */
  ipvs?(ns: NetNS, packet: Packet, flow: { orig: FlowTuple }): IpvsOutcome | undefined;
}

/** A flow between its first hook in a namespace and its commit to conntrack. */
interface Pending {
  orig: FlowTuple;
  existing?: { entry: CtEntry; dir: 'orig' | 'reply' };
  dnat: boolean;
  ipvs?: { vs: string; real: string };
}

const TABLES_AT: Record<HookInput['hook'], TableName[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'nat'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

function firstAddr(ns: NetNS, dev: string | undefined): string | undefined {
  if (!dev) return undefined;
  // Like inet_select_addr(): a universe-scope address of the device, else of any device (lo has none).
  return ns.addrsOf(dev).find((a) => a.scope === 'global')?.ip ?? ns.addrs.find((a) => a.scope === 'global')?.ip ?? ns.addrsOf(dev)[0]?.ip;
}

function rewrite(p: Packet, t: FlowTuple): Packet {
  const l4 = p.l4;
  const nl4 = l4 && l4.kind !== 'icmp' ? { ...l4, sport: t.sport, dport: t.dport } : l4;
  return { ...p, ip: { ...p.ip, src: t.src, dst: t.dst }, ...(nl4 ? { l4: nl4 } : {}) };
}

function applyNat(ns: NetNS, t: FlowTuple, nat: NatAction, input: HookInput): FlowTuple {
  const [ip, port] = (nat.to ?? '').split(':');
  if (nat.kind === 'DNAT') return { ...t, dst: ip!, dport: port ? Number(port.split('-')[0]) : t.dport };
  if (nat.kind === 'REDIRECT') {
    const dst = input.hook === 'OUTPUT' ? '127.0.0.1' : firstAddr(ns, input.inDev) ?? t.dst;
    return { ...t, dst, dport: Number((nat.to ?? '').split('-')[0]) };
  }
  if (nat.kind === 'SNAT') return { ...t, src: ip!, sport: port ? Number(port.split('-')[0]) : t.sport };
  return { ...t, src: firstAddr(ns, input.outDev) ?? t.src };
}

/** Builds the hooks; the returned object is what `engine.hooks` holds. */
export function createNetfilterHooks(deps: HookDeps): PacketHooks {
  const pendingByNs = new WeakMap<NetNS, Map<string, Pending>>();
  const pendingOf = (ns: NetNS) => {
    let m = pendingByNs.get(ns);
    if (!m || m.size > 4096) pendingByNs.set(ns, (m = new Map()));
    return m;
  };

  const localSets = new WeakMap<object, { len: number; set: Set<string> }>();
  function ctx(ns: NetNS): EvalContext {
    // The namespace's own addresses, rebuilt only when its address list changed.
    let l = localSets.get(ns.addrs);
    if (!l || l.len !== ns.addrs.length) localSets.set(ns.addrs, (l = { len: ns.addrs.length, set: new Set(ns.addrs.map((a) => a.ip)) }));
    const local = l.set;
    return { nf: ns.nf, ipsets: ns.ipsets, local: (ip) => local.has(ip) || ip.startsWith('127.'), rng: deps.random, now: deps.now() };
  }

  function evalPacket(p: Packet, input: HookInput, ctstates: string[]): EvalPacket | undefined {
    const t = tupleOf(p);
    if (!t) return undefined;
    return { ...t, mark: p.mark, length: p.length, ctstates, ...(input.inDev ? { inDev: input.inDev } : {}), ...(input.outDev ? { outDev: input.outDev } : {}) };
  }

  function ctstatesOf(pd: Pending | undefined): string[] {
    if (!pd?.existing) return pd?.dnat ? ['NEW', 'DNAT'] : ['NEW'];
    const e = pd.existing.entry;
    const s = [e.seenReply || pd.existing.dir === 'reply' ? 'ESTABLISHED' : 'NEW'];
    if (e.dnat) s.push('DNAT');
    if (e.snat) s.push('SNAT');
    return s;
  }

  function netfilter(ns: NetNS, input: HookInput): HookOutcome {
    let packet = input.packet;
    const t = tupleOf(packet);
    const hits: RuleHit[] = [];
    let evaluated = 0;
    let out: HookOutcome = { verdict: 'ACCEPT', packet, hits, evaluated: 0 };
    if (!t || ns.kind !== 'node') {
      // Pods, the router and the external host keep no rules here: nothing to walk.
      return out;
    }
    if (packet.payload.kind === 'icmp-error') {
      const related = relatedError(ns, input, packet, packet.payload.original);
      if (related) return related;
    }
    const now = deps.now();
    const pending = pendingOf(ns);
    const hook = input.hook;
    let pd = pending.get(tupleKey(t));
    const first = hook === 'PREROUTING' || hook === 'OUTPUT';
    if (first && !pd) {
      const found = lookup(ns.nf.conntrack, t, now);
      if (found) {
        // Established flow: translate from the entry, no nat table.
        const e = found.entry;
        const to = found.dir === 'orig' ? { ...t, dst: e.reply.src, dport: e.reply.sport } : { ...t, dst: e.orig.src, dport: e.orig.sport };
        pd = { orig: e.orig, existing: found, dnat: e.dnat };
        if (to.dst !== t.dst || to.dport !== t.dport) {
          packet = rewrite(packet, to);
          out.nat = { kind: found.dir === 'orig' ? 'DNAT' : 'SNAT', before: t, after: to };
        }
        out.conntrack = { state: found.dir === 'reply' ? 'REPLY' : 'ESTABLISHED', entry: formatEntry(e, now) };
        if (e.ipvs && found.dir === 'reply') {
          // IPVS counts what its real servers send back.
          for (const k of [e.ipvs.vs, e.ipvs.real]) {
            const st = statsOf(ns.ipvs, k);
            st.outPkts++;
            st.outBytes += packet.length;
          }
        }
        pending.set(tupleKey(tupleOf(packet)!), pd);
      } else {
        pd = { orig: t, dnat: false };
        out.conntrack = { state: 'NEW' };
      }
    }
    const c = ctx(ns);
    // A node's own connection to a virtual service loops back (the VIP is local on
    // kube-ipvs0): its first POSTROUTING is not where the flow leaves. IPVS at LOCAL_IN picks
    // the real server, and the POSTROUTING after that does the nat (MASQUERADE then picks the
    // real output device, cni0 → 10.244.x.1) and commits the one conntrack entry.
    const loopToVirtual = hook === 'POSTROUTING' && !!deps.ipvs && !pd?.existing && !pd?.ipvs && isVirtual(ns, t);
    for (const table of TABLES_AT[hook]) {
      const isNat = table === 'nat';
      if (isNat && (pd?.existing || loopToVirtual)) continue;
      const ep = evalPacket(packet, input, ctstatesOf(pd));
      if (!ep) break;
      const r: EvalResult = evalChain(ns.nf.tables[table], hook, ep, c);
      hits.push(...r.hits);
      evaluated += r.evaluated;
      packet = { ...packet, mark: r.mark };
      if (r.verdict !== 'ACCEPT') {
        const d = r.decidedBy;
        return { verdict: r.verdict, packet, hits, evaluated, ...(r.rejectWith ? { rejectWith: r.rejectWith } : {}), ...(d ? {} : { reason: `${hook} policy of ${table} is ${r.verdict}` }) };
      }
      if (isNat && r.nat) {
        const before = tupleOf(packet)!;
        const after = applyNat(ns, before, r.nat, input);
        packet = rewrite(packet, after);
        out.nat = { kind: r.nat.kind, before, after };
        if (r.nat.kind === 'DNAT' || r.nat.kind === 'REDIRECT') pd = { ...(pd ?? { orig: t }), dnat: true };
      }
    }
    const cur = tupleOf(packet)!;
    if (first) {
      pending.delete(tupleKey(t));
      if (pd) pending.set(tupleKey(cur), pd);
    }
    const last = hook === 'POSTROUTING' || hook === 'INPUT';
    if (last && pd) {
      const ex = pd.existing;
      if (ex) {
        const e = ex.entry;
        // Reverse the source side: SNAT again for the original direction, un-DNAT for replies.
        const to = ex.dir === 'orig' ? { ...cur, src: e.reply.dst, sport: e.reply.dport } : { ...cur, src: e.orig.dst, sport: e.orig.dport };
        if (to.src !== cur.src || to.sport !== cur.sport) {
          packet = rewrite(packet, to);
          out.nat = { kind: ex.dir === 'orig' ? 'SNAT' : 'DNAT', before: cur, after: to };
        }
        const l4 = packet.l4;
        advance(e, ex.dir, l4?.kind === 'tcp' ? l4.flags : undefined, now);
        out.conntrack = { state: ex.dir === 'reply' ? 'REPLY' : 'ESTABLISHED', entry: formatEntry(e, now) };
        pending.delete(tupleKey(cur));
      } else if (!loopToVirtual && !(hook === 'INPUT' && deps.ipvs && isVirtual(ns, cur))) {
        const snat = out.nat?.kind === 'SNAT' || out.nat?.kind === 'MASQUERADE';
        const e = insert(ns.nf.conntrack, pd.orig, reverseTuple(tupleOf(packet)!), now, { mark: packet.mark, dnat: pd.dnat, snat, ...(pd.ipvs ? { ipvs: pd.ipvs } : {}) });
        out.conntrack = { state: 'NEW', entry: formatEntry(e, now) };
        pending.delete(tupleKey(cur));
      }
    }
    out = { ...out, verdict: 'ACCEPT', packet, hits, evaluated };
    return out;
  }

  /**
   * An ICMP error about a tracked flow is RELATED to it (nf_conntrack_icmp): it skips the
   * nat table and is translated from the flow's entry instead, so a pod behind MASQUERADE
   * or a client of a DNATed Service gets the error addressed as it knows the flow.
   */
  function relatedError(ns: NetNS, input: HookInput, packet: Packet, quoted: Packet): HookOutcome | undefined {
    const q = tupleOf(quoted);
    if (!q) return undefined;
    const now = deps.now();
    const direct = lookup(ns.nf.conntrack, q, now);
    const natted = direct ? undefined : lookup(ns.nf.conntrack, reverseTuple(q), now);
    const found = direct ?? natted;
    if (!found) return undefined;
    const e = found.entry;
    if (natted && natted.dir === 'reply' && (input.hook === 'PREROUTING' || input.hook === 'OUTPUT')) {
      // The quoted packet is the flow as it left after NAT: undo it for the original sender.
      const outerSrc = packet.ip.src === q.dst ? e.orig.dst : packet.ip.src;
      packet = { ...packet, ip: { ...packet.ip, src: outerSrc, dst: e.orig.src }, payload: { kind: 'icmp-error', original: rewrite(quoted, e.orig) } };
    }
    const hits: RuleHit[] = [];
    let evaluated = 0;
    const c = ctx(ns);
    for (const table of TABLES_AT[input.hook]) {
      if (table === 'nat') continue;
      const ep = evalPacket(packet, input, ['RELATED']);
      if (!ep) break;
      const r = evalChain(ns.nf.tables[table], input.hook, ep, c);
      hits.push(...r.hits);
      evaluated += r.evaluated;
      packet = { ...packet, mark: r.mark };
      if (r.verdict !== 'ACCEPT') {
        return { verdict: r.verdict, packet, hits, evaluated, ...(r.rejectWith ? { rejectWith: r.rejectWith } : {}), ...(r.decidedBy ? {} : { reason: `${input.hook} policy of ${table} is ${r.verdict}` }) };
      }
    }
    return { verdict: 'ACCEPT', packet, hits, evaluated, conntrack: { state: 'RELATED', entry: formatEntry(e, now) } };
  }

  function isVirtual(ns: NetNS, t: FlowTuple): boolean {
    return !!findVirtual(ns.ipvs, t.proto === 'tcp' ? 'TCP' : 'UDP', t.dst, t.dport);
  }

  function ipvs(ns: NetNS, packet: Packet): IpvsOutcome | undefined {
    if (!deps.ipvs || ns.kind !== 'node') return undefined;
    const t = tupleOf(packet);
    if (!t) return undefined;
    const pending = pendingOf(ns);
    const pd = pending.get(tupleKey(t));
    const o = deps.ipvs(ns, packet, { orig: pd?.orig ?? t });
    if (!o) return undefined;
    // The flow continues as a DNATed one: POSTROUTING commits it to conntrack.
    pending.delete(tupleKey(t));
    pending.set(tupleKey(tupleOf(o.packet)!), { orig: pd?.orig ?? t, dnat: true, ipvs: { vs: o.virtualService, real: `${o.virtualService} > ${o.realServer}` } });
    return o;
  }

  return { netfilter, ipvs };
}
