/**
 * `kubectl expose`: a Service for a Deployment, ReplicaSet, Pod or Service, with the
 * selector and port found by introspection as kubectl does, then admitted like any write.
 */
import type { KubeObject } from '../../../model/objects';
import { getOrThrow, KubectlError, typeAndNames, type Verb } from './context';
import { dryRunSuffix } from './manifest/files';
import { prepare, writeObject } from './manifest/write';
import { objectName, parseOutput, printObjects } from './output';

type Any = Record<string, any>;

function selectorOf(o: KubeObject): Record<string, string> | undefined {
  const s = o.spec as Any;
  if (o.kind === 'Service') return s.selector;
  if (o.kind === 'Pod') return o.metadata.labels;
  if (s?.selector?.matchExpressions?.length) return undefined;
  return s?.selector?.matchLabels;
}

function portsOf(o: KubeObject): Any[] {
  const s = o.spec as Any;
  if (o.kind === 'Service') return (s.ports ?? []).map((p: Any) => ({ port: p.port, protocol: p.protocol, name: p.name, targetPort: p.targetPort }));
  const pod = o.kind === 'Pod' ? s : s?.template?.spec;
  return ((pod?.containers ?? []) as Any[]).flatMap((c) => (c.ports ?? []).map((p: Any) => ({ port: p.containerPort, protocol: p.protocol, name: p.name })));
}

/** `kubectl expose`. */
export const expose: Verb = {
  name: 'expose',
  summary: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  usage: 'kubectl expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]',
  flags: [
    { name: 'port', type: 'string' },
    { name: 'target-port', type: 'string' },
    { name: 'protocol', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'selector', type: 'string' },
    { name: 'external-ip', type: 'string' },
    { name: 'cluster-ip', type: 'string' },
    { name: 'labels', short: 'l', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
  ],
  run(k) {
    const reqs = typeAndNames(k.args.positional);
    const q = reqs[0];
    if (!q || q.names.length !== 1) throw new KubectlError(`error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`);
    if (!['Deployment', 'ReplicaSet', 'Pod', 'Service'].includes(q.r.kind)) throw new KubectlError(`error: cannot expose a ${q.r.kind}`);
    const o = getOrThrow(k, q.r, q.names[0]!);
    const selText = k.args.strings.get('selector');
    const selector = selText ? Object.fromEntries(selText.split(',').map((kv) => kv.split('=', 2) as [string, string])) : selectorOf(o);
    if (!selector || !Object.keys(selector).length) {
      throw new KubectlError(`error: couldn't retrieve selectors via --selector flag or introspection: the ${q.r.kind} has no labels or a selector this command can use`);
    }
    const portFlag = k.args.strings.get('port');
    const found = portsOf(o);
    let ports: Any[];
    if (portFlag !== undefined) {
      ports = portFlag.split(',').map((p) => ({ port: Number(p) }));
    } else if (found.length) ports = found.map((p) => ({ port: p.port, ...(p.name ? { name: p.name } : {}), ...(p.protocol ? { protocol: p.protocol } : {}) }));
    else throw new KubectlError("error: couldn't find port via --port flag or introspection");
    const tp = k.args.strings.get('target-port');
    const proto = k.args.strings.get('protocol');
    ports = ports.map((p, i) => {
      const sp: Any = { ...(ports.length > 1 ? { name: p.name ?? `port-${i + 1}` } : {}), port: p.port, protocol: proto ?? p.protocol ?? 'TCP' };
      sp.targetPort = tp !== undefined ? (/^\d+$/.test(tp) ? Number(tp) : tp) : found[i]?.targetPort ?? p.port;
      return sp;
    });
    const spec: Any = { ports, selector };
    const type = k.args.strings.get('type');
    if (type) spec.type = type;
    const ext = k.args.strings.get('external-ip');
    if (ext) spec.externalIPs = [ext];
    const cip = k.args.strings.get('cluster-ip');
    if (cip) spec.clusterIP = cip;
    const name = k.args.strings.get('name') ?? o.metadata.name;
    const labels = o.kind === 'Pod' || o.kind === 'Service' ? o.metadata.labels : o.metadata.labels ?? selector;
    const svc: Any = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: o.metadata.namespace, ...(labels && Object.keys(labels).length ? { labels } : {}) }, spec };
    const suffix = dryRunSuffix(k);
    const fmt = parseOutput(k.args.strings.get('output'), false);
    if (suffix === ' (dry run)') {
      // Client dry run: kubectl prints what it would send and never asks the server (no AlreadyExists).
      const local: Any = { ...svc, metadata: { creationTimestamp: null, ...svc.metadata, namespace: undefined }, status: { loadBalancer: {} } };
      delete local.metadata.namespace;
      k.ctx.out(fmt.kind === 'table' ? `service/${name} exposed (dry run)\n` : printObjects([local as KubeObject], fmt, true));
      return 0;
    }
    const p = prepare(k, { source: '', data: svc });
    let written: KubeObject;
    try {
      written = writeObject(k, p, 'create', suffix !== undefined).obj;
    } catch (e) {
      if (e instanceof KubectlError) throw new KubectlError(`Error from server (AlreadyExists): services "${name}" already exists`);
      throw e;
    }
    k.ctx.out(fmt.kind === 'table' ? `${objectName(written)} exposed${suffix ?? ''}\n` : printObjects([written], fmt, true));
    return 0;
  },
};
