/**
 * `kubectl create`: from files (`-f`, failing on existing objects) or from the
 * generators — deployment, service (clusterip|nodeport|loadbalancer|externalname),
 * namespace, ingress (`--rule`), configmap, secret generic|tls (create-data.ts) — which build the same objects the real
 * generators print with `--dry-run=client -o yaml`.
 */
import { KubectlError, type Kube, type Verb } from './context';
import { dryRunSuffix, readManifests } from './manifest/files';
import { prepare, writeObject } from './manifest/write';
import { objectName, parseOutput, printObjects } from './output';
import { buildIngress } from './create-ingress';
import { configmap, secret } from './create-data';
import type { KubeObject } from '../../../model/objects';

type Any = Record<string, any>;

/** The container name kubectl derives from an image (`registry/x/nginx:1.25` → `nginx`). */
export function containerName(image: string): string {
  const base = image.slice(image.lastIndexOf('/') + 1).split('@')[0]!.split(':')[0]!;
  return base.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

function deployment(k: Kube, name: string): Any {
  const images = k.args.lists.get('image') ?? [];
  if (!images.length) throw new KubectlError('error: required flag(s) "image" not set');
  const replicas = Number(k.args.strings.get('replicas') ?? '1');
  if (!Number.isInteger(replicas)) throw new KubectlError(`Error: invalid argument "${k.args.strings.get('replicas')}" for "-r, --replicas" flag: strconv.ParseInt: parsing "${k.args.strings.get('replicas')}": invalid syntax`);
  const port = k.args.strings.get('port');
  const containers = images.map((image) => {
    const c: Any = { image, name: containerName(image) };
    if (k.args.rest?.length) c.command = k.args.rest;
    if (port !== undefined) c.ports = [{ containerPort: Number(port) }];
    c.resources = {};
    return c;
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { creationTimestamp: null, labels: { app: name }, name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: {},
      template: { metadata: { creationTimestamp: null, labels: { app: name } }, spec: { containers } },
    },
    status: {},
  };
}

const SVC_TYPES: Record<string, string> = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' };

function service(k: Kube, sub: string, name: string): Any {
  const type = SVC_TYPES[sub]!;
  const tcp = (k.args.lists.get('tcp') ?? []).flatMap((t) => t.split(','));
  const clusterIP = k.args.strings.get('clusterip');
  if (type !== 'ExternalName' && !tcp.length && clusterIP !== 'None') throw new KubectlError('error: at least one tcp port specifier must be provided');
  const nodePort = k.args.strings.get('node-port');
  const ports = tcp.map((t) => {
    const [p, tp] = t.split(':');
    const port = Number(p);
    const target = tp === undefined ? port : /^\d+$/.test(tp) ? Number(tp) : tp;
    if (!Number.isInteger(port)) throw new KubectlError(`error: strconv.Atoi: parsing "${p}": invalid syntax`);
    const sp: Any = { name: `${p}-${tp ?? p}`, port, protocol: 'TCP', targetPort: target };
    if (nodePort !== undefined && type === 'NodePort') sp.nodePort = Number(nodePort);
    return sp;
  });
  const spec: Any = { ...(ports.length ? { ports } : {}), selector: { app: name }, type };
  if (clusterIP !== undefined) spec.clusterIP = clusterIP;
  if (type === 'ExternalName') {
    const ext = k.args.strings.get('external-name');
    if (!ext) throw new KubectlError('error: required flag(s) "external-name" not set');
    delete spec.selector;
    spec.externalName = ext;
  }
  return { apiVersion: 'v1', kind: 'Service', metadata: { creationTimestamp: null, labels: { app: name }, name }, spec, status: { loadBalancer: {} } };
}

const USAGE = `error: Unexpected args: []
See 'kubectl create -h' for help and examples`;

/** Builds the generator's object, or undefined for `create -f`. */
function generate(k: Kube): { obj: Any; what: string } | undefined {
  const [sub, a1, a2] = k.args.positional;
  if (sub === undefined) return undefined;
  switch (sub) {
    case 'deployment':
    case 'deploy':
      if (!a1) throw new KubectlError('error: exactly one NAME is required, got 0\nSee \'kubectl create deployment -h\' for help and examples');
      return { obj: deployment(k, a1), what: 'deployment' };
    case 'namespace':
    case 'ns':
      if (!a1) throw new KubectlError('error: exactly one NAME is required, got 0\nSee \'kubectl create namespace -h\' for help and examples');
      return { obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null, name: a1 }, spec: {}, status: {} }, what: 'namespace' };
    case 'service':
    case 'svc': {
      if (!a1 || !SVC_TYPES[a1]) throw new KubectlError(`error: Unknown service type: ${a1 ?? ''}\nSee 'kubectl create service -h' for help and examples`);
      if (!a2) throw new KubectlError(`error: exactly one NAME is required, got 0\nSee 'kubectl create service ${a1} -h' for help and examples`);
      return { obj: service(k, a1, a2), what: `${SVC_TYPES[a1]} service` };
    }
    case 'ingress':
    case 'ing':
      if (!a1) throw new KubectlError('error: exactly one NAME is required, got 0\nSee \'kubectl create ingress -h\' for help and examples');
      return { obj: buildIngress(k, a1), what: 'ingress' };
    case 'configmap':
    case 'cm':
      if (!a1) throw new KubectlError('error: exactly one NAME is required, got 0\nSee \'kubectl create configmap -h\' for help and examples');
      return { obj: configmap(k, a1), what: 'configmap' };
    case 'secret':
      return secret(k, a1, a2);
    default:
      throw new KubectlError(USAGE.replace('[]', `[${sub}]`));
  }
}

