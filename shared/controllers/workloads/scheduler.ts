/**
 * The scheduler: binds each pending pod to a node. Filters as kube-scheduler does
 * (nodeName, nodeSelector, NoSchedule taints versus tolerations), then scores: fewest
 * pods of the same owner on the node (spreading a Deployment), then fewest pods, then
 * node order, so placement is deterministic.
 */
import type { KubeNode, Pod, Toleration } from '../../model/objects';

/** Does some toleration tolerate this taint? */
export function tolerates(tolerations: Toleration[] | undefined, taint: { key: string; value?: string; effect: string }): boolean {
  return (tolerations ?? []).some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.key === undefined || t.key === '') return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** Can the pod run on the node (ignoring resources, which the lab does not model)? */
export function feasible(pod: Pod, node: KubeNode, selector: [string, string][] = Object.entries(pod.spec.nodeSelector ?? {})): boolean {
  for (const [k, v] of selector) if (node.metadata.labels?.[k] !== v) return false;
  // `kubectl cordon` sets spec.unschedulable; the node lifecycle controller's taint says the same.
  if ((node.spec as { unschedulable?: boolean }).unschedulable && !tolerates(pod.spec.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) return false;
  for (const taint of node.spec.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerates(pod.spec.tolerations, taint)) return false;
  }
  return true;
}

/** Per-node counts the scorer needs, kept up to date from watch events. */
export interface NodeLoad {
  total: number;
  byOwner: Map<string, number>;
}

/** The owner key used for spreading: the controller owner's uid, else the `app` label. */
export function spreadKey(pod: Pod): string {
  const ref = pod.metadata.ownerReferences?.find((r) => r.controller) ?? pod.metadata.ownerReferences?.[0];
  if (ref) return ref.uid;
  return `app=${pod.metadata.labels?.app ?? ''}`;
}

/** The node for a pod, or undefined with the scheduler's event text when none fits. */
export function pickNode(pod: Pod, nodes: KubeNode[], load: Map<string, NodeLoad>): { node: string } | { message: string } {
  const key = spreadKey(pod);
  // The best candidate so far, in plain variables: this runs for every node for every pod.
  let best: string | undefined;
  let bestSame = 0;
  let bestTotal = 0;
  let bestOrder = 0;
  let tainted = 0;
  let selector = 0;
  let cordoned = 0;
  const taintText = new Set<string>();
  const sel = Object.entries(pod.spec.nodeSelector ?? {});
  nodes.forEach((n, order) => {
    if (!feasible(pod, n, sel)) {
      if (sel.some(([k, v]) => n.metadata.labels?.[k] !== v)) selector++;
      else if ((n.spec as { unschedulable?: boolean }).unschedulable) cordoned++;
      else {
        tainted++;
        for (const t of n.spec.taints ?? []) if (!tolerates(pod.spec.tolerations, t)) taintText.add(`{${t.key}: ${t.value ?? ''}}`);
      }
      return;
    }
    const l = load.get(n.metadata.name);
    const same = l?.byOwner.get(key) ?? 0;
    const total = l?.total ?? 0;
    if (best === undefined || same < bestSame || (same === bestSame && (total < bestTotal || (total === bestTotal && order < bestOrder)))) {
      best = n.metadata.name;
      bestSame = same;
      bestTotal = total;
      bestOrder = order;
    }
  });
  if (best !== undefined) return { node: best };
  const parts: string[] = [];
  // kube-scheduler's FitError text: reasons sorted, then the preemption sentence.
  if (selector) parts.push(`${selector} node(s) didn't match Pod's node affinity/selector`);
  if (tainted) parts.push(`${tainted} node(s) had untolerated taint ${[...taintText].sort().join(', ')}`);
  if (cordoned) parts.push(`${cordoned} node(s) were unschedulable`);
  parts.sort();
  return { message: `0/${nodes.length} nodes are available: ${parts.join(', ')}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.` };
}
