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
  | { type: 'objects-changed'; kinds: string[] }
  /** A shell ran a command line (labs check what the learner typed and saw). */
  | { type: 'command'; target: ShellTarget; line: string; argv: string[]; code: number; output: string };

/** Renders files a host shows (subnet.env, CNI conflists, resolv.conf) from current state. */
export type SystemFileSource = (engine: Engine, target: ShellTarget) => Record<string, string>;

export class Engine {
  readonly store: ObjectStore;
  /** Every namespace by id: `node/node-1`, `pod/default/web-abc`, `external`, `router`. */
  readonly netns = new Map<string, NetNS>();
  hooks: PacketHooks = passThroughHooks;
  /** Controllers register the files they own; the shell's filesystem reads through these. */
  readonly fileSources: SystemFileSource[] = [];
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
