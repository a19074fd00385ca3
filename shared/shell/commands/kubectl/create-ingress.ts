/**
 * `kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]]`: the same
 * object kubectl's generator builds (a trailing `*` makes a Prefix path, else Exact).
 */
import { KubectlError, type Kube } from './context';

type Any = Record<string, any>;

function backendOf(text: string, flag: string): Any {
  const [svc, port] = text.split(':');
  if (!svc || !port) throw new KubectlError(`error: ${flag} ${text} is invalid and should be in format service:port`);
  return { service: { name: svc, port: /^\d+$/.test(port) ? { number: Number(port) } : { name: port } } };
}

/** Builds the Ingress for `kubectl create ingress`. */
export function buildIngress(k: Kube, name: string): Any {
  const rules: Any[] = [];
  const tls: Any[] = [];
  const rulesArg = k.args.lists.get('rule') ?? [];
  const def = k.args.strings.get('default-backend');
  if (!rulesArg.length && !def) throw new KubectlError('error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
  for (const rule of rulesArg) {
    const m = /^([^/=,]*)(\/[^=,]*)?=([^:,]+):([^,]+)(?:,tls(?:=(.+))?)?$/.exec(rule);
    if (!m) throw new KubectlError(`error: rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    const [, host, rawPath, svc, port, secret] = m;
    const path = rawPath ?? '/';
    const prefix = path.endsWith('*');
    const p: Any = { backend: backendOf(`${svc}:${port}`, 'rule'), path: prefix ? path.slice(0, -1) : path, pathType: prefix ? 'Prefix' : 'Exact' };
    let r = rules.find((x) => (x.host ?? '') === host);
    if (!r) {
      r = host ? { host, http: { paths: [] } } : { http: { paths: [] } };
      rules.push(r);
    }
    r.http.paths.push(p);
    if (rule.includes(',tls')) {
      const entry: Any = host ? { hosts: [host] } : {};
      if (secret) entry.secretName = secret;
      tls.push(entry);
    }
  }
  const annotations: Record<string, string> = {};
  for (const a of k.args.lists.get('annotation') ?? []) {
    const i = a.indexOf('=');
    if (i <= 0) throw new KubectlError(`error: annotation ${a} is invalid and should be in format key=[value]`);
    annotations[a.slice(0, i)] = a.slice(i + 1);
  }
  const spec: Any = {};
  const cls = k.args.strings.get('class');
  if (cls) spec.ingressClassName = cls;
  if (def) spec.defaultBackend = backendOf(def, 'default-backend');
  if (rules.length) spec.rules = rules;
  if (tls.length) spec.tls = tls;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...(Object.keys(annotations).length ? { annotations } : {}), creationTimestamp: null, name },
    spec,
    status: { loadBalancer: {} },
  };
}
