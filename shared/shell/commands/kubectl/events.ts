/**
 * Events as kubectl shows them: stored Event objects, plus the ones the scheduler,
 * kubelet and workload controllers would have recorded, derived from the objects' own
 * timestamps (a pod's creation and start, a ReplicaSet's pods, a Deployment's
 * ReplicaSets) — so describe's Events section and `get events` follow the real story.
 */
import type { Engine } from '../../../sim/engine';
import type { KubeObject, Pod } from '../../../model/objects';
import { hash32 } from '../../../model/env';

type Any = Record<string, any>;

/** One event, in the fields kubectl prints. */
export interface EventView {
  namespace: string;
  name: string;
  type: string;
  reason: string;
  from: string;
  message: string;
  /** RFC 3339 time. */
  time: string;
  object: { kind: string; name: string; uid?: string };
}

function ev(o: KubeObject, i: number, reason: string, from: string, message: string, time: string | undefined): EventView | undefined {
  if (!time) return undefined;
  const id = (hash32(`${o.metadata.uid}:${i}`) >>> 0).toString(16).padStart(8, '0');
  return { namespace: o.metadata.namespace ?? 'default', name: `${o.metadata.name}.18${id}${id.slice(0, 6)}`, type: 'Normal', reason, from, message, time, object: { kind: o.kind, name: o.metadata.name, uid: o.metadata.uid } };
}

/** Events derived from an object's state. */
export function derivedEvents(engine: Engine, o: KubeObject): EventView[] {
  const out: (EventView | undefined)[] = [];
  if (o.kind === 'Pod') {
    const p = o as Pod;
    const mirror = p.metadata.annotations?.['kubernetes.io/config.source'] === 'file';
    if (p.spec.nodeName && !mirror && !p.metadata.ownerReferences?.some((r) => r.kind === 'DaemonSet')) {
      out.push(ev(o, 0, 'Scheduled', 'default-scheduler', `Successfully assigned ${p.metadata.namespace}/${p.metadata.name} to ${p.spec.nodeName}`, p.metadata.creationTimestamp));
    }
    if (p.status?.phase === 'Running') {
      p.spec.containers.forEach((c, i) => {
        out.push(ev(o, 1 + i * 3, 'Pulled', 'kubelet', `Container image "${c.image}" already present on machine`, p.status?.startTime));
        out.push(ev(o, 2 + i * 3, 'Created', 'kubelet', `Created container: ${c.name}`, p.status?.startTime));
        out.push(ev(o, 3 + i * 3, 'Started', 'kubelet', `Started container ${c.name}`, p.status?.startTime));
      });
    }
  } else if (o.kind === 'ReplicaSet' || o.kind === 'DaemonSet') {
    const pods = engine.store.list<Pod>('Pod', o.metadata.namespace).filter((p) => p.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid));
    pods.forEach((p, i) => out.push(ev(o, i, 'SuccessfulCreate', o.kind === 'ReplicaSet' ? 'replicaset-controller' : 'daemonset-controller', `Created pod: ${p.metadata.name}`, p.metadata.creationTimestamp)));
  } else if (o.kind === 'Deployment') {
    const rss = engine.store.list('ReplicaSet', o.metadata.namespace).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid));
    rss.forEach((rs, i) => {
      const want = ((rs.spec as Any)?.replicas ?? 0) as number;
      if (want > 0) out.push(ev(o, i, 'ScalingReplicaSet', 'deployment-controller', `Scaled up replica set ${rs.metadata.name} from 0 to ${want}`, rs.metadata.creationTimestamp));
    });
  }
  return out.filter((x): x is EventView => !!x);
}

/** Stored Event objects as views. */
function stored(engine: Engine, namespace?: string): EventView[] {
  return engine.store.list('Event', namespace).map((e) => {
    const x = e as Any;
    return {
      namespace: e.metadata.namespace ?? 'default',
      name: e.metadata.name,
      type: x.type ?? 'Normal',
      reason: x.reason ?? '',
      from: x.source?.component ?? x.reportingComponent ?? '',
      message: x.message ?? '',
      time: x.lastTimestamp ?? x.eventTime ?? e.metadata.creationTimestamp ?? '',
      object: { kind: x.involvedObject?.kind ?? '', name: x.involvedObject?.name ?? '', uid: x.involvedObject?.uid },
    };
  });
}

/** Every event of a namespace (or all), oldest first. */
export function allEvents(engine: Engine, namespace?: string): EventView[] {
  const out = stored(engine, namespace);
  for (const kind of ['Pod', 'ReplicaSet', 'DaemonSet', 'Deployment']) for (const o of engine.store.list(kind, namespace)) out.push(...derivedEvents(engine, o));
  return out.sort((a, b) => a.time.localeCompare(b.time) || a.name.localeCompare(b.name));
}

/** The events about one object, oldest first. */
export function eventsFor(engine: Engine, o: KubeObject): EventView[] {
  const mine = stored(engine, o.metadata.namespace).filter((e) => e.object.uid === o.metadata.uid || (e.object.kind === o.kind && e.object.name === o.metadata.name));
  return [...mine, ...derivedEvents(engine, o)].sort((a, b) => a.time.localeCompare(b.time));
}

/** The Event object kubectl's `-o yaml` would show for a view. */
export function eventObject(v: EventView): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: v.name, namespace: v.namespace, creationTimestamp: v.time },
    involvedObject: { apiVersion: v.object.kind === 'Pod' ? 'v1' : 'apps/v1', kind: v.object.kind, name: v.object.name, namespace: v.namespace, ...(v.object.uid ? { uid: v.object.uid } : {}) },
    reason: v.reason,
    message: v.message,
    source: { component: v.from },
    firstTimestamp: v.time,
    lastTimestamp: v.time,
    count: 1,
    type: v.type,
    reportingComponent: v.from,
    reportingInstance: '',
  };
}
