/**
 * The resource types kubectl knows in this lab, with their short names and API groups,
 * as `kubectl api-resources` lists them. Every verb resolves a typed resource name here.
 */
/** One row of `kubectl api-resources`. */
export interface ResourceInfo {
  /** Plural resource name, e.g. `pods`. */
  plural: string;
  singular: string;
  short: string[];
  kind: string;
  /** API group, '' for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  verbs: string[];
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The table, in `kubectl api-resources` order (core group first, then by group name). */
export const RESOURCES: ResourceInfo[] = [
  { plural: 'configmaps', singular: 'configmap', short: ['cm'], kind: 'ConfigMap', group: '', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'endpoints', singular: 'endpoints', short: ['ep'], kind: 'Endpoints', group: '', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'events', singular: 'event', short: ['ev'], kind: 'Event', group: '', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'namespaces', singular: 'namespace', short: ['ns'], kind: 'Namespace', group: '', version: 'v1', namespaced: false, verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] },
  { plural: 'nodes', singular: 'node', short: ['no'], kind: 'Node', group: '', version: 'v1', namespaced: false, verbs: RW },
  { plural: 'pods', singular: 'pod', short: ['po'], kind: 'Pod', group: '', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'secrets', singular: 'secret', short: [], kind: 'Secret', group: '', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'services', singular: 'service', short: ['svc'], kind: 'Service', group: '', version: 'v1', namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] },
  { plural: 'daemonsets', singular: 'daemonset', short: ['ds'], kind: 'DaemonSet', group: 'apps', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'deployments', singular: 'deployment', short: ['deploy'], kind: 'Deployment', group: 'apps', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'replicasets', singular: 'replicaset', short: ['rs'], kind: 'ReplicaSet', group: 'apps', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'endpointslices', singular: 'endpointslice', short: [], kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'ingressclasses', singular: 'ingressclass', short: [], kind: 'IngressClass', group: 'networking.k8s.io', version: 'v1', namespaced: false, verbs: RW },
  { plural: 'ingresses', singular: 'ingress', short: ['ing'], kind: 'Ingress', group: 'networking.k8s.io', version: 'v1', namespaced: true, verbs: RW },
  { plural: 'networkpolicies', singular: 'networkpolicy', short: ['netpol'], kind: 'NetworkPolicy', group: 'networking.k8s.io', version: 'v1', namespaced: true, verbs: RW },
];

/** Finds a resource by plural, singular, short name, kind, or `name.group` (`deployments.apps`). */
export function findResource(typed: string): ResourceInfo | undefined {
  const t = typed.toLowerCase();
  const dot = t.indexOf('.');
  const base = dot >= 0 ? t.slice(0, dot) : t;
  const group = dot >= 0 ? t.slice(dot + 1) : undefined;
  return RESOURCES.find(
    (r) =>
      (group === undefined || r.group === group || `${r.version}.${r.group}` === group) &&
      (r.plural === base || r.singular === base || r.short.includes(base) || r.kind.toLowerCase() === base),
  );
}

/** The resource for a kind (`Deployment`). */
export function resourceForKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/** `apps/v1` or `v1`. */
export function apiVersionOf(r: ResourceInfo): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** The `kind.group` prefix kubectl prints in `-o name` and in action lines (`deployment.apps/web`). */
export function typePrefix(r: ResourceInfo): string {
  return r.group ? `${r.singular}.${r.group}` : r.singular;
}

/** The qualified plural used in server errors (`deployments.apps "x" not found`). */
export function qualifiedPlural(r: ResourceInfo): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** Kinds `kubectl get all` lists, in its order. */
export const ALL_KINDS = ['Pod', 'Service', 'DaemonSet', 'Deployment', 'ReplicaSet'];
