/**
 * The API server's semantic validation for the kinds the lab models: names, ports,
 * selectors, required fields. Messages use the server's words (`spec.ports[0].port:
 * Invalid value: 0: must be between 1 and 65535, inclusive`).
 */
import { selectorMatches, type LabelSelector } from '../../../../model/objects';

type Any = Record<string, any>;

const DNS1123_SUB = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const SUB_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const q = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : String(v));
const goMap = (m: Record<string, string> | undefined): string =>
  `map[string]string{${Object.keys(m ?? {})
    .sort()
    .map((k) => `"${k}":"${m![k]}"`)
    .join(', ')}}`;

class Errs {
  list: string[] = [];
  required(path: string, detail?: string): void {
    this.list.push(`${path}: Required value${detail ? `: ${detail}` : ''}`);
  }
  invalid(path: string, value: unknown, msg: string): void {
    this.list.push(`${path}: Invalid value: ${q(value)}: ${msg}`);
  }
  unsupported(path: string, value: unknown, allowed: string[]): void {
    this.list.push(`${path}: Unsupported value: ${q(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }
  port(path: string, v: unknown): void {
    if (typeof v !== 'number' || v < 1 || v > 65535) this.invalid(path, v ?? 0, 'must be between 1 and 65535, inclusive');
  }
}

function labels(e: Errs, path: string, m: Record<string, string> | undefined | null): void {
  for (const [k, v] of Object.entries(m ?? {})) {
    const name = k.includes('/') ? k.slice(k.indexOf('/') + 1) : k;
    if (!/^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name) || name.length > 63) {
      e.invalid(path, k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }
    if (v !== '' && (!/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v) || v.length > 63)) {
      e.invalid(path, v, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
    }
  }
}

function podSpec(e: Errs, path: string, spec: Any | undefined): void {
  const cs = (spec?.containers ?? []) as Any[];
  if (!cs.length) e.required(`${path}.containers`);
  const names = new Set<string>();
  cs.forEach((c, i) => {
    const p = `${path}.containers[${i}]`;
    if (!c.name) e.required(`${p}.name`);
    else if (!DNS1123_LABEL.test(c.name)) e.invalid(`${p}.name`, c.name, LABEL_MSG);
    else if (names.has(c.name)) e.list.push(`${p}.name: Duplicate value: ${q(c.name)}`);
    names.add(c.name);
    if (!c.image) e.required(`${p}.image`);
    ((c.ports ?? []) as Any[]).forEach((cp, j) => {
      e.port(`${p}.ports[${j}].containerPort`, cp.containerPort);
      if (cp.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(cp.protocol)) e.unsupported(`${p}.ports[${j}].protocol`, cp.protocol, ['SCTP', 'TCP', 'UDP']);
    });
  });
  if (spec?.restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(spec.restartPolicy)) {
    e.unsupported(`${path}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']);
  }
}

function workload(e: Errs, o: Any): void {
  const s = (o.spec ?? {}) as Any;
  if (s.replicas !== undefined && s.replicas < 0) e.invalid('spec.replicas', s.replicas, 'must be greater than or equal to 0');
  const sel = s.selector as LabelSelector | undefined;
  const empty = !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length);
  if (empty) e.required('spec.selector');
  const tl = s.template?.metadata?.labels as Record<string, string> | undefined;
  if (!empty && !selectorMatches(sel, tl)) e.invalid('spec.template.metadata.labels', goMap(tl), '`selector` does not match template `labels`');
  podSpec(e, 'spec.template.spec', s.template?.spec);
}

function service(e: Errs, o: Any): void {
  const s = (o.spec ?? {}) as Any;
  const type = s.type ?? 'ClusterIP';
  const types = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
  if (!types.includes(type)) e.unsupported('spec.type', type, types);
  const ports = (s.ports ?? []) as Any[];
  if (!ports.length && type !== 'ExternalName' && s.clusterIP !== 'None') e.required('spec.ports');
  if (type === 'ExternalName' && !s.externalName) e.required('spec.externalName');
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) e.required(`${path}.name`);
    else if (p.name && !DNS1123_LABEL.test(p.name)) e.invalid(`${path}.name`, p.name, LABEL_MSG);
    e.port(`${path}.port`, p.port);
    const proto = p.protocol ?? 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(proto)) e.unsupported(`${path}.protocol`, proto, ['SCTP', 'TCP', 'UDP']);
    if (typeof p.targetPort === 'number') e.port(`${path}.targetPort`, p.targetPort);
    if (p.nodePort !== undefined) {
      if (type === 'ClusterIP') e.list.push(`${path}.nodePort: Forbidden: may not be used when \`type\` is 'ClusterIP'`);
      else if (p.nodePort < 30000 || p.nodePort > 32767) {
        e.invalid(`${path}.nodePort`, p.nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767');
      }
    }
    const key = `${p.port}/${proto}`;
    if (seen.has(key)) e.list.push(`${path}: Duplicate value: core.ServicePort{Name:"${p.name ?? ''}", Protocol:"${proto}", AppProtocol:(*string)(nil), Port:${p.port}, TargetPort:intstr.IntOrString{Type:0, IntVal:${typeof p.targetPort === 'number' ? p.targetPort : p.port}, StrVal:""}, NodePort:${p.nodePort ?? 0}}`);
    seen.add(key);
  });
  labels(e, 'spec.selector', s.selector);
  if (s.sessionAffinity !== undefined && !['None', 'ClientIP'].includes(s.sessionAffinity)) e.unsupported('spec.sessionAffinity', s.sessionAffinity, ['ClientIP', 'None']);
  if (s.externalTrafficPolicy !== undefined && !['Cluster', 'Local'].includes(s.externalTrafficPolicy)) e.unsupported('spec.externalTrafficPolicy', s.externalTrafficPolicy, ['Cluster', 'Local']);
}

