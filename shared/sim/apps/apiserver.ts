/**
 * kube-apiserver's secure port as an app: the control-plane node (the one running the
 * `kube-apiserver-<node>` static pod, hostNetwork) listens on 6443, so the `kubernetes`
 * Service (10.96.0.1:443 → <cp-ip>:6443) has someone behind it. Anonymous requests get
 * what kubeadm's RBAC grants system:anonymous (system:public-info-viewer): /version,
 * /healthz, /livez, /readyz; anything else is a 403 Status, as a real v1.32 apiserver says.
 * TLS is not modelled (curl's -k is accepted and ignored).
 */
import type { Engine } from '../engine';
import type { NetNS } from '../../kernel/netns';
import type { Pod } from '../../model/objects';
import type { Listener } from './sockets';

/** The secure port kubeadm gives the apiserver (`--secure-port=6443`). */
export const APISERVER_PORT = 6443;

/** `/version` of the release the static pod's image names (build facts of the upstream release). */
function versionJson(gitVersion: string): string {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  const v = {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '32',
    gitVersion,
    gitCommit: gitVersion === 'v1.32.0' ? '70d3cc986aa8221cd1dfb1121852688902d3bf53' : '',
    gitTreeState: 'clean',
    buildDate: gitVersion === 'v1.32.0' ? '2024-12-11T17:59:15Z' : '',
    goVersion: 'go1.23.3',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
  return JSON.stringify(v, null, 2);
}

/** The message of the 403 an anonymous request for `path` gets (resource paths name the resource, like RBAC's denial). */
export function forbiddenMessage(method: string, path: string): string {
  const p = path.split('?')[0]!;
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?\/?$/.exec(p);
  const user = 'User "system:anonymous"';
  if (!m) return `forbidden: ${user} cannot ${method.toLowerCase()} path "${p}"`;
  const [, group = '', ns, res, name] = m;
  const verb = method === 'GET' ? (name ? 'get' : 'list') : method === 'POST' ? 'create' : method === 'DELETE' ? 'delete' : method === 'PUT' ? 'update' : method.toLowerCase();
  const what = name ? `${res} "${name}"` : res!;
  return `${what} is forbidden: ${user} cannot ${verb} resource "${res}" in API group "${group}" ${ns ? `in the namespace "${ns}"` : 'at the cluster scope'}`;
}

/** The Status object the apiserver answers a denied request with. */
function forbidden(method: string, path: string): string {
  const p = path.split('?')[0]!;
  const m = /^\/(?:api\/v1|apis\/[^/]+\/[^/]+)(?:\/namespaces\/[^/]+)?\/([^/]+)(?:\/([^/]+))?\/?$/.exec(p);
  const details = m ? { ...(m[2] ? { name: m[2] } : {}), kind: m[1] } : {};
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: forbiddenMessage(method, path), reason: 'Forbidden', details, code: 403 };
  return JSON.stringify(status, null, 2);
}

/** The apiserver listener of a node namespace, if that node runs the kube-apiserver static pod. */
export function apiserverListener(engine: Engine, ns: NetNS, port: number): Listener | undefined {
  if (ns.kind !== 'node' || port !== APISERVER_PORT) return undefined;
  const node = ns.id.slice('node/'.length);
  const pod = engine.store.get<Pod>('Pod', 'kube-system', `kube-apiserver-${node}`);
  if (!pod || pod.metadata.deletionTimestamp) return undefined;
  const image = pod.spec.containers[0]?.image ?? '';
  const gitVersion = /:(v[\d.]+)$/.exec(image)?.[1] ?? 'v1.32.0';
  return {
    proto: 'tcp',
    port,
    process: 'kube-apiserver',
    handler: (req) => {
      const method = req.payload.kind === 'http-request' ? req.payload.method : 'GET';
      const path = req.payload.kind === 'http-request' ? req.payload.path : '/';
      const bare = path.split('?')[0]!.replace(/\/$/, '') || '/';
      const json = { 'Content-Type': 'application/json' };
      if (method === 'GET' && bare === '/version') return { process: 'kube-apiserver', payload: { kind: 'http-response', status: 200, body: versionJson(gitVersion), headers: json } };
      if (method === 'GET' && ['/healthz', '/livez', '/readyz'].includes(bare)) return { process: 'kube-apiserver', payload: { kind: 'http-response', status: 200, body: 'ok', headers: { 'Content-Type': 'text/plain; charset=utf-8' } } };
      return { process: 'kube-apiserver', payload: { kind: 'http-response', status: 403, body: forbidden(method, path), headers: json } };
    },
  };
}

/**
 * The serving certificate kubeadm gives the apiserver (CN=kube-apiserver, signed by the
 * cluster CA "kubernetes", valid a year from the pod's start), when `answeredBy` (a walk
 * record's namespace id) is a node running it; for curl's TLS view (curl -k accepts it).
 */
export function apiserverCert(engine: Engine, answeredBy: string | undefined): { subject: string; issuer: string; bornMs: number } | undefined {
  const m = /^node\/(.+)$/.exec(answeredBy ?? '');
  if (!m) return undefined;
  const pod = engine.store.get<Pod>('Pod', 'kube-system', `kube-apiserver-${m[1]}`);
  if (!pod) return undefined;
  return { subject: 'CN=kube-apiserver', issuer: 'CN=kubernetes', bornMs: Date.parse(pod.metadata.creationTimestamp ?? '') || 0 };
}
