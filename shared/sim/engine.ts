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

/** What the engine tells its host about: the host fans these out to the UI. */
export type EngineEvent =
  | { type: 'topology-changed' }
  | { type: 'walk'; walkId: string }
  | { type: 'objects-changed'; kinds: string[] };

export class Engine {
  readonly store: ObjectStore;
  /** Every namespace by id: `node/node-1`, `pod/default/web-abc`, `external`, `router`. */
  readonly netns = new Map<string, NetNS>();
  hooks: PacketHooks = passThroughHooks;
  private readonly listeners = new Set<(e: EngineEvent) => void>();

  constructor(
    readonly spec: ClusterSpec,
    readonly env: EngineEnv,
  ) {
    this.store = new ObjectStore(env);
  }

  /** The namespace a shell on this target runs in, or undefined if it does not exist (any more). */
  netnsOf(target: ShellTarget): NetNS | undefined {
    if (target.kind === 'node') return this.netns.get(`node/${target.name}`);
    if (target.kind === 'external') return this.netns.get('external');
    return this.netns.get(`pod/${target.namespace}/${target.name}`);
  }

  on(listener: (e: EngineEvent) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  emit(e: EngineEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
