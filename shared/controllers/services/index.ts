/**
 * The services controllers in one: the apiserver's Service registry (ClusterIP / NodePort
 * allocation as an admission step), the `kubernetes` Service the apiserver keeps, the
 * endpoints + endpointslice controllers, a load-balancer controller that hands out
 * external IPs from a pool on the underlay (a lab can switch it off: `<pending>`), and the
 * default sandbox's NodePort Service `web`.
 */
import type { Controller } from '../controller';
import type { Engine } from '../../sim/engine';
import type { EndpointSlice, Endpoints, Pod, Service } from '../../model/objects';
import { ServiceAllocator } from './alloc';
import { addAddress, delAddress } from '../../kernel/addrs';
import { EndpointsController } from './endpoints';

/** What labs and other controllers can reach at runtime. */
export interface ServicesRuntime {
  allocator: ServiceAllocator;
  endpoints: EndpointsController;
  /** Is the load-balancer controller handing out IPs? */
  lbEnabled: boolean;
  /** First and last address of the LoadBalancer pool. */
  lbPool: string[];
  /** LB IP → the node whose eth0 answers ARP for it (like a MetalLB L2 speaker / kube-vip). */
  announced: Map<string, string>;
}

const runtimes = new WeakMap<Engine, ServicesRuntime>();

export function servicesOf(engine: Engine): ServicesRuntime | undefined {
  return runtimes.get(engine);
}

/** Turns the simulated cloud load-balancer on or off; turning it on assigns pending Services at once. */
export function setLoadBalancerController(engine: Engine, enabled: boolean): void {
  const rt = runtimes.get(engine);
  if (!rt) return;
  rt.lbEnabled = enabled;
  if (enabled) engine.batch(() => engine.store.list<Service>('Service').forEach((s) => assignLb(engine, rt, s)));
}

function lbPool(engine: Engine): string[] {
  const seg = engine.spec.segments[0]!;
  const prefix = seg.cidr.split('.').slice(0, 3).join('.');
  const out: string[] = [];
  for (let i = 240; i <= 250; i++) out.push(`${prefix}.${i}`);
  return out;
}

function assignLb(engine: Engine, rt: ServicesRuntime, s: Service): void {
  if (s.spec.type !== 'LoadBalancer' || !rt.lbEnabled) return;
  if (s.status?.loadBalancer?.ingress?.length) return;
  const used = new Set(
    engine.store
      .list<Service>('Service')
      .flatMap((x) => x.status?.loadBalancer?.ingress ?? [])
      .map((i) => i.ip),
  );
  const ip = s.spec.loadBalancerIP && !used.has(s.spec.loadBalancerIP) ? s.spec.loadBalancerIP : rt.lbPool.find((a) => !used.has(a));
  if (!ip) return;
  engine.store.update<Service>({ ...s, status: { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' } as { ip: string }] } } });
}

/**
 * Announces every assigned LoadBalancer IP on the underlay: the first worker (control planes
 * are excluded from external load balancers, as MetalLB does) binds it to eth0 as a /32,
 * so the external host's ARP for it is answered. Stale announcements are withdrawn.
 */
function announce(engine: Engine, rt: ServicesRuntime): void {
  const want = new Set(
    engine.store
      .list<Service>('Service')
      .filter((s) => s.spec.type === 'LoadBalancer')
      .flatMap((s) => s.status?.loadBalancer?.ingress ?? [])
      .map((i) => i.ip)
      .filter((ip): ip is string => !!ip),
  );
  const speaker = engine.spec.nodes.find((n) => n.role === 'worker') ?? engine.spec.nodes[0]!;
  for (const [ip, nodeName] of [...rt.announced]) {
    if (want.has(ip)) continue;
    const ns = engine.netns.get(`node/${nodeName}`);
    if (ns) delAddress(ns, 'eth0', `${ip}/32`);
    rt.announced.delete(ip);
  }
  for (const ip of want) {
    if (rt.announced.has(ip)) continue;
    const ns = engine.netns.get(`node/${speaker.name}`);
    if (!ns) continue;
    addAddress(ns, 'eth0', `${ip}/32`);
    rt.announced.set(ip, speaker.name);
    engine.markTopologyChanged();
  }
}

/** The `kubernetes` Service with Endpoints/EndpointSlice at the control plane's :6443, as the apiserver writes them. */
function bootstrapKubernetes(engine: Engine, alloc: ServiceAllocator): void {
  const { store, spec } = engine;
  if (store.get('Service', 'default', 'kubernetes')) return;
  store.create<Service>({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: alloc.nth(1),
      clusterIPs: [alloc.nth(1)],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      sessionAffinity: 'None',
      type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  });
  const cp = spec.nodes.find((n) => n.role === 'control-plane') ?? spec.nodes[0]!;
  store.create<Endpoints>({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: cp.ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  store.create<EndpointSlice>({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [cp.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });
}

/** The default sandbox's `web` Service: NodePort, port 80 → the pods' `http` port. */
export function webService(): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: {
      type: 'NodePort',
      selector: { app: 'web' },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
      internalTrafficPolicy: 'Cluster',
      externalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      sessionAffinity: 'None',
    },
    status: { loadBalancer: {} },
  };
}

export function servicesController(): Controller {
  let engine!: Engine;
  let rt!: ServicesRuntime;
  const resync = () => {
    rt.allocator.reset(engine.store.list<Service>('Service'));
    rt.endpoints.reset();
    for (const s of engine.store.list<Service>('Service')) rt.endpoints.onService(s, false);
    for (const p of engine.store.list<Pod>('Pod')) rt.endpoints.onPod(p, false);
  };
  return {
    name: 'services',
    start(e) {
      engine = e;
      const allocator = new ServiceAllocator(e.spec.serviceCIDR, e.env.rng.fork('service-allocator'));
      rt = { allocator, endpoints: new EndpointsController(e), lbEnabled: true, lbPool: lbPool(e), announced: new Map() };
      runtimes.set(e, rt);
      allocator.reset(e.store.list<Service>('Service'));
      e.store.admitters.push((obj, old) => allocator.admit(obj, old));
      e.store.watch((ev) => {
        if (ev.object.kind === 'Pod') rt.endpoints.onPod(ev.object as Pod, ev.type === 'DELETED');
        else if (ev.object.kind === 'Service') {
          const s = ev.object as Service;
          if (ev.type === 'DELETED') allocator.release(s);
          rt.endpoints.onService(s, ev.type === 'DELETED');
          // Only LoadBalancer Services (or ones that stopped being one) concern the LB controller.
          const lb = s.spec.type === 'LoadBalancer' || (ev.old as Service | undefined)?.spec?.type === 'LoadBalancer';
          if (lb && ev.type !== 'DELETED') assignLb(e, rt, s);
          if (lb) announce(e, rt);
        }
      });
      bootstrapKubernetes(e, allocator);
      if (e.spec.workloads === 'default' && !e.store.get('Service', 'default', 'web')) e.store.create(webService());
      resync();
    },
    resync,
    snapshot: () => ({ lbEnabled: rt.lbEnabled }),
    restore(state) {
      rt.lbEnabled = (state as { lbEnabled?: boolean }).lbEnabled ?? true;
      resync();
    },
  };
}
