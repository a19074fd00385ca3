/**
 * IPVS at LOCAL_IN: finds the virtual service a packet is for and picks a real server
 * with the service's scheduler (rr wrr lc wlc sed nq sh dh), honouring persistence
 * (ClientIP affinity), then rewrites the destination (Masq) and records the connection
 * and the counters `ipvsadm --stats` shows.
 */
import type { IpvsOutcome } from '../hooks';
import type { NetNS } from '../netns';
import { tupleOf, type FlowTuple, type Packet } from '../packet';
import { statsKey, type IpvsState, type IpvsStats, type RealServer, type VirtualService } from './state';

const vsIndex = new WeakMap<object, { len: number; map: Map<string, VirtualService> }>();

/** The virtual service for proto/address/port, through an index rebuilt when the service list changes. */
export function findVirtual(st: IpvsState, proto: 'TCP' | 'UDP', vip: string, port: number): VirtualService | undefined {
  let ix = vsIndex.get(st.services);
  if (!ix || ix.len !== st.services.length) {
    const map = new Map<string, VirtualService>();
    for (const s of st.services) map.set(`${s.proto} ${s.vip}:${s.port}`, s);
    vsIndex.set(st.services, (ix = { len: st.services.length, map }));
  }
  return ix.map.get(`${proto} ${vip}:${port}`);
}
import { parseIpv4 } from '../netfilter/parse';

/** Active and inactive connections of a real server now (the connection table, expired entries dropped). */
export function connCounts(ns: NetNS, vsKey: string, real: string, now: number): { active: number; inactive: number } {
  let active = 0;
  let inactive = 0;
  for (const c of ns.ipvs.conns) {
    if (c.expires <= now || c.virtual !== vsKey || c.real !== real) continue;
    if (c.state === 'ESTABLISHED') active++;
    else inactive++;
  }
  return { active, inactive };
}

function hashIp(ip: string): number {
  // ip_vs_sh / ip_vs_dh: (ntohl(addr) * 2654435761) >> (32 - bits), with 8 bits.
  return Math.floor((((parseIpv4(ip) ?? 0) * 2654435761) % 2 ** 32) / 2 ** 24);
}

/** The node's counters for a virtual or real server (created on first use). */
export function statsOf(st: IpvsState, key: string): IpvsStats {
  let s = st.stats.get(key);
  if (!s) st.stats.set(key, (s = { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 }));
  return s;
}

function pick(vs: VirtualService, ns: NetNS, client: string, now: number): { real: RealServer; why: string } | undefined {
  const live = vs.reals.filter((r) => r.weight > 0);
  if (!live.length) return undefined;
  const key = `${vs.vip}:${vs.port}`;
  const load = (r: RealServer) => connCounts(ns, key, `${r.ip}:${r.port}`, now);
  switch (vs.scheduler) {
    case 'rr':
    case 'wrr': {
      const expanded = vs.scheduler === 'wrr' ? live.flatMap((r) => Array<RealServer>(r.weight).fill(r)) : live;
      const st = statsOf(ns.ipvs, statsKey(vs));
      const turn = (st.rr ?? 0) % expanded.length;
      st.rr = (turn + 1) % expanded.length;
      return { real: expanded[turn]!, why: `round robin: turn ${turn + 1} of ${expanded.length}` };
    }
    case 'lc':
    case 'wlc':
    case 'sed':
    case 'nq': {
      const cost = (r: RealServer) => {
        const l = load(r);
        const overhead = l.active * 256 + l.inactive;
        if (vs.scheduler === 'lc') return overhead;
        if (vs.scheduler === 'wlc') return overhead / r.weight;
        return (l.active + 1) / r.weight;
      };
      if (vs.scheduler === 'nq') {
        const idle = live.find((r) => load(r).active === 0);
        if (idle) return { real: idle, why: 'never queue: a server with no active connections' };
      }
      let best = live[0]!;
      for (const r of live) if (cost(r) < cost(best)) best = r;
      return { real: best, why: `${vs.scheduler}: lowest cost ${cost(best)}` };
    }
    case 'sh':
      return { real: live[hashIp(client) % live.length]!, why: `source hashing of ${client}` };
    case 'dh':
      return { real: live[hashIp(vs.vip) % live.length]!, why: `destination hashing of ${vs.vip}` };
  }
}

/** Schedules a packet that reached LOCAL_IN; undefined when no virtual service is for it. */
export function ipvsSchedule(ns: NetNS, packet: Packet, orig: FlowTuple, now: number): IpvsOutcome | undefined {
  const t = tupleOf(packet);
  if (!t || t.proto === 'icmp') return undefined;
  const P = t.proto === 'tcp' ? 'TCP' : 'UDP';
  const vs = findVirtual(ns.ipvs, P, t.dst, t.dport);
  if (!vs) return undefined;
  const key = `${vs.vip}:${vs.port}`;
  let chosen: { real: RealServer; why: string } | undefined;
  const pkey = `${P} ${key} ${t.src}`;
  if (vs.persistent) {
    const tpl = ns.ipvs.persist.get(pkey);
    const r = tpl && tpl.expires > now ? vs.reals.find((x) => `${x.ip}:${x.port}` === tpl.real && x.weight > 0) : undefined;
    if (r) chosen = { real: r, why: `persistent: ${t.src} stays with ${tpl!.real} (timeout ${vs.persistent}s)` };
  }
  chosen ??= pick(vs, ns, t.src, now);
  if (!chosen) return undefined;
  const r = chosen.real;
  const realKey = `${r.ip}:${r.port}`;
  if (vs.persistent) ns.ipvs.persist.set(pkey, { real: realKey, expires: now + vs.persistent * 1000 });
  ns.ipvs.conns = ns.ipvs.conns.filter((c) => c.expires > now);
  ns.ipvs.conns.push({ proto: P, client: `${orig.src}:${orig.sport}`, virtual: key, real: realKey, state: P === 'TCP' ? 'TIME_WAIT' : 'UDP', expires: now + (P === 'TCP' ? 120_000 : 300_000) });
  for (const st of [statsOf(ns.ipvs, statsKey(vs)), statsOf(ns.ipvs, statsKey(vs, r))]) {
    st.conns++;
    st.inPkts++;
    st.inBytes += packet.length;
  }
  const l4 = packet.l4!;
  const out: Packet = { ...packet, ip: { ...packet.ip, dst: r.ip }, l4: l4.kind === 'icmp' ? l4 : { ...l4, dport: r.port } };
  const origins = { ...(vs.origin ? { virtual: vs.origin } : {}), ...(r.origin ? { real: r.origin } : {}) };
  return { packet: out, virtualService: `${P} ${key}`, realServer: realKey, scheduler: vs.scheduler, reason: chosen.why, ...(vs.origin || r.origin ? { origins } : {}) };
}