/** `kubectl create`. */
export const create: Verb = {
  name: 'create',
  summary: 'Create a resource from a file or from stdin',
  usage: 'kubectl create -f FILENAME [options]',
  flags: [
    { name: 'filename', short: 'f', type: 'strings' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
    { name: 'image', type: 'strings' },
    { name: 'replicas', short: 'r', type: 'string' },
    { name: 'port', type: 'string' },
    { name: 'tcp', type: 'strings' },
    { name: 'node-port', type: 'string' },
    { name: 'clusterip', type: 'string' },
    { name: 'external-name', type: 'string' },
    { name: 'rule', type: 'strings' },
    { name: 'class', type: 'string' },
    { name: 'default-backend', type: 'string' },
    { name: 'annotation', type: 'strings' },
    { name: 'from-literal', type: 'strings' },
    { name: 'from-file', type: 'strings' },
    { name: 'key', type: 'string' },
    { name: 'cert', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'save-config', type: 'bool' },
    { name: 'validate', type: 'string', noOptDefault: 'true' },
  ],
  run(k) {
    const fmt = parseOutput(k.args.strings.get('output'), false);
    const suffix = dryRunSuffix(k);
    const gen = generate(k);
    if (gen) {
      if (suffix === ' (dry run)' && fmt.kind !== 'table') {
        if (gen.obj.metadata && gen.obj.kind !== 'Namespace' && k.args.strings.has('namespace')) gen.obj.metadata.namespace = k.namespace;
        k.ctx.out(printObjects([gen.obj as KubeObject], fmt, true));
        return 0;
      }
      const obj = structuredClone(gen.obj);
      delete obj.metadata.creationTimestamp;
      const p = prepare(k, { source: '', data: obj });
      try {
        const { obj: written } = writeObject(k, p, 'create', suffix !== undefined);
        k.ctx.out(fmt.kind === 'table' ? `${objectName(written)} created${suffix ?? ''}\n` : printObjects([written], fmt, true));
      } catch (e) {
        if (e instanceof KubectlError && e.message.includes('(AlreadyExists)')) {
          const what = e.message.replace(/^.*: (\S+ "[^"]*" already exists)$/s, '$1');
          if (gen.what === 'namespace') throw new KubectlError(`Error from server (AlreadyExists): ${what}`);
          throw new KubectlError(`error: failed to create ${gen.what}: ${what}`);
        }
        throw e;
      }
      return 0;
    }
    if (!k.args.lists.get('filename')?.length) {
      throw new KubectlError('error: must specify one of -f and -k');
    }
    let code = 0;
    for (const doc of readManifests(k)) {
      try {
        const p = prepare(k, doc, 'creating');
        const { obj } = writeObject(k, p, 'create', suffix !== undefined);
        k.ctx.out(fmt.kind === 'table' ? `${objectName(obj)} created${suffix ?? ''}\n` : printObjects([obj], fmt, true));
      } catch (e) {
        if (!(e instanceof KubectlError)) throw e;
        k.ctx.err(`${e.message}\n`);
        code = 1;
      }
    }
    return code;
  },
};