function ingress(e: Errs, o: Any): void {
  const s = (o.spec ?? {}) as Any;
  const rules = (s.rules ?? []) as Any[];
  if (!rules.length && !s.defaultBackend) e.invalid('spec', '{}', 'either `defaultBackend` or `rules` must be specified');
  rules.forEach((r, i) => {
    if (r.host !== undefined && !DNS1123_SUB.test(String(r.host).replace(/^\*\./, 'x.'))) e.invalid(`spec.rules[${i}].host`, r.host, SUB_MSG);
    ((r.http?.paths ?? []) as Any[]).forEach((p, j) => {
      const path = `spec.rules[${i}].http.paths[${j}]`;
      if (!p.pathType) e.required(`${path}.pathType`, 'pathType must be specified');
      else if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(p.pathType)) e.unsupported(`${path}.pathType`, p.pathType, ['Exact', 'ImplementationSpecific', 'Prefix']);
      if (p.path !== undefined && !String(p.path).startsWith('/')) e.invalid(`${path}.path`, p.path, 'must be an absolute path');
      const svc = p.backend?.service;
      if (!svc) e.invalid(`${path}.backend`, '{}', 'must specify a service or resource');
      else {
        if (!svc.name) e.required(`${path}.backend.service.name`);
        if (svc.port?.number === undefined && !svc.port?.name) e.required(`${path}.backend.service.port`, 'port name or number is required');
        else if (svc.port?.number !== undefined) e.port(`${path}.backend.service.port.number`, svc.port.number);
      }
    });
  });
}

function peers(e: Errs, path: string, list: Any[] | undefined | null): void {
  (list ?? []).forEach((p, i) => {
    const pp = `${path}[${i}]`;
    if (p.ipBlock) {
      const cidr = String(p.ipBlock.cidr ?? '');
      if (!/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr)) e.invalid(`${pp}.ipBlock.cidr`, cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
      if (p.podSelector || p.namespaceSelector) e.list.push(`${pp}: Forbidden: may not specify more than 1 peer type`);
    } else if (!p.podSelector && !p.namespaceSelector) e.required(pp, 'must specify a peer');
  });
}

function policy(e: Errs, o: Any): void {
  const s = (o.spec ?? {}) as Any;
  ((s.policyTypes ?? []) as string[]).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') e.unsupported(`spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']);
  });
  for (const dir of ['ingress', 'egress'] as const) {
    ((s[dir] ?? []) as Any[]).forEach((rule, i) => {
      peers(e, `spec.${dir}[${i}].${dir === 'ingress' ? 'from' : 'to'}`, rule[dir === 'ingress' ? 'from' : 'to']);
      ((rule.ports ?? []) as Any[]).forEach((p, j) => {
        const pp = `spec.${dir}[${i}].ports[${j}]`;
        if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) e.unsupported(`${pp}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']);
        if (typeof p.port === 'number') e.port(`${pp}.port`, p.port);
        if (p.endPort !== undefined) {
          if (typeof p.port !== 'number') e.required(`${pp}.port`, 'must be specified when endPort is specified');
          else if (p.endPort < p.port) e.invalid(`${pp}.endPort`, p.endPort, 'must be greater than or equal to `port`');
        }
      });
    });
  }
}

/** Validates an object; returns the server's field errors (empty when valid). */
export function validateObject(o: Any): string[] {
  const e = new Errs();
  const name = o.metadata?.name as string | undefined;
  if (!name && !o.metadata?.generateName) e.required('metadata.name', 'name or generateName is required');
  else if (name) {
    if (o.kind === 'Service' || o.kind === 'Namespace') {
      if (!(o.kind === 'Service' ? DNS1035 : DNS1123_LABEL).test(name)) e.invalid('metadata.name', name, o.kind === 'Service' ? DNS1035_MSG : LABEL_MSG);
    } else if (!DNS1123_SUB.test(name)) e.invalid('metadata.name', name, SUB_MSG);
  }
  labels(e, 'metadata.labels', o.metadata?.labels);
  switch (o.kind) {
    case 'Pod':
      podSpec(e, 'spec', o.spec);
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      workload(e, o);
      break;
    case 'Service':
      service(e, o);
      break;
    case 'Ingress':
      ingress(e, o);
      break;
    case 'NetworkPolicy':
      policy(e, o);
      break;
  }
  return e.list;
}

/** `The Service "web" is invalid: ...` (one error inline, several as a bullet list). */
export function invalidMessage(kind: string, name: string, errs: string[]): string {
  if (errs.length === 1) return `The ${kind} "${name}" is invalid: ${errs[0]}`;
  return `The ${kind} "${name}" is invalid: \n${errs.map((x) => `* ${x}`).join('\n')}`;
}
