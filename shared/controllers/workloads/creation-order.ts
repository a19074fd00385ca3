/**
 * The order in which objects were created, by uid. The kubelet gives a container the
 * environment variables of the Services that existed when it started; the virtual clock
 * often does not move between two commands, so equal creationTimestamps cannot tell a
 * Service made after a pod from one made before it. The store's resourceVersion at the
 * ADDED event can, and this remembers it (an object's own resourceVersion moves on with
 * every update, so it cannot be read back later).
 */
import type { KubeObject } from '../../model/objects';
import type { ObjectStore } from '../../model/store';
import type { Engine } from '../../sim/engine';

const orders = new WeakMap<ObjectStore, Map<string, number>>();

/**
 * Starts recording creations in an engine's store (idempotent), from the end of the
 * bootstrap batch on: the cluster's own objects (kube-dns and the coredns pods...) count as
 * one moment, since on a real cluster their containers start long after all were created.
 */
export function trackCreationOrder(engine: Engine): void {
  const store = engine.store;
  if (orders.has(store)) return;
  const m = new Map<string, number>();
  orders.set(store, m);
  let booted = false;
  // the first engine event is the end of the outermost (bootstrap) batch
  const sub = engine.on(() => {
    booted = true;
    sub.dispose();
  });
  store.watch((e) => {
    const uid = e.object.metadata.uid;
    if (!uid || !booted) return;
    if (e.type === 'ADDED') m.set(uid, Number(e.object.metadata.resourceVersion));
    else if (e.type === 'DELETED') m.delete(uid);
  });
}

/**
 * Whether `a` was created no later than `b`: by recorded creation order when both were
 * seen; an object not seen was there before tracking began (the system pods created before
 * the sandbox controller starts, or a restored lab's objects); else by creationTimestamp.
 */
export function createdNoLaterThan(store: ObjectStore, a: KubeObject, b: KubeObject): boolean {
  const m = orders.get(store);
  const ra = a.metadata.uid ? m?.get(a.metadata.uid) : undefined;
  const rb = b.metadata.uid ? m?.get(b.metadata.uid) : undefined;
  if (ra !== undefined && rb !== undefined) return ra <= rb;
  // one seen and one not: the unseen one predates the tracking (engine start, lab restore)
  if (ra !== undefined || rb !== undefined) return ra === undefined;
  return (a.metadata.creationTimestamp ?? '') <= (b.metadata.creationTimestamp ?? '');
}
