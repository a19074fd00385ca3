/**
 * kube-proxy's view of a Service port (pkg/proxy ServicePort + its endpoints): derived from
 * the Service and its EndpointSlices, the same input every proxy mode programs from.
 */
import type { EndpointSlice, Service } from '../../model/objects';

export interface Endpoint {
  ip: string;
  port: number;
  node?: string;
  /** `ip:port`, as kube-proxy's endpoint String(). */
  str: string;
  /** The EndpointSlice that lists it (provenance of its KUBE-SEP rules and real server). */
  slice?: string;
}

export interface SvcPort {
  /** `ns/name`. */
  key: string;
  /** servicePortName: `ns/name:port`, or `ns/name` for an unnamed port. */
  spn: string;
  proto: 'tcp' | 'udp';
  clusterIP?: string;
  port: number;
  nodePort?: number;
  externalIPs: string[];
  lbIPs: string[];
  extLocal: boolean;
  intLocal: boolean;
  /** ClientIP affinity timeout in seconds. */
  affinity?: number;
  healthCheckNodePort?: number;
  endpoints: Endpoint[];
}

export function externallyAccessible(p: SvcPort): boolean {
  return !!p.nodePort || p.externalIPs.length > 0 || p.lbIPs.length > 0;
}

/** The Service's ports as kube-proxy sees them, with ready endpoints sorted by `ip:port`. */
export function servicePorts(svc: Service, slices: EndpointSlice[]): SvcPort[] {
  const s = svc.spec;
  const ns = svc.metadata.namespace ?? 'default';
  const key = `${ns}/${svc.metadata.name}`;
  const out: SvcPort[] = [];
  if (s.type === 'ExternalName') return out;
  const headless = !s.clusterIP || s.clusterIP === 'None';
  for (const p of s.ports ?? []) {
    const proto = (p.protocol ?? 'TCP').toLowerCase();
    if (proto !== 'tcp' && proto !== 'udp') continue;
    const eps = new Map<string, Endpoint>();
    for (const sl of slices) {
      if (sl.addressType !== 'IPv4') continue;
      const sp = (sl.ports ?? []).find((x) => (x.name ?? '') === (p.name ?? '') && (x.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (!sp?.port) continue;
      for (const e of sl.endpoints) {
        if (e.conditions?.ready === false) continue;
        for (const ip of e.addresses) {
          const str = `${ip}:${sp.port}`;
          eps.set(str, { ip, port: sp.port, str, ...(e.nodeName ? { node: e.nodeName } : {}), slice: sl.metadata.name });
        }
      }
    }
    const endpoints = [...eps.values()].sort((a, b) => (a.str < b.str ? -1 : a.str > b.str ? 1 : 0));
    const lbIPs = s.type === 'LoadBalancer' ? (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((x): x is string => !!x) : [];
    const nodePort = (s.type === 'NodePort' || s.type === 'LoadBalancer') && p.nodePort ? p.nodePort : undefined;
    if (headless) continue;
    out.push({
      key,
      spn: p.name ? `${key}:${p.name}` : key,
      proto: proto as 'tcp' | 'udp',
      clusterIP: s.clusterIP!,
      port: p.port,
      ...(nodePort ? { nodePort } : {}),
      externalIPs: s.externalIPs ?? [],
      lbIPs,
      extLocal: s.externalTrafficPolicy === 'Local' && (s.type === 'NodePort' || s.type === 'LoadBalancer' || (s.externalIPs?.length ?? 0) > 0),
      intLocal: s.internalTrafficPolicy === 'Local',
      ...(s.sessionAffinity === 'ClientIP' ? { affinity: s.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 } : {}),
      ...(s.healthCheckNodePort ? { healthCheckNodePort: s.healthCheckNodePort } : {}),
      endpoints,
    });
  }
  return out;
}
