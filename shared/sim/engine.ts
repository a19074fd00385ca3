/**
 * The engine: one simulated cluster. It owns the spec, the object store, every network
 * namespace and the packet hooks, runs the controllers when objects change, and hands
 * out snapshots and events; it never drives a UI (CONVENTIONS 3).
 */
import type { EngineEnv } from '../model/env';
import type { ClusterSpec } from '../model/spec';
import { ObjectStore, type Disposable } from '../model/store';
import type { ShellTarget } from '../model/target';
import { NetNS } from '../kernel/netns';
import { passThroughHooks, type PacketHooks } from '../kernel/hooks';
import type { CniSpec, ProxyMode } from '../model/spec';
import type { Pod } from '../model/objects';
import type { Controller } from '../controllers/controller';
import type { CniRuntime } from '../controllers/cni/types';
import type { TopologySnapshot } from '../api/topology';
import { takeSnapshot, restoreSnapshot, type EngineSnapshot } from './snapshot';
import { OVERLAY_KINDS } from './topology-overlay';
import { buildTopology } from './topology';

/** What the engine tells its host about: the host fans these out to the UI. */
export type EngineEvent =
  | { type: 'topology-changed' }
  | { type: 'walk'; walkId: string }
  | { type: 'objects-changed'; kinds: string[] }
  /** A shell ran a command line (labs check what the learner typed and saw). */
  | { type: 'command'; target: ShellTarget; line: string; argv: string[]; code: number; output: string };

/** Renders files a host shows (subnet.env, CNI conflists, resolv.conf) from current state. */
export type SystemFileSource = (engine: Engine, target: ShellTarget) => Record<string, string>;

/**
 * Takes a shell's write to a system file (`echo 1 > /proc/sys/net/ipv4/ip_forward`) and
 * applies it to state; returns undefined for paths it does not own. Without one, system
 * files are read-only in the shell. The shell opens a file for `>` by writing '' (the
 * truncation); accept that, as the kernel does, and judge the data that follows.
 */
export type SystemFileWriter = (
  engine: Engine,
  target: ShellTarget,
  path: string,
  data: string,
  append: boolean,
) => { ok: true } | { ok: false; error: string } | undefined;

export class Engine {
  readonly store: ObjectStore;
  /** Every namespace by id: `node/node-1`, `pod/default/web-abc`, `external`, `router`. */
  readonly netns = new Map<string, NetNS>();
  hooks: PacketHooks = passThroughHooks;
  /** Controllers register the files they own; the shell's filesystem reads through these. */
  readonly fileSources: SystemFileSource[] = [];
  /** Controllers that accept writes to the files they render (sysctls under /proc/sys). */
  readonly fileWriters: SystemFileWriter[] = [];
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  /** The controllers createEngine started, in table order. */
  readonly controllers: Controller[] = [];
  /** The CNI (set by the CNI controller): CNI ADD/DEL, leases, VTEPs, BGP sessions, rejected routes. */
  cni?: CniRuntime;
  /** kube-proxy (set by its controller): switch modes, force the periodic full resync. */
  proxy?: { setMode(mode: ProxyMode): void; fullSync(): void };
  /** Increases with every topology change (TopologySnapshot.version). */
  topologyVersion = 0;
  /** Whether the topology marks broken routes; a troubleshooting lab turns it off so the graph does not give the fault away. */
  showRouteHealth = true;
  private batchDepth = 0;
  private topologyDirty = false;
  /** Work deferred to the end of the current operation (whenSettled). */
  private readonly settling = new Set<() => void>();
  private changedKinds = new Set<string>();

  constructor(
    readonly spec: ClusterSpec,
    readonly env: EngineEnv,
  ) {
    this.store = new ObjectStore(env);
    this.store.around = {
      begin: (e) => {
        this.batchDepth++;
        this.changedKinds.add(e.object.kind);
        // Pods and nodes are drawn: binding, addressing or removing one changes the picture.
        if (e.object.kind === 'Pod' || e.object.kind === 'Node') this.topologyDirty = true;
      },
      end: () => this.endBatch(),
    };
  }

