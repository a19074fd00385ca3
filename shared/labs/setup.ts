/**
 * Builds a lab's starting cluster on a fresh engine: the session config from the lab's
 * topology, its manifests applied to the store (the controllers take it from there), then
 * its faults injected — each one an engine operation or a command run on a host, so the
 * broken state is real state the learner can find with the real tools.
 */
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../model/objects';
import type { Engine } from '../sim/engine';
import type { Fault, Lab } from './schema';
import type { LabWorld } from './world';
import { resolveTarget } from './targets';
import { routeLine } from './kernel-text';
import { servicesOf, setLoadBalancerController } from '../controllers/services/index';

/** What LabHost.reset / createEngine need for this lab's cluster. */
export function sessionConfigOf(lab: Lab, seed: number) {
  const t = lab.topology;
  return { nodes: t.nodes, segments: t.segments, cni: t.cni, proxyMode: t.proxyMode, workloads: t.workloads, seed };
}

/**
 * Optional engine seams some faults need (added by the lanes that own those controllers).
 * A fault whose seam is missing fails with a clear reason instead of silently doing nothing.
 */
interface FaultSeams {
  setBgpPeering?(nodeA: string, nodeB: string, up: boolean): boolean;
}

/** Parses manifest texts into objects (empty documents skipped). */
export function manifestObjects(texts: string[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const t of texts) {
    for (const d of parseAllDocuments(t) as ReturnType<typeof parseAllDocuments> & unknown[]) {
      const o = d.toJS({ maxAliasCount: 100 }) as KubeObject | null;
      if (o && typeof o === 'object') out.push(o);
    }
  }
  return out;
}

/** Applies manifests to the store; returns one message per object it could not create. */
export function applyManifests(engine: Engine, texts: string[]): string[] {
  const errors: string[] = [];
  for (const o of manifestObjects(texts)) {
    try {
      if (o.kind === 'Namespace' && engine.store.get('Namespace', undefined, o.metadata.name)) continue;
      engine.store.create(o);
    } catch (e) {
      errors.push(`${o.kind}/${o.metadata?.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return errors;
}

function setField(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (cur[p] === null || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

/** Injects one fault; returns an error message when it could not be applied. */
export function injectFault(world: LabWorld, fault: Fault): string | undefined {
  const engine = world.engine;
  const seams = engine as unknown as FaultSeams;
  const host = (ref: string) => {
    const r = resolveTarget(engine, ref);
    if (!r.ok) throw new Error(r.error);
    return r.target;
  };
  try {
    switch (fault.kind) {
      case 'delete-route': {
        const ns = engine.netnsOf(host(fault.on));
        const dst = fault.dst === 'default' ? '0.0.0.0/0' : fault.dst;
        const before = ns?.routes.length ?? 0;
        if (ns) ns.routes = ns.routes.filter((r) => !(r.table === 'main' && (r.dst === dst || routeLine(r).startsWith(`${fault.dst} `))));
        if (!ns || ns.routes.length === before) return `delete-route: no route to ${fault.dst} on ${fault.on}`;
        engine.emit({ type: 'topology-changed' });
        return undefined;
      }
      case 'iptables-rule':
      case 'command': {
        const line = fault.kind === 'command' ? fault.line : `iptables -t ${fault.table} ${fault.rule}`;
        const r = world.run(host(fault.on), line);
        return r.code === 0 ? undefined : `${fault.kind}: \`${line}\` exited ${r.code}: ${r.output.trim()}`;
      }
      case 'patch': {
        const o = engine.store.get(fault.resource, fault.namespace, fault.name);
        if (!o) return `patch: no ${fault.resource} ${fault.namespace ?? 'default'}/${fault.name}`;
        setField(o as unknown as Record<string, unknown>, fault.field, fault.value);
        engine.store.update(o);
        return undefined;
      }
      case 'stop-controller':
      case 'start-controller':
        // The only switchable controller so far: the simulated cloud load balancer.
        if (!servicesOf(engine)) return `${fault.kind}: this cluster has no ${fault.controller} controller`;
        setLoadBalancerController(engine, fault.kind === 'start-controller');
        return undefined;
      case 'cut-bgp-peer': {
        const t = host(fault.on);
        if (!seams.setBgpPeering) return 'cut-bgp-peer: this engine has no BGP peers to cut';
        const node = t.kind === 'node' ? t.name : '';
        return seams.setBgpPeering.call(engine, node, fault.peer, false) ? undefined : `cut-bgp-peer: ${fault.on} has no BGP session with ${fault.peer}`;
      }
    }
  } catch (e) {
    return `${fault.kind}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Applies a lab's manifests and faults to a fresh engine; returns every problem. */
export function setUpLab(world: LabWorld, lab: Lab, manifests: string[]): string[] {
  world.engine.showRouteHealth = lab.topology.routeHealth;
  const errors = applyManifests(world.engine, manifests);
  for (const f of lab.faults) {
    const e = injectFault(world, f);
    if (e) errors.push(e);
  }
  return errors;
}
