/**
 * The DaemonSet controller: one pod per eligible node (nodeSelector and taints versus
 * tolerations, as the scheduler judges them), bound directly to its node. A template
 * change (`kubectl rollout restart ds/...`) replaces every pod with a new one; status
 * counts follow the pods. Pod names take the 5-character suffix from a per-node seed.
 */
import type { Engine } from '../../sim/engine';
import type { DaemonSet, KubeNode, Pod } from '../../model/objects';
import { feasible } from '../workloads/scheduler';
import { podFromTemplate } from '../workloads/pods';
import { podTemplateHash, randomSuffix } from '../workloads/names';

type Any = Record<string, any>;

/** Pods a DaemonSet owns. */
export function ownedPods(engine: Engine, ds: DaemonSet): Pod[] {
  return engine.store.list<Pod>('Pod', ds.metadata.namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === ds.metadata.uid));
}

function isReady(p: Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Brings a DaemonSet's pods and status in line with its spec; returns true if it rolled pods. */
export function reconcileDaemonSet(engine: Engine, ds: DaemonSet): boolean {
  const ns = ds.metadata.namespace ?? 'default';
  const hash = podTemplateHash(ds.spec.template);
  const gen = String(ds.metadata.generation ?? 1);
  const nodes = engine.store.list<KubeNode>('Node');
  const stub = { apiVersion: 'v1', kind: 'Pod', metadata: { name: '' }, spec: ds.spec.template.spec } as Pod;
  const eligible = new Set(nodes.filter((n) => feasible(stub, n)).map((n) => n.metadata.name));
  let rolled = false;
  const pods = ownedPods(engine, ds);
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    const n = p.spec.nodeName ?? '';
    if (!eligible.has(n) || p.metadata.labels?.['controller-revision-hash'] !== hash) {
      engine.store.delete('Pod', ns, p.metadata.name);
      rolled = true;
      continue;
    }
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  for (const [, list] of byNode) for (const extra of list.slice(1)) engine.store.delete('Pod', ns, extra.metadata.name);
  for (const node of nodes.map((n) => n.metadata.name)) {
    if (!eligible.has(node) || byNode.has(node)) continue;
    const rng = engine.env.rng.fork(`daemonset:${ns}/${ds.metadata.name}:${node}:${hash}`);
    let name = `${ds.metadata.name}-${randomSuffix(rng)}`;
    while (engine.store.get('Pod', ns, name)) name = `${ds.metadata.name}-${randomSuffix(rng)}`;
    const labels = { ...(ds.spec.template.metadata.labels ?? {}), 'controller-revision-hash': hash, 'pod-template-generation': gen };
    const pod = podFromTemplate(ns, name, { metadata: { ...ds.spec.template.metadata, labels }, spec: { ...ds.spec.template.spec, nodeName: node } }, { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true }, `${ds.metadata.name}-`);
    engine.store.create(pod);
  }
  writeStatus(engine, ds, eligible.size, hash);
  return rolled;
}

function writeStatus(engine: Engine, ds: DaemonSet, desired: number, hash: string): void {
  const cur = engine.store.get<DaemonSet>('DaemonSet', ds.metadata.namespace, ds.metadata.name);
  if (!cur) return;
  const pods = ownedPods(engine, cur);
  const ready = pods.filter(isReady).length;
  const status: Any = {
    currentNumberScheduled: pods.length,
    desiredNumberScheduled: desired,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    observedGeneration: cur.metadata.generation ?? 1,
    updatedNumberScheduled: pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length,
  };
  if (desired - ready > 0) status.numberUnavailable = desired - ready;
  if (JSON.stringify((cur as Any).status) === JSON.stringify(status)) return;
  (cur as Any).status = status;
  engine.store.update(cur);
}
