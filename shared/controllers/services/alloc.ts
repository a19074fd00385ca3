/**
 * The apiserver's Service registry: allocates ClusterIPs from the service CIDR and
 * NodePorts from 30000-32767 when a Service is created, honours and validates fixed
 * values with the apiserver's error texts, and frees them on delete. Allocation is
 * deterministic (seeded), and like the real allocators (KEP-3070, KEP-3668) dynamic
 * values come from above the static band so hand-picked low values rarely collide.
 */
import type { Rng } from '../../model/env';
import type { KubeObject, Service } from '../../model/objects';
import { StoreError } from '../../model/store';
import { ipv4ToString, normalizeCidr, parseIpv4 } from '../../kernel/netfilter/parse';

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;
/** 10.96.0.10 is kube-dns's by kubeadm convention: never handed out dynamically. */
export const KUBE_DNS_OFFSET = 10;

export class ServiceAllocator {
  private readonly ips = new Set<string>();
  private readonly ports = new Set<number>();
  readonly base: number;
  readonly size: number;

  constructor(
    readonly cidr: string,
    private readonly rng: Rng,
  ) {
    const n = normalizeCidr(cidr)!;
    const [net, len] = n.split('/');
    this.base = parseIpv4(net!)!;
    this.size = 2 ** (32 - Number(len));
  }

  /** The first usable address (10.96.0.1, the `kubernetes` Service's). */
  nth(offset: number): string {
    return ipv4ToString(this.base + offset);
  }

  reset(services: Service[]): void {
    this.ips.clear();
    this.ports.clear();
    for (const s of services) this.remember(s);
  }

  remember(s: Service): void {
    for (const ip of s.spec.clusterIPs ?? (s.spec.clusterIP ? [s.spec.clusterIP] : [])) if (ip !== 'None') this.ips.add(ip);
    for (const p of s.spec.ports ?? []) if (p.nodePort) this.ports.add(p.nodePort);
    if (s.spec.healthCheckNodePort) this.ports.add(s.spec.healthCheckNodePort);
  }

  release(s: Service): void {
    for (const ip of s.spec.clusterIPs ?? (s.spec.clusterIP ? [s.spec.clusterIP] : [])) this.ips.delete(ip);
    for (const p of s.spec.ports ?? []) if (p.nodePort) this.ports.delete(p.nodePort);
    if (s.spec.healthCheckNodePort) this.ports.delete(s.spec.healthCheckNodePort);
  }

  private inRange(ip: string): boolean {
    const v = parseIpv4(ip);
    return v !== undefined && v > this.base && v < this.base + this.size - 1;
  }

  private allocIp(): string {
    const band = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
    for (let tries = 0; tries < 1_000_000; tries++) {
      const off = band + this.rng.int(this.size - band - 1);
      const ip = this.nth(off);
      if (off !== KUBE_DNS_OFFSET && !this.ips.has(ip)) return ip;
    }
    throw new StoreError('Invalid', 'Internal error occurred: failed to allocate a serviceIP: range is full');
  }

  private allocPort(): number {
    const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    const band = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    for (let tries = 0; tries < 100_000; tries++) {
      const p = NODE_PORT_MIN + band + this.rng.int(size - band);
      if (!this.ports.has(p)) return p;
    }
    for (let p = NODE_PORT_MIN; p <= NODE_PORT_MAX; p++) if (!this.ports.has(p)) return p;
    throw new StoreError('Invalid', 'Internal error occurred: failed to allocate a nodePort: range is full');
  }

  /** The admission step for Services: fills in clusterIP(s) and nodePorts, or throws the apiserver's error. */
  admit(obj: KubeObject, old: KubeObject | undefined): void {
    if (obj.kind !== 'Service') return;
    const s = obj as Service;
    const prev = old as Service | undefined;
    const spec = s.spec ?? (s.spec = {});
    const type = spec.type ?? 'ClusterIP';
    const invalid = (msg: string) => new StoreError('Invalid', `The Service "${s.metadata.name}" is invalid: ${msg}`);
    if (type === 'ExternalName') return;
    const prevIps = new Set(prev?.spec.clusterIPs ?? (prev?.spec.clusterIP ? [prev.spec.clusterIP] : []));
    // Validate everything first so a refused change allocates nothing.
    const want = spec.clusterIP;
    if (want && want !== 'None' && !prevIps.has(want)) {
      if (!this.inRange(want)) {
        throw invalid(`spec.clusterIPs: Invalid value: []string{"${want}"}: failed to allocate IP ${want}: the provided IP (${want}) is not in the valid range. The range of valid IPs is ${this.cidr}`);
      }
      if (this.ips.has(want)) throw invalid(`spec.clusterIPs: Invalid value: []string{"${want}"}: failed to allocate IP ${want}: provided IP is already allocated`);
    }
    const prevPorts = new Set((prev?.spec.ports ?? []).map((p) => p.nodePort).filter((p): p is number => !!p));
    const ports = spec.ports ?? [];
    const seen = new Set<number>();
    ports.forEach((p, i) => {
      if (!p.nodePort || prevPorts.has(p.nodePort)) return;
      if (p.nodePort < NODE_PORT_MIN || p.nodePort > NODE_PORT_MAX) {
        throw invalid(`spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`);
      }
      if (this.ports.has(p.nodePort) || seen.has(p.nodePort)) throw invalid(`spec.ports[${i}].nodePort: Invalid value: ${p.nodePort}: provided port is already allocated`);
      seen.add(p.nodePort);
    });
    if (prev) this.release(prev);
    if (want === 'None') spec.clusterIPs = ['None'];
    else {
      const ip = want || prev?.spec.clusterIP || this.allocIp();
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    const needsNodePorts = type === 'NodePort' || (type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
    if (needsNodePorts) {
      for (const p of ports) if (p.nodePort) this.ports.add(p.nodePort);
      for (const p of ports) if (!p.nodePort) this.ports.add((p.nodePort = this.allocPort()));
    } else for (const p of ports) if (type === 'ClusterIP') delete p.nodePort;
    if (type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort) {
      spec.healthCheckNodePort = this.allocPort();
    }
    this.remember(s);
  }
}
