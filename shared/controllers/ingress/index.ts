/**
 * The ingress-nginx controller: its pods listen on 80 and 443; a request is routed by
 * routing.ts, then the controller picks a backend pod itself (round robin over the
 * Service's ready endpoints, not through the ClusterIP) and opens a second connection
 * with X-Forwarded-For / X-Real-IP — both connections appear in the walk. 404 when no
 * rule matches, 503 when the Service has no endpoints, 502/504 when the pod does not
 * answer. TLS terminates at the controller; plain HTTP to a TLS host gets 308 to https.
 * Ingress status gets the controller's node IP.
 */
import type { Controller } from '../controller';
import type { Engine } from '../../sim/engine';
import type { EndpointSlice, KubeObject, Pod, Service } from '../../model/objects';
import type { Disposable, WatchEvent } from '../../model/store';
import type { Payload } from '../../kernel/packet';
import type { Hop, WalkRecord } from '../../api/walk';
import { listen, type AppRequest, type AppResponse } from '../../sim/apps/sockets';
import { exchange } from '../../sim/walk/exchange';
import { appendPodLog } from '../system-pods/logs';
import { errorPage, pickRoute, servedByNginx, type Route } from './routing';

type Any = Record<string, any>;

const CONTROLLER_LABEL = 'app.kubernetes.io/component';
const rr = new WeakMap<Engine, Map<string, number>>();

/** Is this pod an ingress-nginx controller pod? */
export function isControllerPod(p: KubeObject): boolean {
  return p.metadata.namespace === 'ingress-nginx' && p.metadata.labels?.[CONTROLLER_LABEL] === 'controller' && p.metadata.labels?.['app.kubernetes.io/name'] === 'ingress-nginx';
}

/** The backend `ip:port`s of a route: the Service port's targetPort on every ready endpoint. */
export function upstreams(engine: Engine, ns: string, route: Route): { ip: string; port: number }[] | undefined {
  const svc = engine.store.get<Service>('Service', ns, route.service);
  if (!svc) return undefined;
  const sp = (svc.spec.ports ?? []).find((p) => (route.port.number !== undefined ? p.port === route.port.number : p.name === route.port.name));
  if (!sp) return undefined;
  const out: { ip: string; port: number }[] = [];
  for (const s of engine.store.list<EndpointSlice>('EndpointSlice', ns)) {
    if (s.metadata.labels?.['kubernetes.io/service-name'] !== svc.metadata.name) continue;
    const port = (s.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''));
    if (port?.port === undefined) continue;
    for (const e of s.endpoints) if (e.conditions?.ready !== false) for (const ip of e.addresses) out.push({ ip, port: port.port });
  }
  return out.sort((a, b) => a.ip.localeCompare(b.ip, undefined, { numeric: true }));
}

function respond(status: number, extra: Partial<AppResponse> = {}, process = 'nginx'): AppResponse {
  return { process, payload: { kind: 'http-response', status, body: errorPage(status), headers: { 'Content-Type': 'text/html' } }, ...extra };
}

/**
 * The controller's own step, put in front of its second connection so the trace shows
 * where TLS ended and how the backend was chosen (nginx's upstream, not the ClusterIP).
 */
