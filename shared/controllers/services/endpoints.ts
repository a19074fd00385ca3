/**
 * The endpoints and endpointslice controllers: for every Service with a selector, one
 * Endpoints object (named like the Service) and one EndpointSlice (`<svc>-<5 chars>`,
 * labelled kubernetes.io/service-name) listing the pods that match, ready ones as ready,
 * with named targetPorts resolved per pod. Services without a selector are left alone, so
 * hand-written Endpoints / EndpointSlices (pointing anywhere) are what kube-proxy uses.
 * Pods are indexed by label so a change touches only the services it can affect.
 */
import type { Engine } from '../../sim/engine';
import type { EndpointSlice, Endpoints, Pod, Service, ServicePort } from '../../model/objects';
import { mapSelectorMatches } from '../../model/objects';

interface PodInfo {
  ns: string;
  name: string;
  uid?: string;
  labels: Record<string, string>;
  ip?: string;
  ready: boolean;
  node?: string;
  ports: { name?: string; containerPort: number; protocol?: string }[];
  terminating: boolean;
  /** resourceVersion: nested watch events can arrive newest first; older ones are ignored. */
  rv: number;
}

export class EndpointsController {
  private readonly pods = new Map<string, PodInfo>();
  /** `ns/key=value` → pod keys. */
  private readonly byLabel = new Map<string, Set<string>>();
  /** Services with a selector: key → selector. */
  private readonly selectors = new Map<string, Record<string, string>>();
  /** `ns/key=value` of a selector's first label → service keys. */
  private readonly svcByLabel = new Map<string, Set<string>>();
  /** Slice name per service, stable for its lifetime. */
  private readonly sliceNames = new Map<string, string>();
  /** Endpoints objects this controller wrote (hand-written ones are never touched). */
  private readonly ownedEndpoints = new Set<string>();
  /** Services whose pods changed in the current operation: synced once when it ends. */
  private readonly dirty = new Set<string>();
  private readonly flush = (): void => {
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const k of keys) this.syncKey(k);
  };

  constructor(private readonly engine: Engine) {}

  /** Forgets every cached pod and selector (a snapshot restore replaced the store). */
  reset(): void {
    this.pods.clear();
    this.byLabel.clear();
    this.selectors.clear();
    this.svcByLabel.clear();
    this.dirty.clear();
  }

  private podInfo(p: Pod): PodInfo {
    const ready = p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
    return {
      ns: p.metadata.namespace ?? 'default',
      name: p.metadata.name,
      ...(p.metadata.uid ? { uid: p.metadata.uid } : {}),
      labels: p.metadata.labels ?? {},
      ...(p.status?.podIP ? { ip: p.status.podIP } : {}),
      ready: ready && !!p.status?.podIP,
      ...(p.spec.nodeName ? { node: p.spec.nodeName } : {}),
      ports: p.spec.containers.flatMap((c) => c.ports ?? []),
      terminating: !!p.metadata.deletionTimestamp,
      rv: Number(p.metadata.resourceVersion ?? 0),
    };
  }

  private index(map: Map<string, Set<string>>, k: string, v: string, add: boolean): void {
    let s = map.get(k);
    if (add) {
      if (!s) map.set(k, (s = new Set()));
      s.add(v);
    } else if (s) {
      s.delete(v);
      if (!s.size) map.delete(k);
    }
  }

  /** A pod appeared, changed or went: resync the services whose selectors could match it (old or new labels). */
  onPod(p: Pod, deleted: boolean): void {
    const key = `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
    const old = this.pods.get(key);
    if (old && !deleted && Number(p.metadata.resourceVersion ?? 0) < old.rv) return;
    const affected = new Set<string>();
    const collect = (info: PodInfo) => {
      for (const [k, v] of Object.entries(info.labels)) for (const s of this.svcByLabel.get(`${info.ns}/${k}=${v}`) ?? []) affected.add(s);
    };
    if (old) {
      collect(old);
      for (const [k, v] of Object.entries(old.labels)) this.index(this.byLabel, `${old.ns}/${k}=${v}`, key, false);
      this.pods.delete(key);
    }
    if (!deleted) {
      const info = this.podInfo(p);
      if (old && JSON.stringify(old) === JSON.stringify(info)) {
        this.pods.set(key, old);
        for (const [k, v] of Object.entries(old.labels)) this.index(this.byLabel, `${old.ns}/${k}=${v}`, key, true);
        return;
      }
      this.pods.set(key, info);
      for (const [k, v] of Object.entries(info.labels)) this.index(this.byLabel, `${info.ns}/${k}=${v}`, key, true);
      collect(info);
    }
    // Coalesced per operation: scaling a Deployment to 3,000 changes 9,000 pod versions in
    // one, and rewriting the Endpoints after each would be quadratic (the real controller
    // batches through its work queue too). Creating a Service still syncs it at once.
    for (const s of affected) this.dirty.add(s);
    if (affected.size) this.engine.whenSettled(this.flush);
  }

  onService(s: Service, deleted: boolean): void {
    const key = `${s.metadata.namespace ?? 'default'}/${s.metadata.name}`;
    const prev = this.selectors.get(key);
    if (prev) {
      const [k, v] = Object.entries(prev)[0]!;
      this.index(this.svcByLabel, `${key.split('/')[0]}/${k}=${v}`, key, false);
      this.selectors.delete(key);
    }
    const sel = s.spec.selector;
    if (deleted || !sel || Object.keys(sel).length === 0 || s.spec.type === 'ExternalName') {
      // Without a selector the Endpoints are the user's: only clean up what we made.
      if (prev || deleted) this.remove(key);
      return;
    }
    this.selectors.set(key, sel);
    const [k, v] = Object.entries(sel)[0]!;
    this.index(this.svcByLabel, `${key.split('/')[0]}/${k}=${v}`, key, true);
    this.syncKey(key);
  }

  private remove(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const store = this.engine.store;
    const slice = this.sliceNames.get(key);
    if (slice && store.get('EndpointSlice', ns, slice)) store.delete('EndpointSlice', ns, slice);
    this.sliceNames.delete(key);
    if (this.ownedEndpoints.delete(key) && store.get<Endpoints>('Endpoints', ns, name)) store.delete('Endpoints', ns, name);
  }

  private matching(ns: string, sel: Record<string, string>): PodInfo[] {
    const [k, v] = Object.entries(sel)[0]!;
    const out: PodInfo[] = [];
    for (const pk of this.byLabel.get(`${ns}/${k}=${v}`) ?? []) {
      const p = this.pods.get(pk);
      if (p && p.ip && mapSelectorMatches(sel, p.labels)) out.push(p);
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Recomputes one service's Endpoints and EndpointSlice and writes them if they changed. */
  syncKey(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const svc = this.engine.store.get<Service>('Service', ns, name);
    const sel = this.selectors.get(key);
    if (!svc || !sel) return;
    const pods = this.matching(ns, sel);
    const ports = svc.spec.ports ?? [];
    const resolve = (sp: ServicePort, p: PodInfo): number | undefined => {
      const tp = sp.targetPort ?? sp.port;
      if (typeof tp === 'number') return tp;
      if (/^\d+$/.test(tp)) return Number(tp);
      return p.ports.find((c) => c.name === tp && (c.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'))?.containerPort;
    };
    // One subset per distinct resolved port set, as the endpoints controller groups them.
    const portKey = (p: PodInfo) => ports.map((sp) => resolve(sp, p) ?? '-').join(',');
    const groups = new Map<string, PodInfo[]>();
    for (const p of pods) {
      const k = portKey(p);
      if (ports.some((sp) => resolve(sp, p) === undefined)) continue;
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    const addr = (p: PodInfo) => ({ ip: p.ip!, ...(p.node ? { nodeName: p.node } : {}), targetRef: { kind: 'Pod', name: p.name, namespace: p.ns, ...(p.uid ? { uid: p.uid } : {}) } });
    const subsets = [...groups.values()].map((g) => {
      const ready = g.filter((p) => p.ready && !p.terminating);
      const notReady = g.filter((p) => !(p.ready && !p.terminating));
      return {
        ...(ready.length ? { addresses: byIp(ready).map(addr) } : {}),
        ...(notReady.length ? { notReadyAddresses: byIp(notReady).map(addr) } : {}),
        ports: ports.map((sp) => ({ ...(sp.name ? { name: sp.name } : {}), port: resolve(sp, g[0]!)!, protocol: sp.protocol ?? 'TCP' })),
      };
    });
    const labels = { ...(svc.metadata.labels ?? {}) };
    const ep: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace: ns, labels },
      ...(subsets.length ? { subsets } : {}),
    };
    this.ownedEndpoints.add(key);
    this.write(ep, (cur) => JSON.stringify(cur.subsets ?? []) === JSON.stringify(ep.subsets ?? []));
    let slice = this.sliceNames.get(key);
    if (!slice) {
      const existing = this.engine.store.list<EndpointSlice>('EndpointSlice', ns).find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name);
      slice = existing?.metadata.name ?? `${name}-${suffix(this.engine, key)}`;
      this.sliceNames.set(key, slice);
    }
    const first = pods.find((p) => ports.every((sp) => resolve(sp, p) !== undefined));
    const es: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: slice,
        namespace: ns,
        generateName: `${name}-`,
        labels: { ...labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: pods
        .filter((p) => ports.every((sp) => resolve(sp, p) !== undefined))
        .map((p) => ({
          addresses: [p.ip!],
          conditions: { ready: p.ready && !p.terminating, serving: p.ready, terminating: p.terminating },
          ...(p.node ? { nodeName: p.node } : {}),
          targetRef: { kind: 'Pod', name: p.name, namespace: p.ns, ...(p.uid ? { uid: p.uid } : {}) },
        })),
      ports: ports.map((sp) => ({ name: sp.name ?? '', port: first ? resolve(sp, first)! : typeof sp.targetPort === 'number' ? sp.targetPort : sp.port, protocol: sp.protocol ?? 'TCP' })),
    };
    this.write(es, (cur) => JSON.stringify([cur.endpoints, cur.ports]) === JSON.stringify([es.endpoints, es.ports]));
  }

  private write<T extends Endpoints | EndpointSlice>(obj: T, same: (cur: T) => boolean): void {
    const store = this.engine.store;
    const cur = store.get<T>(obj.kind, obj.metadata.namespace, obj.metadata.name);
    if (!cur) store.create(obj);
    // The new object replaces the old body whole: spreading `cur` would keep `subsets` /
    // `endpoints` alive after the last pod went (the new object then has no such key).
    else if (!same(cur)) store.update({ ...obj, metadata: { ...cur.metadata, labels: obj.metadata.labels } });
  }
}

/**
 * Addresses in the order the endpoints controller writes them (RepackSubsets sorts by the
 * IP string's bytes, then by UID), so `kubectl get ep` reads 10.244.1.2, 10.244.1.3, 10.244.2.2.
 */
function byIp(pods: PodInfo[]): PodInfo[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...pods].sort((a, b) => cmp(a.ip!, b.ip!) || cmp(a.uid ?? '', b.uid ?? ''));
}

/** The 5-character suffix generateName gives (bcdfghjklmnpqrstvwxz2456789). */
export function suffix(engine: Engine, key: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const rng = engine.env.rng.fork(`endpointslice:${key}`);
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[rng.int(alphabet.length)];
  return s;
}
