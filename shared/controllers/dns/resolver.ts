/**
 * The stub resolver a host runs (glibc / musl behaviour): read resolv.conf, expand the
 * search list when the name has fewer dots than `ndots`, and ask the nameserver — from a
 * pod that is a real UDP 53 exchange to the kube-dns ClusterIP, through kube-proxy to a
 * CoreDNS pod, walked and recorded like any other packet. A NetworkPolicy that blocks
 * DNS therefore breaks name lookups, as it does on a real cluster.
 */
import type { Engine } from '../../sim/engine';
import type { ShellTarget } from '../../model/target';
import type { WalkRecord } from '../../api/walk';
import { exchange } from '../../sim/walk/exchange';
import type { DnsRecord } from './records';
import { RECORD_TTL } from './records';

/** resolv.conf as the resolver reads it. */
export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
}

/** Parses resolv.conf text (later `search` lines win; ndots defaults to 1). */
export function parseResolvConf(text: string): ResolvConf {
  const rc: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const raw of text.split('\n')) {
    const [key, ...rest] = raw.replace(/[#;].*/, '').trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) rc.nameservers.push(rest[0]);
    else if (key === 'search' || key === 'domain') rc.search = rest.filter((d) => d && d !== '.');
    else if (key === 'options') {
      for (const o of rest) {
        const m = /^ndots:(\d+)$/.exec(o);
        if (m) rc.ndots = Math.min(15, Number(m[1]));
      }
    }
  }
  return rc;
}

/** The outcome of a lookup, with every query's walk. */
export interface ResolveResult {
  /** The name that answered (after search-list expansion), fully qualified without the dot. */
  name: string;
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'TIMEOUT';
  records: DnsRecord[];
  server?: string;
  walks: WalkRecord[];
  /** Virtual milliseconds the lookups took (timeouts count 5 s each, the resolver's default). */
  elapsedMs: number;
}

/** Names to try, in the resolver's order. */
export function candidates(name: string, rc: ResolvConf, useSearch = true): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  const searched = useSearch ? rc.search.map((d) => `${name}.${d}`) : [];
  return dots >= rc.ndots ? [name, ...searched] : [...searched, name];
}

/** Sends one query to a nameserver from `from`; undefined when nothing came back. */
export function query(engine: Engine, from: ShellTarget, server: string, name: string, qtype: 'A' | 'SRV' | 'PTR' | 'AAAA'): { reply?: { rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL'; records: DnsRecord[] }; walks: WalkRecord[]; elapsedMs: number } {
  // systemd-resolved's stub on a node forwards to the underlay's DNS, which knows no cluster names.
  if (server === '127.0.0.53' && from.kind !== 'pod') return { reply: { rcode: 'NXDOMAIN', records: [] }, walks: [], elapsedMs: 1 };
  const r = exchange(engine, { from, dst: server, proto: 'udp', dport: 53, payload: { kind: 'dns-query', name, qtype }, title: `DNS ${qtype} ${name}` });
  if (!r.ok || r.reply?.kind !== 'dns-answer') return { walks: r.walks, elapsedMs: r.elapsedMs + (r.ok ? 0 : 5000) };
  const records: DnsRecord[] = r.reply.answers.map((a) => {
    const [type, ...data] = a.split(' ');
    return { name: `${name}.`, type: type as DnsRecord['type'], ttl: RECORD_TTL, data: data.join(' ') };
  });
  return { reply: { rcode: r.reply.rcode, records }, walks: r.walks, elapsedMs: r.elapsedMs };
}

/** Resolves `name` from `from` with this resolv.conf, walking every query. */
export function resolveWith(engine: Engine, from: ShellTarget, name: string, rc: ResolvConf, qtype: 'A' | 'SRV' | 'PTR' | 'AAAA' = 'A', useSearch = true): ResolveResult {
  const walks: WalkRecord[] = [];
  let elapsedMs = 0;
  const server = rc.nameservers[0];
  let last: ResolveResult | undefined;
  if (!server) return { name, rcode: 'TIMEOUT', records: [], walks, elapsedMs };
  for (const cand of candidates(name, rc, useSearch)) {
    const q = query(engine, from, server, cand, qtype);
    walks.push(...q.walks);
    elapsedMs += q.elapsedMs;
    if (!q.reply) return { name: cand, rcode: 'TIMEOUT', records: [], server, walks, elapsedMs };
    last = { name: cand, rcode: q.reply.rcode, records: q.reply.records, server, walks, elapsedMs };
    if (q.reply.rcode === 'NOERROR' && q.reply.records.length) return last;
  }
  return { ...(last ?? { name, rcode: 'NXDOMAIN', records: [], server }), name: last?.rcode === 'NOERROR' ? last.name : name, walks, elapsedMs };
}
