/**
 * The table columns kubectl prints per kind (its server-side table printers in
 * pkg/printers/internalversion), computed from the object alone. `-o wide` adds columns.
 */
import type { KubeObject, LabelSelector } from '../../../model/objects';
import { ageOf } from './duration';

type Any = Record<string, any>;

/** Columns of one kind: headers, wide extras, and the cells of an object. */
export interface KindPrinter {
  headers: string[];
  wide: string[];
  row(o: KubeObject, now: number): string[];
  wideRow(o: KubeObject, now: number): string[];
}

/** `a=b,c=d` sorted by key, or `<none>` (labels.FormatLabels). */
export function formatLabels(m: Record<string, string> | undefined, none = '<none>'): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : none;
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b),!x`; an empty selector prints `<none>`. */
export function formatSelector(s: LabelSelector | undefined): string {
  if (!s) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(s.matchLabels ?? {}).sort()) parts.push(`${k}=${s.matchLabels![k]}`);
  for (const e of s.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

/** At most three items, then ` + N more...` (kubectl's endpoint and host lists). */
export function firstThree(items: string[], none: string): string {
  if (items.length === 0) return none;
  const shown = items.slice(0, 3).join(',');
  return items.length > 3 ? `${shown} + ${items.length - 3} more...` : shown;
}

const age = (o: KubeObject, now: number): string => ageOf(o.metadata.creationTimestamp, now);
const containers = (spec: Any | undefined): Any[] => (spec?.containers as Any[] | undefined) ?? [];
const names = (cs: Any[]): string => cs.map((c) => c.name).join(',');
const images = (cs: Any[]): string => cs.map((c) => c.image).join(',');

/** Pod STATUS as kubectl derives it: Terminating, a waiting/terminated reason, or the phase. */
export function podStatus(o: KubeObject): string {
  const st = (o.status ?? {}) as Any;
  if (o.metadata.deletionTimestamp) return 'Terminating';
  let reason: string = st.reason ?? st.phase ?? 'Pending';
  for (const cs of (st.containerStatuses ?? []) as Any[]) {
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
  }
  return reason;
}

/** RESTARTS: the sum, with the last restart's age (`3 (74m ago)`) when known. */
function restarts(o: KubeObject, now: number): string {
  const cs = (((o.status ?? {}) as Any).containerStatuses ?? []) as Any[];
  let n = 0;
  let last: string | undefined;
  for (const c of cs) {
    n += c.restartCount ?? 0;
    const f = c.lastState?.terminated?.finishedAt as string | undefined;
    if (f && (!last || f > last)) last = f;
  }
  return last && n > 0 ? `${n} (${ageOf(last, now)} ago)` : String(n);
}

function svcExternal(s: Any): string {
  const spec = s.spec ?? {};
  const ext: string[] = [...(spec.externalIPs ?? [])];
  switch (spec.type ?? 'ClusterIP') {
    case 'LoadBalancer': {
      const lb = ((s.status?.loadBalancer?.ingress ?? []) as Any[]).map((i) => i.ip ?? i.hostname);
      const all = [...lb, ...ext];
      return all.length ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    default:
      return ext.length ? ext.join(',') : '<none>';
  }
}

/** `80:31674/TCP,443/TCP` or `<none>`. */
export function svcPorts(spec: Any): string {
  const ps = (spec.ports ?? []) as Any[];
  if (!ps.length) return '<none>';
  return ps.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

/** Ready endpoint `ip:port` pairs of an Endpoints object, ports outer, as kubectl lists them. */
export function endpointsList(o: Any): string[] {
  const out: string[] = [];
  for (const ss of (o.subsets ?? []) as Any[]) {
    const addrs = ((ss.addresses ?? []) as Any[]).map((a) => a.ip as string);
    const ports = (ss.ports ?? []) as Any[];
    if (!ports.length) out.push(...addrs);
    else for (const p of ports) for (const a of addrs) out.push(`${a}:${p.port}`);
  }
  return out;
}

function nodeRoles(o: KubeObject): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter((r) => r !== '')
    .sort();
  return roles.length ? roles.join(',') : '<none>';
}

function nodeStatus(o: Any): string {
  const ready = ((o.status?.conditions ?? []) as Any[]).find((c) => c.type === 'Ready');
  let s = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  if (o.spec?.unschedulable) s += ',SchedulingDisabled';
  return s;
}

function ingressHosts(spec: Any): string {
  const hosts: string[] = [];
  for (const r of (spec.rules ?? []) as Any[]) if (r.host && !hosts.includes(r.host)) hosts.push(r.host);
  return firstThree(hosts, '*');
}

const noWide = (): string[] => [];

/** Printers by kind. */
export const PRINTERS: Record<string, KindPrinter> = {
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (o, now) => {
      const cs = ((o.status as Any)?.containerStatuses ?? []) as Any[];
      const total = containers(o.spec as Any).length;
      return [o.metadata.name, `${cs.filter((c) => c.ready).length}/${total}`, podStatus(o), restarts(o, now), age(o, now)];
    },
    wideRow: (o) => {
      const st = (o.status ?? {}) as Any;
      return [st.podIP ?? '<none>', (o.spec as Any)?.nodeName ?? '<none>', st.nominatedNodeName ?? '<none>', '<none>'];
    },
  },
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wide: ['SELECTOR'],
    row: (o, now) => {
      const s = o.spec as Any;
      return [o.metadata.name, s.type ?? 'ClusterIP', s.clusterIP || '<none>', svcExternal(o as Any), svcPorts(s), age(o, now)];
    },
    wideRow: (o) => [formatLabels((o.spec as Any).selector)],
  },
  Endpoints: {
    headers: ['NAME', 'ENDPOINTS', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name, firstThree(endpointsList(o as Any), '<none>'), age(o, now)],
    wideRow: noWide,
  },
  EndpointSlice: {
    headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    wide: [],
    row: (o, now) => {
      const ports = ((o.ports ?? []) as Any[]).map((p) => (p.port === undefined ? '<unset>' : String(p.port)));
      const addrs = ((o.endpoints ?? []) as Any[]).flatMap((e) => e.addresses as string[]);
      return [o.metadata.name, String(o.addressType), ports.length ? ports.join(',') : '<unset>', firstThree(addrs, '<unset>'), age(o, now)];
    },
    wideRow: noWide,
  },
  Deployment: {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const s = o.spec as Any;
      const st = (o.status ?? {}) as Any;
      return [o.metadata.name, `${st.readyReplicas ?? 0}/${s.replicas ?? 1}`, String(st.updatedReplicas ?? 0), String(st.availableReplicas ?? 0), age(o, now)];
    },
    wideRow: (o) => {
      const s = o.spec as Any;
      const cs = containers(s.template?.spec);
      return [names(cs), images(cs), formatSelector(s.selector)];
    },
  },
  ReplicaSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const st = (o.status ?? {}) as Any;
      return [o.metadata.name, String((o.spec as Any).replicas ?? 1), String(st.replicas ?? 0), String(st.readyReplicas ?? 0), age(o, now)];
    },
    wideRow: (o) => {
      const s = o.spec as Any;
      const cs = containers(s.template?.spec);
      return [names(cs), images(cs), formatSelector(s.selector)];
    },
  },
  DaemonSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, now) => {
      const st = (o.status ?? {}) as Any;
      const n = (k: string): string => String(st[k] ?? 0);
      const sel = formatLabels((o.spec as Any).template?.spec?.nodeSelector);
      return [o.metadata.name, n('desiredNumberScheduled'), n('currentNumberScheduled'), n('numberReady'), n('updatedNumberScheduled'), n('numberAvailable'), sel, age(o, now)];
    },
    wideRow: (o) => {
      const s = o.spec as Any;
      const cs = containers(s.template?.spec);
      return [names(cs), images(cs), formatSelector(s.selector)];
    },
  },
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wide: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (o, now) => [o.metadata.name, nodeStatus(o), nodeRoles(o), age(o, now), ((o.status as Any)?.nodeInfo?.kubeletVersion as string) ?? ''],
    wideRow: (o) => {
      const st = (o.status ?? {}) as Any;
      const addr = (t: string): string => ((st.addresses ?? []) as Any[]).find((a) => a.type === t)?.address ?? '<none>';
      const ni = st.nodeInfo ?? {};
      return [addr('InternalIP'), addr('ExternalIP'), ni.osImage ?? '<unknown>', ni.kernelVersion ?? '<unknown>', ni.containerRuntimeVersion ?? '<unknown>'];
    },
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name, ((o.status as Any)?.phase as string) ?? 'Active', age(o, now)],
    wideRow: noWide,
  },
  Ingress: {
    headers: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
    wide: [],
    row: (o, now) => {
      const s = (o.spec ?? {}) as Any;
      const addr = (((o.status as Any)?.loadBalancer?.ingress ?? []) as Any[]).map((i) => i.ip ?? i.hostname).join(',');
      return [o.metadata.name, s.ingressClassName ?? '<none>', ingressHosts(s), addr, (s.tls ?? []).length ? '80, 443' : '80', age(o, now)];
    },
    wideRow: noWide,
  },
  IngressClass: {
    headers: ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'],
    wide: [],
    row: (o, now) => {
      const s = (o.spec ?? {}) as Any;
      const p = s.parameters ? `${s.parameters.kind}/${s.parameters.name}` : '<none>';
      return [o.metadata.name, s.controller ?? '', p, age(o, now)];
    },
    wideRow: noWide,
  },
  NetworkPolicy: {
    headers: ['NAME', 'POD-SELECTOR', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name, formatSelector((o.spec as Any)?.podSelector), age(o, now)],
    wideRow: noWide,
  },
  ConfigMap: {
    headers: ['NAME', 'DATA', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name, String(Object.keys((o.data as Any) ?? {}).length + Object.keys((o.binaryData as Any) ?? {}).length), age(o, now)],
    wideRow: noWide,
  },
  Secret: {
    headers: ['NAME', 'TYPE', 'DATA', 'AGE'],
    wide: [],
    row: (o, now) => [o.metadata.name, (o.type as string) ?? 'Opaque', String(Object.keys((o.data as Any) ?? {}).length), age(o, now)],
    wideRow: noWide,
  },
  Event: {
    headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    wide: [],
    row: (o, now) => {
      const e = o as Any;
      const ref = e.involvedObject ?? {};
      return [ageOf(e.lastTimestamp ?? e.eventTime ?? o.metadata.creationTimestamp, now), e.type ?? 'Normal', e.reason ?? '', `${String(ref.kind ?? '').toLowerCase()}/${ref.name ?? ''}`, e.message ?? ''];
    },
    wideRow: noWide,
  },
};
