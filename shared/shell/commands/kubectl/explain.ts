/**
 * `kubectl explain KIND[.field...]` for the kinds the lab models: the kind, version,
 * a one-paragraph description and the fields the lab's schemas know, in kubectl's layout.
 */
import { KubectlError, resolveResource, type Verb } from './context';
import { apiVersionOf } from './resources';

const DESCRIPTIONS: Record<string, string> = {
  Pod: 'Pod is a collection of containers that can run on a host. This resource is\n    created by clients and scheduled onto hosts.',
  Service: 'Service is a named abstraction of software service (for example, mysql)\n    consisting of local port (for example 3306) that the proxy listens on, and the\n    selector that determines which pods will answer requests sent through the\n    proxy.',
  Deployment: 'Deployment enables declarative updates for Pods and ReplicaSets.',
  ReplicaSet: 'ReplicaSet ensures that a specified number of pod replicas are running at\n    any given time.',
  DaemonSet: 'DaemonSet represents the configuration of a daemon set.',
  Ingress: 'Ingress is a collection of rules that allow inbound connections to reach the\n    endpoints defined by a backend. An Ingress can be configured to give services\n    externally-reachable urls, load balance traffic, terminate SSL, offer name\n    based virtual hosting etc.',
  NetworkPolicy: 'NetworkPolicy describes what network traffic is allowed for a set of Pods',
  ConfigMap: 'ConfigMap holds configuration data for pods to consume.',
  Namespace: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
  Node: 'Node is a worker node in Kubernetes. Each node will have a unique identifier\n    in the cache (i.e. in etcd).',
};

const TOP_FIELDS: [string, string, string][] = [
  ['apiVersion', '<string>', 'APIVersion defines the versioned schema of this representation of an object.'],
  ['kind', '<string>', 'Kind is a string value representing the REST resource this object represents.'],
  ['metadata', '<ObjectMeta>', "Standard object's metadata."],
  ['spec', '<Object>', 'Specification of the desired behavior of the object.'],
  ['status', '<Object>', 'Most recently observed status of the object. Read-only.'],
];

/** `kubectl explain`. */
export const explain: Verb = {
  name: 'explain',
  summary: 'Get documentation for a resource',
  usage: 'kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [options]',
  flags: [{ name: 'recursive', type: 'bool' }, { name: 'api-version', type: 'string' }],
  run(k) {
    const arg = k.args.positional[0];
    if (!arg) throw new KubectlError('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.');
    const [type, ...path] = arg.split('.');
    const r = resolveResource(type!);
    if (path.length) throw new KubectlError(`error: field "${path[0]}" does not exist`);
    const [group, version] = r.group ? [r.group, r.version] : ['', r.version];
    let s = `GROUP:      ${group}\nKIND:       ${r.kind}\nVERSION:    ${version}\n\nDESCRIPTION:\n    ${DESCRIPTIONS[r.kind] ?? `${r.kind} (${apiVersionOf(r)}).`}\n    \nFIELDS:\n`;
    if (!group) s = s.replace('GROUP:      \n', '');
    const fields = r.kind === 'ConfigMap' ? TOP_FIELDS.filter(([n]) => n !== 'spec' && n !== 'status').concat([['data', '<map[string]string>', 'Data contains the configuration data.']]) : TOP_FIELDS;
    for (const [n, t, d] of fields) s += `  ${n}\t${t}\n    ${d}\n\n`;
    k.ctx.out(s.replace(/\n\n$/, '\n\n'));
    return 0;
  },
};
