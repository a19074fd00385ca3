/**
 * Server-side strict field validation (kubectl's default `--validate=strict` since 1.27):
 * a field the API does not have is refused with `strict decoding error: unknown field
 * "spec.replica"`, which is how a typo or a mis-indented line shows up on a real cluster.
 * The field lists cover the shapes learners write; beneath fields not listed here
 * (resources, securityContext, volumes...) anything is accepted.
 */
type Any = Record<string, any>;

/** A node of the field tree: its known fields, each with a sub-tree, `'*'` (free-form) or `'leaf'`. */
type Shape = { [field: string]: Shape | '*' | 'leaf' | [Shape] };

const META: Shape = { name: 'leaf', generateName: 'leaf', namespace: 'leaf', labels: '*', annotations: '*', uid: 'leaf', resourceVersion: 'leaf', generation: 'leaf', creationTimestamp: 'leaf', deletionTimestamp: 'leaf', deletionGracePeriodSeconds: 'leaf', ownerReferences: '*', finalizers: '*', managedFields: '*', selfLink: 'leaf' };
const SELECTOR: Shape = { matchLabels: '*', matchExpressions: '*' };
const CONTAINER: Shape = {
  name: 'leaf', image: 'leaf', command: 'leaf', args: 'leaf', workingDir: 'leaf', ports: [{ name: 'leaf', containerPort: 'leaf', protocol: 'leaf', hostPort: 'leaf', hostIP: 'leaf' }],
  env: '*', envFrom: '*', resources: '*', volumeMounts: '*', volumeDevices: '*', livenessProbe: '*', readinessProbe: '*', startupProbe: '*', lifecycle: '*',
  terminationMessagePath: 'leaf', terminationMessagePolicy: 'leaf', imagePullPolicy: 'leaf', securityContext: '*', stdin: 'leaf', stdinOnce: 'leaf', tty: 'leaf', resizePolicy: '*', restartPolicy: 'leaf',
};
const POD_SPEC: Shape = {
  containers: [CONTAINER], initContainers: [CONTAINER], ephemeralContainers: '*', volumes: '*', restartPolicy: 'leaf', terminationGracePeriodSeconds: 'leaf', activeDeadlineSeconds: 'leaf',
  dnsPolicy: 'leaf', dnsConfig: '*', nodeSelector: '*', serviceAccountName: 'leaf', serviceAccount: 'leaf', automountServiceAccountToken: 'leaf', nodeName: 'leaf', hostNetwork: 'leaf', hostPID: 'leaf',
  hostIPC: 'leaf', shareProcessNamespace: 'leaf', securityContext: '*', imagePullSecrets: '*', hostname: 'leaf', subdomain: 'leaf', affinity: '*', schedulerName: 'leaf', tolerations: '*', hostAliases: '*',
  priorityClassName: 'leaf', priority: 'leaf', readinessGates: '*', runtimeClassName: 'leaf', enableServiceLinks: 'leaf', preemptionPolicy: 'leaf', overhead: '*', topologySpreadConstraints: '*',
  setHostnameAsFQDN: 'leaf', os: '*', hostUsers: 'leaf', schedulingGates: '*', resourceClaims: '*',
};
const TEMPLATE: Shape = { metadata: META, spec: POD_SPEC };
const BACKEND: Shape = { service: { name: 'leaf', port: { name: 'leaf', number: 'leaf' } }, resource: '*' };
const PEER: Shape = { podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: { cidr: 'leaf', except: 'leaf' } };
const NP_PORT: Shape = { protocol: 'leaf', port: 'leaf', endPort: 'leaf' };

const TOP: Shape = { apiVersion: 'leaf', kind: 'leaf', metadata: META, status: '*' };

/** Field trees per kind. */
const KINDS: Record<string, Shape> = {
  Pod: { ...TOP, spec: POD_SPEC },
  Deployment: { ...TOP, spec: { replicas: 'leaf', selector: SELECTOR, template: TEMPLATE, strategy: '*', minReadySeconds: 'leaf', revisionHistoryLimit: 'leaf', paused: 'leaf', progressDeadlineSeconds: 'leaf' } },
  ReplicaSet: { ...TOP, spec: { replicas: 'leaf', selector: SELECTOR, template: TEMPLATE, minReadySeconds: 'leaf' } },
  DaemonSet: { ...TOP, spec: { selector: SELECTOR, template: TEMPLATE, updateStrategy: '*', minReadySeconds: 'leaf', revisionHistoryLimit: 'leaf' } },
  Service: {
    ...TOP,
    spec: {
      ports: [{ name: 'leaf', protocol: 'leaf', appProtocol: 'leaf', port: 'leaf', targetPort: 'leaf', nodePort: 'leaf' }], selector: '*', clusterIP: 'leaf', clusterIPs: 'leaf', type: 'leaf', externalIPs: 'leaf',
      sessionAffinity: 'leaf', loadBalancerIP: 'leaf', loadBalancerSourceRanges: 'leaf', externalName: 'leaf', externalTrafficPolicy: 'leaf', healthCheckNodePort: 'leaf', publishNotReadyAddresses: 'leaf',
      sessionAffinityConfig: '*', ipFamilies: 'leaf', ipFamilyPolicy: 'leaf', allocateLoadBalancerNodePorts: 'leaf', loadBalancerClass: 'leaf', internalTrafficPolicy: 'leaf', trafficDistribution: 'leaf',
    },
  },
  Ingress: {
    ...TOP,
    spec: {
      ingressClassName: 'leaf', defaultBackend: BACKEND, tls: [{ hosts: 'leaf', secretName: 'leaf' }],
      rules: [{ host: 'leaf', http: { paths: [{ path: 'leaf', pathType: 'leaf', backend: BACKEND }] } }],
    },
  },
  NetworkPolicy: {
    ...TOP,
    spec: { podSelector: SELECTOR, policyTypes: 'leaf', ingress: [{ from: [PEER], ports: [NP_PORT] }], egress: [{ to: [PEER], ports: [NP_PORT] }] },
  },
  ConfigMap: { ...TOP, data: '*', binaryData: '*', immutable: 'leaf' },
  Secret: { ...TOP, data: '*', stringData: '*', type: 'leaf', immutable: 'leaf' },
  Namespace: { ...TOP, spec: '*' },
};

function walk(v: unknown, shape: Shape, path: string, out: string[]): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return;
  for (const [k, child] of Object.entries(v as Any)) {
    const p = path ? `${path}.${k}` : k;
    const s = shape[k];
    if (s === undefined) out.push(`unknown field "${p}"`);
    else if (Array.isArray(s)) {
      if (Array.isArray(child)) child.forEach((item, i) => walk(item, s[0], `${p}[${i}]`, out));
    } else if (s !== '*' && s !== 'leaf') walk(child, s, p, out);
  }
}

/** Unknown fields of an object, as the server's strict decoder words them (empty when none). */
export function unknownFields(kind: string, obj: Any): string[] {
  const shape = KINDS[kind];
  if (!shape) return [];
  const out: string[] = [];
  walk(obj, shape, '', out);
  return out;
}
