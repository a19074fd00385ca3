/**
 * CoreDNS's kubernetes plugin, as a pure lookup over the object store: A records for
 * Services (`web.default.svc.cluster.local` → ClusterIP; headless → one A per ready
 * endpoint), SRV for named ports (`_http._tcp.web.default.svc.cluster.local`), pod
 * records (`10-244-1-5.default.pod.cluster.local`, `pods insecure`), PTR for service and
 * endpoint IPs. Names outside the cluster domain go to `forward`, the node's resolver,
 * which in the lab's offline underlay answers NXDOMAIN.
 */
import type { Engine } from '../../sim/engine';
import type { EndpointSlice, Service } from '../../model/objects';

type Any = Record<string, any>;

/** One answer: the record's type and its data as dig prints it. */
export interface DnsRecord {
  name: string;
  type: 'A' | 'SRV' | 'PTR';
  ttl: number;
  data: string;
}

/** The reply CoreDNS gives. */
export interface DnsReply {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';
  records: DnsRecord[];
}

/** The kubernetes plugin's `ttl 30` (kubeadm's Corefile). */
export const RECORD_TTL = 30;

function readyAddresses(engine: Engine, svc: Service): { ip: string; hostname?: string }[] {
  const out: { ip: string; hostname?: string }[] = [];
  for (const s of engine.store.list<EndpointSlice>('EndpointSlice', svc.metadata.namespace)) {
    if (s.metadata.labels?.['kubernetes.io/service-name'] !== svc.metadata.name) continue;
    for (const e of s.endpoints ?? []) {
      if (e.conditions?.ready === false) continue;
      for (const ip of e.addresses) if (!out.some((o) => o.ip === ip)) out.push({ ip, hostname: (e as Any).hostname });
    }
  }
  return out.sort((a, b) => a.ip.localeCompare(b.ip, undefined, { numeric: true }));
}

const dashed = (ip: string): string => ip.replace(/\./g, '-');

/** Answers one question the way CoreDNS (kubernetes + forward plugins) would. */
export function lookup(engine: Engine, rawName: string, qtype: 'A' | 'SRV' | 'PTR' | 'AAAA'): DnsReply {
  const name = rawName.toLowerCase().replace(/\.$/, '');
  const fq = `${name}.`;
  const domain = engine.spec.clusterDomain;
  const ok = (records: DnsRecord[]): DnsReply => ({ rcode: 'NOERROR', records });
  const nx: DnsReply = { rcode: 'NXDOMAIN', records: [] };
  if (name.endsWith('.in-addr.arpa')) {
    const ip = name.slice(0, -'.in-addr.arpa'.length).split('.').reverse().join('.');
    for (const s of engine.store.list<Service>('Service')) {
      if (s.spec.clusterIP === ip) return ok(qtype === 'PTR' ? [{ name: fq, type: 'PTR', ttl: RECORD_TTL, data: `${s.metadata.name}.${s.metadata.namespace}.svc.${domain}.` }] : []);
    }
    for (const s of engine.store.list<Service>('Service')) {
      if (readyAddresses(engine, s).some((a) => a.ip === ip)) {
        return ok(qtype === 'PTR' ? [{ name: fq, type: 'PTR', ttl: RECORD_TTL, data: `${dashed(ip)}.${s.metadata.name}.${s.metadata.namespace}.svc.${domain}.` }] : []);
      }
    }
    return nx;
  }
  // `forward . /etc/resolv.conf`: the node's resolver, which knows nothing beyond the cluster.
  if (name !== domain && !name.endsWith(`.${domain}`)) return nx;
  const labels = name.slice(0, -(domain.length + 1)).split('.');
  if (labels.length === 3 && labels[2] === 'pod') {
    const ip = labels[0]!.replace(/-/g, '.');
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !engine.store.get('Namespace', undefined, labels[1]!)) return nx;
    return ok(qtype === 'A' ? [{ name: fq, type: 'A', ttl: RECORD_TTL, data: ip }] : []);
  }
  const svcIdx = labels.lastIndexOf('svc');
  if (svcIdx < 2 || svcIdx !== labels.length - 1) return nx;
  const [ns, svcName] = [labels[svcIdx - 1]!, labels[svcIdx - 2]!];
  const svc = engine.store.get<Service>('Service', ns, svcName);
  if (!svc) return nx;
  const prefix = labels.slice(0, svcIdx - 2);
  const headless = svc.spec.clusterIP === 'None';
  const eps = headless ? readyAddresses(engine, svc) : [];
  if (prefix.length === 0) {
    if (qtype === 'SRV') {
      return ok(
        (svc.spec.ports ?? [])
          .filter((p) => p.name)
          .map((p) => ({ name: fq, type: 'SRV' as const, ttl: RECORD_TTL, data: `0 100 ${p.port} ${fq}` })),
      );
    }
    if (qtype !== 'A') return ok([]);
    if (svc.spec.type === 'ExternalName') return ok([]);
    if (headless) return ok(eps.map((a) => ({ name: fq, type: 'A', ttl: RECORD_TTL, data: a.ip })));
    return ok(svc.spec.clusterIP ? [{ name: fq, type: 'A', ttl: RECORD_TTL, data: svc.spec.clusterIP }] : []);
  }
  if (prefix.length === 2 && prefix[0]!.startsWith('_') && prefix[1]!.startsWith('_')) {
    const portName = prefix[0]!.slice(1);
    const proto = prefix[1]!.slice(1).toUpperCase();
    const port = (svc.spec.ports ?? []).find((p) => p.name === portName && (p.protocol ?? 'TCP') === proto);
    if (!port) return nx;
    if (qtype !== 'SRV') return ok([]);
    const svcFq = `${svcName}.${ns}.svc.${domain}.`;
    if (!headless) return ok([{ name: fq, type: 'SRV', ttl: RECORD_TTL, data: `0 100 ${port.port} ${svcFq}` }]);
    const w = eps.length ? Math.floor(100 / eps.length) : 100;
    return ok(eps.map((a) => ({ name: fq, type: 'SRV', ttl: RECORD_TTL, data: `0 ${w} ${port.port} ${a.hostname ?? dashed(a.ip)}.${svcFq}` })));
  }
  if (prefix.length === 1 && headless) {
    const hit = eps.find((a) => (a.hostname ?? dashed(a.ip)) === prefix[0]);
    if (!hit) return nx;
    return ok(qtype === 'A' ? [{ name: fq, type: 'A', ttl: RECORD_TTL, data: hit.ip }] : []);
  }
  return nx;
}
