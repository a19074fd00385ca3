/**
 * The Deployment controller: one ReplicaSet per template (named `<deployment>-<hash>`,
 * labelled with pod-template-hash), scaled to the Deployment's replicas; ReplicaSets of
 * older templates are scaled to 0 and kept, as revision history. Status follows the
 * current ReplicaSet.
 */
import type { Engine } from '../../sim/engine';
import type { Deployment, ReplicaSet } from '../../model/objects';
import { isoSeconds } from '../../model/store';
import { podTemplateHash } from './names';

/** The ReplicaSets a Deployment owns. */
export function ownedReplicaSets(engine: Engine, d: Deployment): ReplicaSet[] {
  return engine.store
    .list<ReplicaSet>('ReplicaSet', d.metadata.namespace ?? 'default')
    .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid));
}

/** Makes the Deployment's current ReplicaSet exist at the right scale, older ones at 0. */
export function reconcileDeployment(engine: Engine, d: Deployment): void {
  const ns = d.metadata.namespace ?? 'default';
  const hash = podTemplateHash(d.spec.template);
  const name = `${d.metadata.name}-${hash}`;
  const replicas = d.spec.replicas ?? 1;
  const owned = ownedReplicaSets(engine, d);
  for (const rs of owned) {
    if (rs.metadata.name !== name && (rs.spec.replicas ?? 0) !== 0) {
      rs.spec.replicas = 0;
      engine.store.update(rs);
    }
  }
  const cur = owned.find((rs) => rs.metadata.name === name);
  const revision = String(Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0))) + (cur ? 0 : 1));
  if (!cur) {
    const labels = { ...(d.spec.template.metadata.labels ?? {}), 'pod-template-hash': hash };
    engine.store.create<ReplicaSet>({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: ns,
        labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
          'deployment.kubernetes.io/revision': revision,
        },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        replicas,
        selector: { matchLabels: { ...(d.spec.selector.matchLabels ?? {}), 'pod-template-hash': hash }, ...(d.spec.selector.matchExpressions ? { matchExpressions: d.spec.selector.matchExpressions } : {}) },
        template: { metadata: { ...d.spec.template.metadata, labels }, spec: structuredClone(d.spec.template.spec) },
      },
    });
  } else if ((cur.spec.replicas ?? 1) !== replicas) {
    cur.spec.replicas = replicas;
    cur.metadata.annotations = { ...(cur.metadata.annotations ?? {}), 'deployment.kubernetes.io/desired-replicas': String(replicas) };
    engine.store.update(cur);
  }
  writeDeploymentStatus(engine, d.metadata.namespace, d.metadata.name, hash);
}

/** Copies the ReplicaSets' counts into the Deployment's status (only when they changed). */
export function writeDeploymentStatus(engine: Engine, namespace: string | undefined, name: string, knownHash?: string): void {
  const d = engine.store.get<Deployment>('Deployment', namespace, name);
  if (!d) return;
  const hash = knownHash ?? podTemplateHash(d.spec.template);
  const owned = ownedReplicaSets(engine, d);
  const sum = (f: (rs: ReplicaSet) => number | undefined) => owned.reduce((a, rs) => a + (f(rs) ?? 0), 0);
  const cur = owned.find((rs) => rs.metadata.name === `${name}-${hash}`);
  const replicas = sum((rs) => rs.status?.replicas);
  const ready = sum((rs) => rs.status?.readyReplicas);
  const available = sum((rs) => rs.status?.availableReplicas);
  const updated = cur?.status?.replicas ?? 0;
  const old = d.status ?? {};
  if ((old.replicas ?? 0) === replicas && (old.readyReplicas ?? 0) === ready && (old.availableReplicas ?? 0) === available && (old.updatedReplicas ?? 0) === updated) return;
  const now = isoSeconds(engine.env.clock.now());
  const want = d.spec.replicas ?? 1;
  d.status = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas,
    updatedReplicas: updated,
    ...(ready ? { readyReplicas: ready, availableReplicas: available } : {}),
    ...(replicas - available > 0 ? { unavailableReplicas: replicas - available } : {}),
    conditions: [
      { type: 'Available', status: available >= want ? 'True' : 'False', lastUpdateTime: now, lastTransitionTime: now,
        reason: available >= want ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: available >= want ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: now, lastTransitionTime: now, reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${name}-${hash}" has successfully progressed.` },
    ],
  };
  engine.store.update(d);
}
