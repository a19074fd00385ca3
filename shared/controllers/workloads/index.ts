/**
 * The workloads controller: the Deployment and ReplicaSet controllers, the scheduler,
 * the kubelet and the garbage collector in one watch loop. Reactions that create or
 * bind pods run at once (nested in the event that caused them); status roll-ups are
 * queued and drained when the outermost event is done, so scaling to thousands of pods
 * stays linear.
 */
import type { Controller } from '../controller';
import type { Engine } from '../../sim/engine';
import type { Deployment, KubeNode, Pod, ReplicaSet } from '../../model/objects';
import type { WatchEvent } from '../../model/store';
import type { Rng } from '../../model/env';
import { isoSeconds } from '../../model/store';
import { reconcileDeployment, ownedReplicaSets } from './deployments';
import { reconcileReplicaSet, podKey, type PodIndex } from './replicasets';
import { pickNode, spreadKey, type NodeLoad } from './scheduler';
import { ensureSandbox, removeSandbox } from './kubelet';

type Job = { kind: 'rs' | 'deploy'; ns: string; name: string };

/** The workloads controller (after the CNI in the table: the kubelet needs CNI ADD). */
export function workloadsController(): Controller {
  let engine!: Engine;
  let rng!: Rng;
  let rngPos = 0;
  const index: PodIndex = { byOwner: new Map(), nodeOf: new Map(), ready: new Set() };
  const load = new Map<string, NodeLoad>();
  const spreadOf = new Map<string, string>();
  let nodes: KubeNode[] = [];
  /** Pods the scheduler could not place yet (retried when a node changes). */
  const pending = new Set<string>();
  const queue: Job[] = [];
  const queued = new Set<string>();
  let depth = 0;

  function enqueue(j: Job): void {
    const k = `${j.kind}/${j.ns}/${j.name}`;
    if (queued.has(k)) return;
    queued.add(k);
    queue.push(j);
  }

  function ownerUid(p: Pod): string | undefined {
    return p.metadata.ownerReferences?.find((r) => r.controller)?.uid;
  }

  function unindex(key: string): void {
    const node = index.nodeOf.get(key);
    if (node !== undefined) {
      const l = load.get(node);
      const sk = spreadOf.get(key)!;
      if (l) {
        l.total--;
        l.byOwner.set(sk, (l.byOwner.get(sk) ?? 1) - 1);
      }
      index.nodeOf.delete(key);
    }
    spreadOf.delete(key);
    index.ready.delete(key);
  }

  function indexPod(p: Pod): void {
    const key = podKey(p);
    const uid = ownerUid(p);
    if (uid) {
      let s = index.byOwner.get(uid);
      if (!s) index.byOwner.set(uid, (s = new Set()));
      s.add(key);
    }
    const node = p.spec.nodeName;
    if (node !== index.nodeOf.get(key)) {
      unindex(key);
      if (node) {
        index.nodeOf.set(key, node);
        const sk = spreadKey(p);
        spreadOf.set(key, sk);
        let l = load.get(node);
        if (!l) load.set(node, (l = { total: 0, byOwner: new Map() }));
        l.total++;
        l.byOwner.set(sk, (l.byOwner.get(sk) ?? 0) + 1);
      }
    }
    if (p.status?.podIP) index.ready.add(key);
    else index.ready.delete(key);
  }

  function schedule(p: Pod): void {
    if ((p.spec.schedulerName ?? 'default-scheduler') !== 'default-scheduler') return;
    const r = pickNode(p, nodes, load);
    if ('node' in r) pending.delete(podKey(p));
    else pending.add(podKey(p));
    // Read in place, not copied: the new version shares all but what the binding changes.
    const cur = engine.store.peek<Pod>('Pod', p.metadata.namespace, p.metadata.name);
    if (!cur) return;
    const now = isoSeconds(engine.env.clock.now());
    if ('node' in r) {
      const status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }], qosClass: 'BestEffort' };
      engine.store.updateOwned({ ...cur, metadata: { ...cur.metadata }, spec: { ...cur.spec, nodeName: r.node }, status } as Pod);
    } else {
      if (cur.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.message === r.message)) return;
      const status = {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'Unschedulable', message: r.message }],
        qosClass: 'BestEffort',
      };
      engine.store.updateOwned({ ...cur, metadata: { ...cur.metadata }, status } as Pod);
    }
  }

  function onPod(e: WatchEvent): void {
    const p = e.object as Pod;
    const key = podKey(p);
    const rsRef = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
    if (e.type === 'DELETED') {
      pending.delete(key);
      unindex(key);
      const uid = ownerUid(p);
      if (uid) index.byOwner.get(uid)?.delete(key);
      removeSandbox(engine, p.metadata.namespace ?? 'default', p.metadata.name);
      if (rsRef) enqueue({ kind: 'rs', ns: p.metadata.namespace ?? 'default', name: rsRef.name });
      return;
    }
    const wasReady = index.ready.has(key);
    indexPod(p);
    if (rsRef && (e.type === 'ADDED' || wasReady !== index.ready.has(key))) enqueue({ kind: 'rs', ns: p.metadata.namespace ?? 'default', name: rsRef.name });
    if (!p.spec.nodeName) schedule(p);
    else ensureSandbox(engine, p);
  }

  function onEvent(e: WatchEvent): void {
    depth++;
    try {
      const kind = e.object.kind;
      const ns = e.object.metadata.namespace ?? 'default';
      if (kind === 'Pod') onPod(e);
      else if (kind === 'ReplicaSet') {
        if (e.type === 'DELETED') {
          for (const k of [...(index.byOwner.get(e.object.metadata.uid!) ?? [])]) {
            const [pns, pname] = k.split('/') as [string, string];
            if (engine.store.get('Pod', pns, pname)) engine.store.delete('Pod', pns, pname);
          }
          index.byOwner.delete(e.object.metadata.uid!);
        } else enqueue({ kind: 'rs', ns, name: e.object.metadata.name });
        const d = e.object.metadata.ownerReferences?.find((r) => r.kind === 'Deployment');
        if (d) enqueue({ kind: 'deploy', ns, name: d.name });
      } else if (kind === 'Deployment') {
        if (e.type === 'DELETED') {
          for (const rs of ownedReplicaSets(engine, e.object as Deployment)) engine.store.delete('ReplicaSet', ns, rs.metadata.name);
        } else enqueue({ kind: 'deploy', ns, name: e.object.metadata.name });
      } else if (kind === 'Node') {
        nodes = engine.store.list<KubeNode>('Node');
        // A node that changed (uncordoned, untainted, relabelled) may fit pods that waited.
        for (const k of [...pending].sort()) {
          const [pns, pname] = k.split('/') as [string, string];
          const p = engine.store.get<Pod>('Pod', pns, pname);
          if (p && !p.spec.nodeName) schedule(p);
        }
      }
    } finally {
      depth--;
    }
    if (depth === 0) drain();
  }

  function drain(): void {
    depth++;
    try {
      while (queue.length) {
        const j = queue.shift()!;
        queued.delete(`${j.kind}/${j.ns}/${j.name}`);
        if (j.kind === 'rs') {
          const rs = engine.store.get<ReplicaSet>('ReplicaSet', j.ns, j.name);
          if (!rs) continue;
          rng.loadState?.(rngPos);
          reconcileReplicaSet(engine, rs, index, rng);
          rngPos = rng.saveState?.() ?? 0;
        } else {
          const d = engine.store.get<Deployment>('Deployment', j.ns, j.name);
          if (!d) continue;
          reconcileDeployment(engine, d);
        }
      }
    } finally {
      depth--;
    }
  }

  function rebuild(): void {
    index.byOwner.clear();
    index.nodeOf.clear();
    index.ready.clear();
    load.clear();
    spreadOf.clear();
    nodes = engine.store.list<KubeNode>('Node');
    pending.clear();
    for (const p of engine.store.list<Pod>('Pod')) {
      indexPod(p);
      if (!p.spec.nodeName) pending.add(podKey(p));
    }
  }

  return {
    name: 'workloads',
    start(e) {
      engine = e;
      rng = e.env.rng.fork('workloads');
      rngPos = rng.saveState?.() ?? 0;
      rebuild();
      e.store.watch(onEvent);
      depth++;
      try {
        for (const d of e.store.list<Deployment>('Deployment')) enqueue({ kind: 'deploy', ns: d.metadata.namespace ?? 'default', name: d.metadata.name });
        for (const rs of e.store.list<ReplicaSet>('ReplicaSet')) enqueue({ kind: 'rs', ns: rs.metadata.namespace ?? 'default', name: rs.metadata.name });
        for (const p of e.store.list<Pod>('Pod')) onPod({ type: 'ADDED', object: p });
      } finally {
        depth--;
      }
      drain();
    },
    resync: () => rebuild(),
    snapshot: () => ({ rng: rngPos }),
    restore(s) {
      rngPos = (s as { rng: number }).rng;
      queue.length = 0;
      queued.clear();
      rebuild();
    },
  };
}
