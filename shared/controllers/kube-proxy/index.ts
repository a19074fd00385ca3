/**
 * kube-proxy on every node, plus flanneld's NAT/forward rules. Watches Services,
 * EndpointSlices and Nodes; changes mark services dirty and are synced when the engine's
 * operation ends (like kube-proxy's rate-limited sync loop), per service, never by a full
 * rebuild. A full sync (start, mode switch, or a lab asking for it) rewrites all of
 * kube-proxy's state and wipes learner edits inside its chains. Also installs the
 * netfilter/conntrack/IPVS packet hooks the walker calls.
 */
import type { Controller } from '../controller';
import type { Engine } from '../../sim/engine';
import type { EndpointSlice, KubeNode, Service } from '../../model/objects';
import type { ProxyMode } from '../../model/spec';
import { createNetfilterHooks } from '../../kernel/netfilter/hooks';
import { servicePorts, type SvcPort } from './model';
import { IptablesSync, removeKubeProxyRules, type NodeTarget } from './sync';
import { programCalicoNat, programFlannel } from './flannel-rules';
import { IpvsSync } from './ipvs';
import { UserspaceProxy } from './userspace';
import { ipvsSchedule } from '../../kernel/ipvs/schedule';

/** What labs and the engine can ask kube-proxy to do. */
export interface ProxyRuntime {
  mode(): ProxyMode;
  /** Cleans up the current mode as `kube-proxy --cleanup` does and programs every node in the new one. */
  setMode(mode: ProxyMode): void;
  /** The periodic full resync: rewrites kube-proxy's chains everywhere (learner edits in them go); `cold` regenerates every rule. */
  fullSync(opts?: { cold?: boolean }): void;
  /** Ports kube-proxy knows, by service key. */
  ports(): Map<string, SvcPort[]>;
  /** Number of service syncs done (for tests and the benchmark). */
  stats: { fullSyncs: number; serviceSyncs: number };
}

const runtimes = new WeakMap<Engine, ProxyRuntime>();

export function proxyOf(engine: Engine): ProxyRuntime | undefined {
  return runtimes.get(engine);
}

/** Switches kube-proxy's mode on a running cluster. */
export function setProxyMode(engine: Engine, mode: ProxyMode): void {
  runtimes.get(engine)?.setMode(mode);
}