function withProxyHop(walks: WalkRecord[], podNs: string, podName: string, tls: boolean, route: Route, host: string, upstream: string, name: string, client: string): WalkRecord[] {
  const [first, ...rest] = walks;
  if (!first) return walks;
  const tlsText = tls ? `terminates TLS for ${host || '*'} (${route.tlsSecret ? `secret ${route.ingress.metadata.namespace}/${route.tlsSecret}` : 'default fake certificate'}), then ` : '';
  const hop: Hop = {
    seq: 0,
    netns: `pod/${podNs}/${podName}`,
    host: podName,
    direction: 'local',
    stage: 'proxy',
    summary: `ingress-nginx ${tlsText}matches Ingress ${route.ingress.metadata.namespace}/${route.ingress.metadata.name} (${route.pathType} ${route.path}) and picks ${upstream} from upstream [${name}] itself; new connection with X-Forwarded-For: ${client}`,
    layers: [{ name: 'HTTP', fields: [{ name: 'host', value: host }, { name: 'upstream', value: upstream }] }],
    provenance: [{
      what: `Ingress rule ${host || '*'} ${route.path} → ${upstream}`,
      controller: 'ingress-nginx',
      object: { kind: 'Ingress', namespace: route.ingress.metadata.namespace ?? 'default', name: route.ingress.metadata.name },
      text: `ingress-nginx in ${podName}, for Ingress ${route.ingress.metadata.namespace ?? 'default'}/${route.ingress.metadata.name}`,
    }],
    elements: [`pod:${podNs}/${podName}`],
  };
  const hops = [hop, ...first.hops.map((h) => ({ ...h, seq: h.seq + 1 }))];
  const connections = first.connections.map((c) => ({ ...c, firstHop: c.firstHop + 1, lastHop: c.lastHop + 1 }));
  return [{ ...first, hops, connections }, ...rest];
}

function handler(podNs: string, podName: string, tlsPort: boolean) {
  return (req: AppRequest): AppResponse => {
    const { engine } = req;
    const q = req.payload;
    if (q.kind !== 'http-request') return { reset: true, process: 'nginx' };
    const host = q.headers.Host ?? q.headers.host ?? q.host ?? '';
    const route = pickRoute(engine, host, q.path);
    const log = (status: number, bytes: number, upstream: string, name: string): void => {
      const ms = engine.env.clock.now();
      const d = new Date(ms).toUTCString().split(' ');
      const t = `${d[1]}/${d[2]}/${d[3]}:${d[4]} +0000`;
      appendPodLog(engine, podNs, podName, `${req.src} - - [${t}] "${q.method} ${q.path} HTTP/1.1" ${status} ${bytes} "-" "${q.headers['User-Agent'] ?? 'curl/8.5.0'}" ${78 + q.path.length} 0.001 [${name}] [] ${upstream} ${bytes} 0.001 ${status}`);
    };
    const proc = tlsPort ? `nginx (TLS terminated${route?.tlsSecret ? ` with secret ${route.ingress.metadata.namespace}/${route.tlsSecret}` : ', default certificate'})` : 'nginx';
    if (!route) {
      log(404, 146, '-', '-');
      return respond(404, {}, proc);
    }
    const ns = route.ingress.metadata.namespace ?? 'default';
    // ssl-redirect defaults to true: a host under `tls:` is only served over https.
    if (route.tls && !tlsPort) {
      log(308, 164, '-', '-');
      const location = `https://${host.replace(/:\d+$/, '')}${q.path}`;
      return { process: proc, payload: { kind: 'http-response', status: 308, body: errorPage(308), headers: { 'Content-Type': 'text/html', Location: location } } };
    }
    const name = `${ns}-${route.service}-${route.port.number ?? route.port.name}`;
    const ups = upstreams(engine, ns, route);
    if (!ups?.length) {
      log(503, 190, '-', name);
      return respond(503, {}, proc);
    }
    let m = rr.get(engine);
    if (!m) rr.set(engine, (m = new Map()));
    const n = m.get(name) ?? 0;
    m.set(name, n + 1);
    const up = ups[n % ups.length]!;
    const headers: Record<string, string> = {
      ...q.headers,
      Host: host,
      'X-Request-ID': engine.env.rng.fork(`ingress:${name}:${n}:${engine.env.clock.now()}`).hex(32),
      'X-Real-IP': req.src,
      'X-Forwarded-For': req.src,
      'X-Forwarded-Host': host,
      'X-Forwarded-Port': tlsPort ? '443' : '80',
      'X-Forwarded-Proto': tlsPort ? 'https' : 'http',
      'X-Forwarded-Scheme': tlsPort ? 'https' : 'http',
      'X-Scheme': tlsPort ? 'https' : 'http',
    };
    const payload: Payload = { kind: 'http-request', method: q.method, path: q.path, host, headers };
    const r = exchange(engine, { from: { kind: 'pod', namespace: podNs, name: podName }, dst: up.ip, proto: 'tcp', dport: up.port, payload, title: `ingress-nginx → ${up.ip}:${up.port}`, record: false });
    if (!r.ok || r.reply?.kind !== 'http-response') {
      const status = r.error === 'timeout' ? 504 : 502;
      log(status, 150, `${up.ip}:${up.port}`, name);
      return respond(status, { walks: r.walks }, proc);
    }
    log(r.reply.status, r.reply.body.length, `${up.ip}:${up.port}`, name);
    return { process: proc, payload: r.reply, walks: withProxyHop(r.walks, podNs, podName, tlsPort, route, host, `${up.ip}:${up.port}`, name, req.src) };
  };
}

