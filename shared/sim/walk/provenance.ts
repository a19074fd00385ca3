/**
 * Provenance for the inspector: turns the structured origin a controller recorded on a
 * route, neighbour, FDB entry, rule or IPVS entry (kernel/types Origin) into a hop's
 * provenance entry — what was used, who wrote it, for which object, in one sentence.
 * State written without an origin (hand-built test clusters, older owners) falls back
 * to its free-text owner so nothing used at a hop goes unexplained.
 */
import type { Hop, Provenance } from '../../api/walk';
import type { Engine } from '../engine';
import type { Pod } from '../../model/objects';
import type { RuleHit } from '../../kernel/hooks';
import type { Origin, OriginObject } from '../../kernel/types';

/** `Service default/web`, `Node node-2`. */
export function objectText(o: OriginObject): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** What the owners the kernel and the shell write (no controller, no object) mean. */
const PLAIN_OWNERS: Record<string, Origin> = {
  kernel: { controller: 'kernel', detail: 'made by the kernel itself' },
  'kernel (ARP)': { controller: 'kernel', detail: 'learned by ARP' },
  'kernel (bridge learning)': { controller: 'kernel', detail: 'learned by the bridge from a frame' },
  ip: { controller: 'ip', detail: 'typed in a shell' },
  underlay: { controller: 'lab', detail: 'the underlay network the lab was built with' },
};

/** One provenance entry for state used on `host`, or undefined when nobody is recorded as its writer. */
export function provenance(what: string, host: string, origin: Origin | undefined, owner?: string): Provenance | undefined {
  const o = origin ?? (owner ? PLAIN_OWNERS[owner] ?? { controller: owner } : undefined);
  if (!o) return undefined;
  const tail = o.detail ?? (o.object ? `for ${objectText(o.object)}` : undefined);
  return {
    what,
    controller: o.controller,
    ...(o.object ? { object: { ...o.object } } : {}),
    text: `${o.controller} on ${host}${tail ? `, ${tail}` : ''}`,
  };
}

/**
 * Entries for the rules that matched at a hook, one per rule whose writer recorded an origin
 * (a Service, EndpointSlice, NetworkPolicy, or the learner's shell). Rules known only by an
 * owner string (kube-proxy's fixed jumps, flanneld's FORWARD accepts) already show that owner
 * in the rule list; repeating it per rule would bury the entries that link somewhere.
 */
export function ruleProvenance(hits: RuleHit[], host: string): Provenance[] {
  const out: Provenance[] = [];
  for (const h of hits) {
    const p = h.origin ? provenance(`${h.table}/${h.chain} #${h.ruleNum}`, host, h.origin) : undefined;
    if (p) out.push(p);
  }
  return out;
}

/** The `provenance` field of a hop, present only when something was recorded. */
export function provField(...entries: (Provenance | undefined)[]): { provenance?: Provenance[] } {
  const list = entries.filter((p): p is Provenance => !!p);
  return list.length ? { provenance: list } : {};
}

/** The DaemonSet pods the node-level controllers run in: namespace and the label that selects them. */
const CONTROLLER_PODS: Record<string, { namespace: string; label: string; value: string }> = {
  'kube-proxy': { namespace: 'kube-system', label: 'k8s-app', value: 'kube-proxy' },
  flanneld: { namespace: 'kube-flannel', label: 'app', value: 'flannel' },
  'calico-felix': { namespace: 'kube-system', label: 'k8s-app', value: 'calico-node' },
  'calico (bird)': { namespace: 'kube-system', label: 'k8s-app', value: 'calico-node' },
};

/** `controller|node` → its pod, rebuilt when the store changes (walks between changes reuse it). */
const podIndex = new WeakMap<Engine, { rv: string; pods: Map<string, { namespace: string; name: string }> }>();

function controllerPods(engine: Engine): Map<string, { namespace: string; name: string }> {
  const rv = engine.store.resourceVersion;
  const hit = podIndex.get(engine);
  if (hit?.rv === rv) return hit.pods;
  const pods = new Map<string, { namespace: string; name: string }>();
  const byNs = new Map<string, Pod[]>();
  for (const [controller, c] of Object.entries(CONTROLLER_PODS)) {
    let list = byNs.get(c.namespace);
    if (!list) byNs.set(c.namespace, (list = engine.store.list<Pod>('Pod', c.namespace)));
    for (const p of list) {
      if (p.metadata.labels?.[c.label] !== c.value || !p.spec.nodeName || p.metadata.deletionTimestamp) continue;
      pods.set(`${controller}|${p.spec.nodeName}`, { namespace: c.namespace, name: p.metadata.name });
    }
  }
  podIndex.set(engine, { rv, pods });
  return pods;
}

/** Names the pod each node-level controller of a hop's provenance runs in (kube-proxy-…, kube-flannel-ds-…). */
export function linkControllerPods(engine: Engine, hops: Hop[]): void {
  let pods: Map<string, { namespace: string; name: string }> | undefined;
  for (const h of hops) {
    if (!h.provenance || !h.netns.startsWith('node/')) continue;
    const node = h.netns.slice('node/'.length);
    for (const p of h.provenance) {
      if (!CONTROLLER_PODS[p.controller]) continue;
      pods ??= controllerPods(engine);
      const pod = pods.get(`${p.controller}|${node}`);
      if (pod) p.controllerPod = { ...pod };
    }
  }
}
