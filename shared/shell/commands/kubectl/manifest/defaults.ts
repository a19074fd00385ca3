/**
 * The API server's defaulting for the kinds the lab models, so `get -o yaml` shows what
 * a real cluster adds (imagePullPolicy, dnsPolicy, strategy, ipFamilies...). Defaults only
 * fill missing fields, so they can be re-applied after every merge. IP and port
 * allocation are not here: the services controllers allocate, as the real allocators do.
 */
type Any = Record<string, any>;

function fill(o: Any, key: string, v: unknown): void {
  if (o[key] === undefined) o[key] = v;
}

/** Always for `:latest` or no tag, IfNotPresent otherwise (the server's rule). */
function pullPolicy(image: string | undefined): string {
  const ref = (image ?? '').split('@')[0]!;
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** Pod spec defaults; `inTemplate` skips what only bound pods get. */
export function defaultPodSpec(spec: Any, inTemplate: boolean): void {
  for (const c of (spec.containers ?? []) as Any[]) {
    fill(c, 'imagePullPolicy', pullPolicy(c.image));
    for (const p of (c.ports ?? []) as Any[]) fill(p, 'protocol', 'TCP');
    fill(c, 'resources', {});
    fill(c, 'terminationMessagePath', '/dev/termination-log');
    fill(c, 'terminationMessagePolicy', 'File');
  }
  fill(spec, 'dnsPolicy', 'ClusterFirst');
  if (!inTemplate) {
    fill(spec, 'enableServiceLinks', true);
    fill(spec, 'preemptionPolicy', 'PreemptLowerPriority');
    fill(spec, 'priority', 0);
  }
  fill(spec, 'restartPolicy', 'Always');
  fill(spec, 'schedulerName', 'default-scheduler');
  fill(spec, 'securityContext', {});
  if (!inTemplate) {
    fill(spec, 'serviceAccount', 'default');
    fill(spec, 'serviceAccountName', 'default');
  }
  fill(spec, 'terminationGracePeriodSeconds', 30);
  if (!inTemplate) {
    fill(spec, 'tolerations', [
      { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
    ]);
  }
}

/** Applies the server's defaults to an object in place. */
export function applyDefaults(o: Any): void {
  const spec = o.spec as Any | undefined;
  switch (o.kind) {
    case 'Pod':
      if (spec) defaultPodSpec(spec, false);
      break;
    case 'Deployment':
      if (!spec) break;
      fill(spec, 'progressDeadlineSeconds', 600);
      fill(spec, 'replicas', 1);
      fill(spec, 'revisionHistoryLimit', 10);
      fill(spec, 'strategy', {});
      if (spec.strategy.type === undefined) spec.strategy.type = 'RollingUpdate';
      if (spec.strategy.type === 'RollingUpdate') fill(spec.strategy, 'rollingUpdate', { maxSurge: '25%', maxUnavailable: '25%' });
      if (spec.template?.spec) defaultPodSpec(spec.template.spec, true);
      fill(o.metadata, 'generation', 1);
      break;
    case 'ReplicaSet':
    case 'DaemonSet':
      if (!spec) break;
      if (o.kind === 'ReplicaSet') fill(spec, 'replicas', 1);
      if (o.kind === 'DaemonSet') {
        fill(spec, 'revisionHistoryLimit', 10);
        fill(spec, 'updateStrategy', { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' });
      }
      if (spec.template?.spec) defaultPodSpec(spec.template.spec, true);
      fill(o.metadata, 'generation', 1);
      break;
    case 'Service': {
      if (!spec) break;
      fill(spec, 'type', 'ClusterIP');
      if (spec.type !== 'ExternalName') {
        fill(spec, 'internalTrafficPolicy', 'Cluster');
        fill(spec, 'ipFamilies', ['IPv4']);
        fill(spec, 'ipFamilyPolicy', 'SingleStack');
      }
      for (const p of (spec.ports ?? []) as Any[]) {
        fill(p, 'protocol', 'TCP');
        fill(p, 'targetPort', p.port);
      }
      fill(spec, 'sessionAffinity', 'None');
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') fill(spec, 'externalTrafficPolicy', 'Cluster');
      if (spec.type === 'LoadBalancer') fill(spec, 'allocateLoadBalancerNodePorts', true);
      if (spec.clusterIP && spec.clusterIP !== '' && !spec.clusterIPs) spec.clusterIPs = [spec.clusterIP];
      fill(o, 'status', { loadBalancer: {} });
      break;
    }
    case 'Namespace':
      fill(o.metadata, 'labels', {});
      fill(o.metadata.labels, 'kubernetes.io/metadata.name', o.metadata.name);
      fill(o, 'spec', { finalizers: ['kubernetes'] });
      fill(o, 'status', { phase: 'Active' });
      break;
    case 'Ingress':
      for (const r of (spec?.rules ?? []) as Any[]) for (const p of (r.http?.paths ?? []) as Any[]) fill(p, 'path', '/');
      fill(o, 'status', { loadBalancer: {} });
      break;
    case 'NetworkPolicy':
      if (!spec) o.spec = {};
      fill(o.spec, 'podSelector', {});
      if (!o.spec.policyTypes) o.spec.policyTypes = ['Ingress', ...(o.spec.egress ? ['Egress'] : [])];
      for (const dir of ['ingress', 'egress']) for (const r of (o.spec[dir] ?? []) as Any[]) for (const p of (r.ports ?? []) as Any[]) fill(p, 'protocol', 'TCP');
      break;
    case 'Secret':
      fill(o, 'type', 'Opaque');
      break;
  }
}
