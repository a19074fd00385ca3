/**
 * The ReplicaSet controller: keeps `replicas` pods matching the template alive, creating
 * missing ones with a random suffix and deleting extras the way the real one chooses
 * (on the node that has most of them first, newest first), and reports status.
 */
import type { Engine } from '../../sim/engine';
import type { Pod, ReplicaSet } from '../../model/objects';
import type { Rng } from '../../model/env';
import { podFromTemplate } from './pods';
import { randomSuffix } from './names';

/** What the workloads controller tracks about pods, from watch events. */
export interface PodIndex {
  /** owner uid → pod keys (`ns/name`). */
  byOwner: Map<string, Set<string>>;
  /** pod key → node name (bound pods). */
  nodeOf: Map<string, string>;
  /** pod keys with a podIP (running). */
  ready: Set<string>;
}

/** Brings a ReplicaSet's pods to its replica count and writes its status. */
export function reconcileReplicaSet(engine: Engine, rs: ReplicaSet, index: PodIndex, rng: Rng): void {
  const ns = rs.metadata.namespace ?? 'default';
  const uid = rs.metadata.uid!;
  const want = rs.spec.replicas ?? 1;
  const owned = [...(index.byOwner.get(uid) ?? [])].sort();
  if (owned.length < want) {
    for (let i = owned.length; i < want; i++) {
      let name = `${rs.metadata.name}-${randomSuffix(rng)}`;
      while (engine.store.get('Pod', ns, name)) name = `${rs.metadata.name}-${randomSuffix(rng)}`;
      // A fresh object nothing else holds: handed over, not copied.
      engine.store.createOwned(
        podFromTemplate(ns, name, rs.spec.template, {
          apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid, controller: true, blockOwnerDeletion: true,
        }, `${rs.metadata.name}-`),
      );
    }
  } else if (owned.length > want) {
    const perNode = new Map<string, number>();
    for (const k of owned) {
      const n = index.nodeOf.get(k) ?? '';
      perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    const victims = owned
      .map((k) => ({ k, node: index.nodeOf.get(k), ready: index.ready.has(k) }))
      .sort((a, b) =>
        Number(!!a.node) - Number(!!b.node) || Number(a.ready) - Number(b.ready) ||
        (perNode.get(b.node ?? '') ?? 0) - (perNode.get(a.node ?? '') ?? 0) || b.k.localeCompare(a.k))
      .slice(0, owned.length - want);
    for (const v of victims) {
      const [pns, pname] = v.k.split('/') as [string, string];
      if (engine.store.get('Pod', pns, pname)) engine.store.delete('Pod', pns, pname);
    }
  }
  writeStatus(engine, rs, index);
}

function writeStatus(engine: Engine, rs: ReplicaSet, index: PodIndex): void {
  const cur = engine.store.get<ReplicaSet>('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
  if (!cur) return;
  const owned = [...(index.byOwner.get(cur.metadata.uid!) ?? [])];
  const ready = owned.filter((k) => index.ready.has(k)).length;
  const status = {
    replicas: owned.length,
    fullyLabeledReplicas: owned.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: cur.metadata.generation ?? 1,
  };
  const old = cur.status ?? {};
  if (
    (old.replicas ?? 0) === status.replicas && (old.readyReplicas ?? 0) === status.readyReplicas &&
    (old.availableReplicas ?? 0) === status.availableReplicas
  ) return;
  cur.status = ready === 0 ? { replicas: status.replicas, fullyLabeledReplicas: status.replicas, observedGeneration: status.observedGeneration } : status;
  engine.store.update(cur);
}

/** Pods of a pod key list that are gone from the store are dropped from the index. */
export function podKey(p: Pod): string {
  return `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
}
