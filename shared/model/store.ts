/**
 * The object store: the API server's role. Objects are kept by kind/namespace/name with a
 * monotonically increasing resourceVersion; every change is a watch event that the
 * controllers and the UI react to. Objects handed out are deep copies, so a caller can
 * never change state behind the store's back.
 */
import type { EngineEnv } from './env';
import { objectKey, type KubeObject } from './objects';
import { deepClone } from './clone';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
  /** The object as it was before a MODIFIED or DELETED event. */
  old?: KubeObject;
}

export type Disposable = { dispose(): void };

/** Kinds that live outside namespaces. */
export const CLUSTER_SCOPED_KINDS = new Set(['Node', 'Namespace', 'IngressClass', 'ClusterRole', 'ClusterRoleBinding']);

export class StoreError extends Error {
  constructor(
    readonly code: 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Invalid',
    message: string,
  ) {
    super(message);
  }
}

export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<(e: WatchEvent) => void>();
  private rv = 1000;
  /**
   * Called around every change's fan-out to the watchers, so the engine can batch what
   * the controllers do in reaction into one operation (one topology-changed event).
   */
  around?: { begin(e: WatchEvent): void; end(): void };
  /**
   * The API server's registry/admission step: runs on create and update before the object
   * is stored; may fill in fields (a Service's clusterIP and nodePorts are allocated here,
   * as the real apiserver does) or throw StoreError('Invalid', ...) to refuse the change.
   */
  readonly admitters: Array<(obj: KubeObject, old: KubeObject | undefined) => void> = [];

  constructor(private readonly env: EngineEnv) {}

  get resourceVersion(): string {
    return String(this.rv);
  }

  private key(kind: string, namespace: string | undefined, name: string): string {
    return objectKey(kind, CLUSTER_SCOPED_KINDS.has(kind) ? undefined : namespace ?? 'default', name);
  }

  get<T extends KubeObject = KubeObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    const o = this.objects.get(this.key(kind, namespace, name));
    return o ? (deepClone(o) as T) : undefined;
  }

  /**
   * The stored object itself, not a copy: for a controller that reads a few fields or builds
   * the next version from it. Never modify it. The store never does either (every write
   * stores a new object), so a next version may share the parts it leaves unchanged.
   */
  peek<T extends KubeObject = KubeObject>(kind: string, namespace: string | undefined, name: string): Readonly<T> | undefined {
    return this.objects.get(this.key(kind, namespace, name)) as T | undefined;
  }

  /** Objects of a kind, in one namespace or (namespace undefined) all, sorted by namespace then name. */
  list<T extends KubeObject = KubeObject>(kind: string, namespace?: string): T[] {
    const out: KubeObject[] = [];
    for (const o of this.objects.values()) {
      if (o.kind !== kind) continue;
      if (namespace !== undefined && !CLUSTER_SCOPED_KINDS.has(kind) && o.metadata.namespace !== namespace) continue;
      out.push(o);
    }
    out.sort((a, b) =>
      (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name),
    );
    return out.map((o) => deepClone(o) as T);
  }

  /**
   * The stored objects of a kind themselves: unsorted, not copied. For a controller that
   * only reads them and re-reads all of them often (felix, on every pod change); the caller
   * must never modify what it gets.
   */
  peekAll(kind: string): readonly KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.objects.values()) if (o.kind === kind) out.push(o);
    return out;
  }

  /** Every stored object (deep copies), for snapshots and undo. */
  all(): KubeObject[] {
    return [...this.objects.values()].map((o) => deepClone(o));
  }

  create<T extends KubeObject>(obj: T): T {
    // The copy out is taken after the watchers ran, of the object as created.
    return deepClone(this.add(deepClone(obj))) as T;
  }

  /**
   * create() for a caller that hands `obj` over: the store keeps that very object (the
   * caller must not touch it again) and returns nothing. Controllers that write thousands
   * of fresh objects (pods of a scaled Deployment) save two deep copies per write.
   */
  createOwned(obj: KubeObject): void {
    this.add(obj);
  }

  private add(o: KubeObject): KubeObject {
    if (!CLUSTER_SCOPED_KINDS.has(o.kind)) o.metadata.namespace = o.metadata.namespace ?? 'default';
    const k = this.key(o.kind, o.metadata.namespace, o.metadata.name);
    if (this.objects.has(k)) {
      throw new StoreError('AlreadyExists', `${resourceName(o.kind)} "${o.metadata.name}" already exists`);
    }
    for (const a of this.admitters) a(o, undefined);
    o.metadata.uid = o.metadata.uid ?? uuid(this.env);
    o.metadata.creationTimestamp = o.metadata.creationTimestamp ?? isoSeconds(this.env.clock.now());
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, o);
    this.emit({ type: 'ADDED', object: deepClone(o) });
    return o;
  }

  /** Replaces an existing object; keeps uid and creationTimestamp. */
  update<T extends KubeObject>(obj: T): T {
    return deepClone(this.replace(deepClone(obj))) as T;
  }

  /**
   * update() for a caller that hands `obj` over (see createOwned): no copy in, none out.
   * `obj` may share nested objects with the stored version (see peek), but not its
   * `metadata`, which the store stamps.
   */
  updateOwned(obj: KubeObject): void {
    this.replace(obj);
  }

  private replace(o: KubeObject): KubeObject {
    if (!CLUSTER_SCOPED_KINDS.has(o.kind)) o.metadata.namespace = o.metadata.namespace ?? 'default';
    const k = this.key(o.kind, o.metadata.namespace, o.metadata.name);
    const old = this.objects.get(k);
    if (!old) throw new StoreError('NotFound', `${resourceName(o.kind)} "${o.metadata.name}" not found`);
    for (const a of this.admitters) a(o, old);
    o.metadata.uid = old.metadata.uid;
    o.metadata.creationTimestamp = old.metadata.creationTimestamp;
    o.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, o);
    // `old` left the map just now: nobody else holds it, so it needs no copy.
    this.emit({ type: 'MODIFIED', object: deepClone(o), old });
    return o;
  }

  delete(kind: string, namespace: string | undefined, name: string): KubeObject {
    const k = this.key(kind, namespace, name);
    const old = this.objects.get(k);
    if (!old) throw new StoreError('NotFound', `${resourceName(kind)} "${name}" not found`);
    this.objects.delete(k);
    this.rv++;
    this.emit({ type: 'DELETED', object: deepClone(old), old });
    return deepClone(old);
  }

  /** Subscribes to every change; dispose() unsubscribes. */
  watch(listener: (e: WatchEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Restores a snapshot taken with all() (undo, lab resume); emits no events. */
  restore(objects: KubeObject[], resourceVersion: number): void {
    this.objects.clear();
    for (const o of objects) this.objects.set(this.key(o.kind, o.metadata.namespace, o.metadata.name), deepClone(o));
    this.rv = resourceVersion;
  }

  private emit(e: WatchEvent): void {
    this.around?.begin(e);
    try {
      for (const l of [...this.listeners]) l(e);
    } finally {
      this.around?.end();
    }
  }
}

/** The lower-case plural resource name kubectl uses in messages (`pods "x" not found`). */
export function resourceName(kind: string): string {
  const special: Record<string, string> = {
    Endpoints: 'endpoints',
    Ingress: 'ingresses.networking.k8s.io',
    NetworkPolicy: 'networkpolicies.networking.k8s.io',
    EndpointSlice: 'endpointslices.discovery.k8s.io',
    Deployment: 'deployments.apps',
    ReplicaSet: 'replicasets.apps',
    DaemonSet: 'daemonsets.apps',
    IngressClass: 'ingressclasses.networking.k8s.io',
  };
  return special[kind] ?? `${kind.toLowerCase()}s`;
}

let lastIso: [number, string] = [NaN, ''];

export function isoSeconds(ms: number): string {
  // The virtual clock stands still while a cluster builds: one conversion serves thousands of stamps.
  if (lastIso[0] !== ms) lastIso = [ms, new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')];
  return lastIso[1];
}

function uuid(env: EngineEnv): string {
  const h = env.rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[env.rng.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
