/**
 * How ingress-nginx picks a backend for a request: Ingresses of its class, host rules
 * (exact or `*.` wildcard, rules without a host match any), then the longest matching
 * path (Exact beats Prefix; Prefix matches whole path elements; ImplementationSpecific
 * is nginx's plain prefix), else an Ingress's defaultBackend, else the 404 default server.
 */
import type { Engine } from '../../sim/engine';
import type { KubeObject } from '../../model/objects';

type Any = Record<string, any>;

/** The controller class ingress-nginx serves. */
export const CONTROLLER_CLASS = 'k8s.io/ingress-nginx';

/** A chosen backend. */
export interface Route {
  ingress: KubeObject;
  service: string;
  port: { number?: number; name?: string };
  path: string;
  pathType: string;
  /** The TLS secret terminating this host, when the Ingress has one. */
  tlsSecret?: string;
  /** The Ingress lists this host under `tls:` (ingress-nginx then redirects plain HTTP to https). */
  tls?: boolean;
}

/** Does this Ingress belong to ingress-nginx (its class is an IngressClass of this controller)? */
export function servedByNginx(engine: Engine, ing: KubeObject): boolean {
  const spec = (ing.spec ?? {}) as Any;
  const cls = spec.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  const classes = engine.store.list('IngressClass').filter((c) => (c.spec as Any)?.controller === CONTROLLER_CLASS);
  if (cls) return classes.some((c) => c.metadata.name === cls);
  return classes.some((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
}

function hostMatches(ruleHost: string | undefined, host: string): boolean {
  if (!ruleHost) return true;
  if (ruleHost.startsWith('*.')) {
    const rest = host.slice(host.indexOf('.') + 1);
    return host.includes('.') && rest === ruleHost.slice(2);
  }
  return ruleHost === host;
}

function pathMatches(type: string, p: string, path: string): boolean {
  if (type === 'Exact') return path === p;
  if (type === 'Prefix') {
    const pp = p.replace(/\/+$/, '');
    if (pp === '') return true;
    return path === pp || path.startsWith(`${pp}/`);
  }
  return path.startsWith(p);
}

/** Picks the route for host + path, or undefined (the controller's 404). */
export function pickRoute(engine: Engine, hostHeader: string, rawPath: string): Route | undefined {
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const path = rawPath.split('?')[0] || '/';
  const ings = engine.store.list('Ingress').filter((i) => servedByNginx(engine, i));
  let best: (Route & { score: number }) | undefined;
  let hostSpecific = false;
  for (const ing of ings) {
    const spec = (ing.spec ?? {}) as Any;
    for (const r of (spec.rules ?? []) as Any[]) {
      if (!hostMatches(r.host, host) || !r.http) continue;
      // A rule naming this host hides the catch-all rules, as nginx's server blocks do.
      if (r.host && !hostSpecific) {
        hostSpecific = true;
        best = undefined;
      }
      if (!r.host && hostSpecific) continue;
      for (const p of r.http.paths as Any[]) {
        const pt = p.pathType ?? 'Prefix';
        const pv = p.path ?? '/';
        if (!pathMatches(pt, pv, path)) continue;
        const score = pv.length * 2 + (pt === 'Exact' ? 1 : 0);
        if (!best || score > best.score) {
          const tls = ((spec.tls ?? []) as Any[]).find((t) => (t.hosts ?? []).includes(host));
          best = { ingress: ing, service: p.backend.service.name, port: p.backend.service.port ?? {}, path: pv, pathType: pt, score, ...(tls ? { tls: true } : {}), ...(tls?.secretName ? { tlsSecret: tls.secretName } : {}) };
        }
      }
    }
  }
  if (best) return best;
  for (const ing of ings) {
    const def = ((ing.spec ?? {}) as Any).defaultBackend?.service;
    if (def) return { ingress: ing, service: def.name, port: def.port ?? {}, path: '/', pathType: 'Prefix' };
  }
  return undefined;
}

/** The HTML ingress-nginx's default server sends with an error status. */
export function errorPage(status: number): string {
  const text: Record<number, string> = { 308: '308 Permanent Redirect', 404: '404 Not Found', 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' };
  const t = text[status] ?? `${status}`;
  return `<html>\r\n<head><title>${t}</title></head>\r\n<body>\r\n<center><h1>${t}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