/** The controller in the table. */
export function ingressController(): Controller {
  let engine!: Engine;
  const open = new Map<string, Disposable[]>();

  function syncPod(p: Pod, deleted: boolean): void {
    if (!isControllerPod(p)) return;
    const id = `pod/${p.metadata.namespace}/${p.metadata.name}`;
    if (deleted || !p.status?.podIP) {
      for (const d of open.get(id) ?? []) d.dispose();
      open.delete(id);
    } else if (!open.has(id)) {
      const ns = p.metadata.namespace!;
      open.set(id, [listen(engine, id, 'tcp', 80, handler(ns, p.metadata.name, false), 'nginx'), listen(engine, id, 'tcp', 443, handler(ns, p.metadata.name, true), 'nginx')]);
    }
  }

  /** ingress-nginx publishes the node IPs its pods run on (bare-metal NodePort) or the LB IP. */
  function address(): string[] {
    const svc = engine.store.get<Service>('Service', 'ingress-nginx', 'ingress-nginx-controller');
    const lb = (svc?.status?.loadBalancer?.ingress ?? []).map((i) => i.ip!).filter(Boolean);
    if (lb.length) return lb;
    const nodes = engine.store.list<Pod>('Pod', 'ingress-nginx').filter((p) => isControllerPod(p) && p.status?.phase === 'Running').map((p) => p.status?.hostIP).filter((x): x is string => !!x);
    return [...new Set(nodes)].sort();
  }

  function syncStatus(): void {
    const ips = address();
    for (const ing of engine.store.list('Ingress')) {
      const want = servedByNginx(engine, ing) && ips.length ? { loadBalancer: { ingress: ips.map((ip) => ({ ip })) } } : { loadBalancer: {} };
      if (JSON.stringify((ing as Any).status ?? {}) === JSON.stringify(want)) continue;
      engine.store.update({ ...ing, status: want });
    }
  }

  let busy = false;
  function onEvent(ev: WatchEvent): void {
    const k = ev.object.kind;
    if (k === 'Pod') syncPod(ev.object as Pod, ev.type === 'DELETED');
    if (busy || !(k === 'Ingress' || k === 'IngressClass' || (k === 'Pod' && isControllerPod(ev.object)) || (k === 'Service' && ev.object.metadata.namespace === 'ingress-nginx'))) return;
    if (k === 'Ingress' && ev.type === 'MODIFIED' && JSON.stringify(ev.old?.spec) === JSON.stringify(ev.object.spec)) return;
    busy = true;
    try {
      syncStatus();
    } finally {
      busy = false;
    }
  }

  function resyncAll(): void {
    for (const ds of open.values()) for (const d of ds) d.dispose();
    open.clear();
    for (const p of engine.store.list<Pod>('Pod', 'ingress-nginx')) syncPod(p, false);
    syncStatus();
  }

  return {
    name: 'ingress',
    start(e) {
      engine = e;
      e.store.watch(onEvent);
      resyncAll();
    },
    resync: resyncAll,
    restore: () => resyncAll(),
  };
}