export function kubeProxyController(): Controller {
  let engine!: Engine;
  const slices = new Map<string, Map<string, EndpointSlice>>();
  const ports = new Map<string, SvcPort[]>();
  const dirty = new Set<string>();
  let iptables!: IptablesSync;
  let ipvs!: IpvsSync;
  let userspace!: UserspaceProxy;
  let largeCluster = false;
  const stats = { fullSyncs: 0, serviceSyncs: 0 };

  const nodes = (): NodeTarget[] =>
    engine.spec.nodes.map((n) => ({ name: n.name, ns: engine.netns.get(`node/${n.name}`)! })).filter((n) => n.ns);

  function recompute(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const svc = engine.store.get<Service>('Service', ns, name);
    const p = svc ? servicePorts(svc, [...(slices.get(key)?.values() ?? [])]) : [];
    if (p.length) ports.set(key, p);
    else ports.delete(key);
  }

  function endpointCount(): number {
    let n = 0;
    for (const ps of ports.values()) for (const p of ps) n += p.endpoints.length;
    return n;
  }

  /** Re-reads every EndpointSlice (start, and after a snapshot restore replaced the store). */
  function loadSlices(): void {
    slices.clear();
    for (const s of engine.store.list<EndpointSlice>('EndpointSlice')) {
      const svc = s.metadata.labels?.['kubernetes.io/service-name'];
      if (!svc) continue;
      const key = `${s.metadata.namespace ?? 'default'}/${svc}`;
      if (!slices.has(key)) slices.set(key, new Map());
      slices.get(key)!.set(s.metadata.name, s);
    }
  }

  function fullSync(): void {
    stats.fullSyncs++;
    dirty.clear();
    ports.clear();
    loadSlices();
    for (const s of engine.store.list<Service>('Service')) recompute(`${s.metadata.namespace ?? 'default'}/${s.metadata.name}`);
    largeCluster = endpointCount() > 1000;
    if (engine.spec.proxyMode === 'ipvs') ipvs.fullSync(ports);
    else if (engine.spec.proxyMode === 'userspace') userspace.sync(ports);
    else iptables.fullSync(ports);
    programCni();
  }

  function flush(): void {
    if (!dirty.size) return;
    const keys = [...dirty];
    dirty.clear();
    for (const k of keys) recompute(k);
    const large = endpointCount() > 1000;
    if (large !== largeCluster) return fullSync();
    stats.serviceSyncs += keys.length;
    if (engine.spec.proxyMode === 'ipvs') {
      for (const k of keys) ipvs.syncService(k, ports.get(k) ?? []);
      // kube-ipvs0's addresses changed: the topology shows them.
      engine.markTopologyChanged();
    }
    // The userspace proxy (a historic mode, small clusters) rewrites its few portal rules whole.
    else if (engine.spec.proxyMode === 'userspace') userspace.sync(ports);
    else iptables.syncServices(keys.map((k) => [k, ports.get(k) ?? []]));
  }

  function programCni(): void {
    if (engine.spec.cni.plugin === 'calico') for (const n of nodes()) programCalicoNat(n.ns, engine.spec.podCIDR);
    if (engine.spec.cni.plugin !== 'flannel') return;
    for (const n of nodes()) {
      const node = engine.store.get<KubeNode>('Node', undefined, n.name);
      if (node?.spec.podCIDR) programFlannel(n.ns, engine.spec.podCIDR, node.spec.podCIDR);
    }
  }

  function installHooks(): void {
    const rng = engine.env.rng.fork('netfilter-statistic');
    engine.hooks = createNetfilterHooks({
      now: () => engine.env.clock.now(),
      random: () => rng.next(),
      ipvs: (ns, packet, flow) => (engine.spec.proxyMode === 'ipvs' ? ipvsSchedule(ns, packet, flow.orig, engine.env.clock.now()) : undefined),
    });
  }

  const rt: ProxyRuntime = {
    mode: () => engine.spec.proxyMode,
    setMode(mode) {
      engine.batch(() => {
        if (engine.spec.proxyMode === 'ipvs') ipvs.cleanup();
        if (engine.spec.proxyMode === 'userspace') userspace.cleanup();
        iptables.cleanup();
        for (const n of nodes()) removeKubeProxyRules(n.ns);
        engine.spec.proxyMode = mode;
        fullSync();
        engine.markTopologyChanged();
      });
    },
    fullSync: (opts) =>
      engine.batch(() => {
        if (opts?.cold) {
          iptables.forgetGenerated();
          ipvs.forgetGenerated();
        }
        fullSync();
      }),
    ports: () => ports,
    stats,
  };

  return {
    name: 'kube-proxy',
    start(e) {
      engine = e;
      runtimes.set(e, rt);
      e.proxy = rt;
      const opts = () => ({ clusterCIDR: e.spec.podCIDR, largeCluster });
      iptables = new IptablesSync(opts, nodes);
      ipvs = new IpvsSync(e, opts, nodes);
      userspace = new UserspaceProxy(e, nodes);
      installHooks();
      e.store.watch((ev) => {
        const o = ev.object;
        const ns = o.metadata.namespace ?? 'default';
        if (o.kind === 'Service') dirty.add(`${ns}/${o.metadata.name}`);
        else if (o.kind === 'EndpointSlice') {
          const svc = o.metadata.labels?.['kubernetes.io/service-name'] ?? (ev.old?.metadata.labels?.['kubernetes.io/service-name'] as string | undefined);
          if (!svc) return;
          const key = `${ns}/${svc}`;
          if (!slices.has(key)) slices.set(key, new Map());
          const have = slices.get(key)!.get(o.metadata.name);
          // Nested watch events can arrive newest first: never go back to an older version.
          if (ev.type === 'DELETED') slices.get(key)!.delete(o.metadata.name);
          else if (!have || Number(have.metadata.resourceVersion) <= Number(o.metadata.resourceVersion)) slices.get(key)!.set(o.metadata.name, o as EndpointSlice);
          dirty.add(key);
        } else if (o.kind === 'Node' && ev.type !== 'MODIFIED') fullSync();
      });
      e.on((ev) => {
        if (ev.type === 'objects-changed') flush();
      });
      fullSync();
    },
    resync: fullSync,
  };
}