  /** The namespace a shell on this target runs in, or undefined if it does not exist (any more). */
  netnsOf(target: ShellTarget): NetNS | undefined {
    if (target.kind === 'node') return this.netns.get(`node/${target.name}`);
    if (target.kind === 'external') return this.netns.get('external');
    const own = this.netns.get(`pod/${target.namespace}/${target.name}`);
    if (own) return own;
    // hostNetwork pods have no namespace of their own: they run in their node's.
    const pod = this.store.get<Pod>('Pod', target.namespace, target.name);
    if (pod?.spec.hostNetwork && pod.spec.nodeName) return this.netns.get(`node/${pod.spec.nodeName}`);
    return undefined;
  }

  /**
   * Runs `fn` as one operation: however many links, routes and objects it changes, one
   * `topology-changed` (and one `objects-changed`) event goes out at the end.
   */
  batch<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      return fn();
    } finally {
      this.endBatch();
    }
  }

  /**
   * Runs `fn` once when the current operation ends (the outermost batch or store event),
   * before its events go out, as part of it. For controllers that would otherwise redo
   * O(n) work for each of n nested changes (the endpoints controller while a Deployment
   * scales to thousands). Outside any operation it runs at once.
   */
  whenSettled(fn: () => void): void {
    if (this.batchDepth === 0) fn();
    else this.settling.add(fn);
  }

  /** Notes that links, addresses, routes or pods changed; the event goes out when the operation ends. */
  markTopologyChanged(): void {
    this.topologyDirty = true;
    if (this.batchDepth === 0) this.endBatch(true);
  }

  private endBatch(outside = false): void {
    if (!outside) this.batchDepth--;
    if (this.batchDepth > 0) return;
    // Deferred work belongs to the operation: its changes nest like any other, then one round of events.
    while (this.settling.size) {
      const fns = [...this.settling];
      this.settling.clear();
      this.batchDepth++;
      try {
        for (const f of fns) f();
      } finally {
        this.batchDepth--;
      }
    }
    if (this.changedKinds.size) {
      const kinds = [...this.changedKinds].sort();
      // The service overlay is part of the topology: Services, Ingresses and policies redraw it.
      if (kinds.some((k) => OVERLAY_KINDS.includes(k))) this.topologyDirty = true;
      this.changedKinds.clear();
      this.emit({ type: 'objects-changed', kinds });
    }
    if (this.topologyDirty) {
      this.topologyDirty = false;
      this.topologyVersion++;
      this.emit({ type: 'topology-changed' });
    }
  }

  /**
   * Switches kube-proxy's mode (iptables, ipvs, userspace) on a running cluster: the old
   * mode's state is cleaned up as `kube-proxy --cleanup` does and every node reprogrammed.
   */
  setProxyMode(mode: ProxyMode): void {
    if (this.proxy) this.proxy.setMode(mode);
    else this.spec.proxyMode = mode;
  }

  /**
   * Switches the CNI at runtime: every node and pod is torn down and programmed again,
   * then every other controller resyncs (pod IPs, flannel's rules... all changed).
   */
  setCni(cni: CniSpec): void {
    this.batch(() => {
      if (this.cni) this.cni.switchTo(cni);
      else this.spec.cni = cni;
      for (const c of this.controllers) if (c.name !== 'cni') c.resync?.();
      this.markTopologyChanged();
    });
  }

  /** Brings a Calico node-to-node BGP session down or up (labs break peerings); false if there is none. */
  setBgpPeering(nodeA: string, nodeB: string, up: boolean): boolean {
    return this.batch(() => this.cni?.setPeering(nodeA, nodeB, up) ?? false);
  }

  /** A deep copy of everything (objects, namespaces, clock, rng, controller state) for undo and resume. */
  snapshot(): EngineSnapshot {
    return takeSnapshot(this);
  }

  /** Puts the engine back exactly as snapshot() saw it; emits topology-changed. */
  restore(s: EngineSnapshot): void {
    this.batch(() => {
      restoreSnapshot(this, s);
      this.markTopologyChanged();
    });
  }

  /** The topology as the renderer draws it, derived from current state. */
  topology(): TopologySnapshot {
    return buildTopology(this);
  }

  /** Every system file of a host, path → contents, rendered now from state. */
  systemFiles(target: ShellTarget): Record<string, string> {
    const out: Record<string, string> = {};
    for (const src of this.fileSources) Object.assign(out, src(this, target));
    return out;
  }

  on(listener: (e: EngineEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(e: EngineEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
