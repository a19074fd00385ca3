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

const orders = new WeakMap<ObjectStore, Map<string, number>>();

/** Starts recording creations in a store (idempotent). */
export function trackCreationOrder(store: ObjectStore): void {
  if (orders.has(store)) return;
  const m = new Map<string, number>();
  orders.set(store, m);
  store.watch((e) => {
    const uid = e.object.metadata.uid;
    if (!uid) return;
    if (e.type === 'ADDED') m.set(uid, Number(e.object.metadata.resourceVersion));
    else if (e.type === 'DELETED') m.delete(uid);
  });
}

/**
 * Whether `a` was created no later than `b`: by recorded creation order when both were
 * seen, else by creationTimestamp (objects that predate the tracking, or a restored lab).
 */
export function createdNoLaterThan(store: ObjectStore, a: KubeObject, b: KubeObject): boolean {
  const m = orders.get(store);
  const ra = a.metadata.uid ? m?.get(a.metadata.uid) : undefined;
  const rb = b.metadata.uid ? m?.get(b.metadata.uid) : undefined;
  if (ra !== undefined && rb !== undefined) return ra <= rb;
  return (a.metadata.creationTimestamp ?? '') <= (b.metadata.creationTimestamp ?? '');
}
