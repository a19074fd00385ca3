/**
 * Engine snapshots: a deep, plain-data copy of the object store, every network namespace
 * (whatever fields the kernel, netfilter, IPVS and conntrack keep in it), the clock, the
 * rng, the spec and each controller's own state. The LABS lane keeps them for undo and
 * resume; restore puts everything back without emitting store events.
 */
import type { Engine } from './engine';
import type { ClusterSpec } from '../model/spec';
import type { KubeObject } from '../model/objects';
import { NetNS, type NetnsKind } from '../kernel/netns';

/** One namespace as plain data (every own field of the NetNS). */
export interface NetnsData {
  id: string;
  kind: NetnsKind;
  hostname: string;
  fields: Record<string, unknown>;
}

export interface EngineSnapshot {
  spec: ClusterSpec;
  objects: KubeObject[];
  resourceVersion: number;
  clockMs: number;
  rng?: number;
  netns: NetnsData[];
  controllers: Record<string, unknown>;
  topologyVersion: number;
}

const IDENTITY = new Set(['id', 'kind', 'hostname']);

/** Copies the engine's state out. */
export function takeSnapshot(engine: Engine): EngineSnapshot {
  const netns: NetnsData[] = [];
  for (const ns of engine.netns.values()) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ns)) if (!IDENTITY.has(k) && typeof v !== 'function') fields[k] = structuredClone(v);
    netns.push({ id: ns.id, kind: ns.kind, hostname: ns.hostname, fields });
  }
  const controllers: Record<string, unknown> = {};
  for (const c of engine.controllers) if (c.snapshot) controllers[c.name] = structuredClone(c.snapshot());
  return {
    spec: structuredClone(engine.spec),
    objects: engine.store.all(),
    resourceVersion: Number(engine.store.resourceVersion),
    clockMs: engine.env.clock.now(),
    rng: engine.env.rng.saveState?.(),
    netns,
    controllers,
    topologyVersion: engine.topologyVersion,
  };
}

/** Puts a snapshot back (the caller batches and announces it). */
export function restoreSnapshot(engine: Engine, s: EngineSnapshot): void {
  const spec = structuredClone(s.spec);
  for (const k of Object.keys(engine.spec) as (keyof ClusterSpec)[]) delete (engine.spec as Partial<ClusterSpec>)[k];
  Object.assign(engine.spec, spec);
  engine.store.restore(s.objects, s.resourceVersion);
  const now = engine.env.clock.now();
  if (s.clockMs > now) engine.env.clock.advance(s.clockMs - now);
  else if (s.clockMs < now) {
    // The clock only moves forward through advance(); a rewind goes through its setter if it has one.
    const c = engine.env.clock as { set?(ms: number): void };
    c.set?.(s.clockMs);
  }
  if (s.rng !== undefined) engine.env.rng.loadState?.(s.rng);
  engine.netns.clear();
  for (const d of s.netns) {
    const ns = new NetNS(d.id, d.kind, d.hostname);
    Object.assign(ns, structuredClone(d.fields));
    engine.netns.set(d.id, ns);
  }
  for (const c of engine.controllers) {
    if (c.restore && s.controllers[c.name] !== undefined) c.restore(structuredClone(s.controllers[c.name]));
    else c.resync?.();
  }
}

/**
 * A snapshot as JSON text, for saving a lab to disk: Maps and Sets (netfilter chains,
 * conntrack, ipsets keep them) are tagged so snapshotFromJson can rebuild them.
 */
export function snapshotToJson(s: EngineSnapshot): string {
  return JSON.stringify(s, (_k, v: unknown) => {
    if (v instanceof Map) return { __map__: [...v.entries()] };
    if (v instanceof Set) return { __set__: [...v.values()] };
    return v;
  });
}

/** The inverse of snapshotToJson. */
export function snapshotFromJson(text: string): EngineSnapshot {
  return JSON.parse(text, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (Array.isArray(o.__map__) && Object.keys(o).length === 1) return new Map(o.__map__ as [unknown, unknown][]);
      if (Array.isArray(o.__set__) && Object.keys(o).length === 1) return new Set(o.__set__ as unknown[]);
    }
    return v;
  }) as EngineSnapshot;
}
