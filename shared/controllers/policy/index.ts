/**
 * The NetworkPolicy controller: Calico's felix. With the Calico CNI every node gets the
 * cali-* chains of felix.ts for its local pods, rebuilt whenever pods, namespaces or
 * policies change. With flannel (or the bridge CNI) policies are stored and listed but
 * nothing enforces them — exactly the real situation, and a lab point.
 */
import type { Controller } from '../controller';
import type { Engine } from '../../sim/engine';
import type { Pod } from '../../model/objects';
import { applyNode, programNode } from './felix';

/** Does this cluster enforce NetworkPolicy? Only Calico does. */
export function enforcesPolicy(engine: Engine): boolean {
  return engine.spec.cni.plugin === 'calico';
}

/** Rebuilds felix's chains on every node (or removes them when the CNI is not Calico). */
export function syncPolicies(engine: Engine): void {
  const on = enforcesPolicy(engine);
  const policies = on ? engine.store.list('NetworkPolicy') : [];
  // Read, never changed, and regrouped per node below: the store's own objects, in any order, do.
  const pods = on ? (engine.store.peekAll('Pod') as Pod[]).filter((p) => p.status?.podIP && !p.spec.hostNetwork && p.spec.nodeName) : [];
  // Each node's own pods, grouped once (programNode keeps only the node's pods anyway).
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    const list = byNode.get(p.spec.nodeName!);
    if (list) list.push(p);
    else byNode.set(p.spec.nodeName!, [p]);
  }
  for (const n of engine.spec.nodes) {
    const ns = engine.netns.get(`node/${n.name}`);
    if (ns) applyNode(ns, on ? programNode(engine, n.name, policies, byNode.get(n.name) ?? []) : undefined);
  }
}

const RELEVANT = new Set(['Pod', 'NetworkPolicy', 'Namespace']);

/** The controller in the table. */
export function policyController(): Controller {
  let engine!: Engine;
  let cni = '';
  return {
    name: 'policy',
    start(e) {
      engine = e;
      cni = e.spec.cni.plugin;
      // Once per operation (the engine batches an apply's many events), like felix's sync loop.
      e.on((ev) => {
        if (ev.type === 'objects-changed' && ev.kinds.some((k) => RELEVANT.has(k))) syncPolicies(e);
        else if (ev.type === 'topology-changed' && e.spec.cni.plugin !== cni) {
          cni = e.spec.cni.plugin;
          syncPolicies(e);
        }
      });
      syncPolicies(e);
    },
    resync: () => syncPolicies(engine),
    restore: () => syncPolicies(engine),
  };
}
