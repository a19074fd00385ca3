/**
 * Pods as the API server stores them: a template stamped into a Pod with the defaults
 * admission adds (restartPolicy, dnsPolicy, schedulerName, the not-ready / unreachable
 * tolerations, container defaults), so `kubectl get pod -o yaml` reads like a real one.
 */
import type { OwnerReference, Pod, PodSpec, PodTemplate } from '../../model/objects';
import { deepClone } from '../../model/clone';

/** The tolerations the DefaultTolerationSeconds admission plugin adds to every pod. */
export const DEFAULT_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists' as const, effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists' as const, effect: 'NoExecute', tolerationSeconds: 300 },
];

/** Fills the defaults a real API server would into a pod spec (returns a new object). */
export function withPodDefaults(spec: PodSpec): PodSpec {
  const s = deepClone(spec);
  s.containers = s.containers.map((c) => ({
    imagePullPolicy: c.image.endsWith(':latest') || !c.image.includes(':') ? 'Always' : 'IfNotPresent',
    resources: {},
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...c,
    ports: c.ports?.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })),
  }));
  if (!s.containers.some((c) => c.ports)) for (const c of s.containers) delete c.ports;
  s.restartPolicy ??= 'Always';
  s.dnsPolicy ??= s.hostNetwork ? 'ClusterFirst' : 'ClusterFirst';
  s.schedulerName ??= 'default-scheduler';
  s.terminationGracePeriodSeconds ??= 30;
  s.securityContext ??= {};
  s.enableServiceLinks ??= true;
  s.preemptionPolicy ??= 'PreemptLowerPriority';
  s.priority ??= 0;
  const tol = [...(s.tolerations ?? [])];
  for (const d of DEFAULT_TOLERATIONS) if (!tol.some((t) => t.key === d.key && t.effect === d.effect)) tol.push({ ...d });
  s.tolerations = tol;
  return s;
}

/** A pod from a controller's template. */
export function podFromTemplate(namespace: string, name: string, template: PodTemplate, owner: OwnerReference, generateName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName,
      namespace,
      labels: { ...(template.metadata.labels ?? {}) },
      ...(template.metadata.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [owner],
    },
    spec: withPodDefaults(template.spec),
  };
}
