/**
 * The informational verbs: `version`, `cluster-info`, `api-resources`, `config view`.
 * They read the spec and the store; the control-plane address is node-1's IP on :6443.
 */
import type { Engine } from '../../../sim/engine';
import { NODE_INFO } from '../../../sim/create';
import { KubectlError, type Verb } from './context';
import { parseOutput } from './output';
import { sortKeys, toJson, toYaml } from './output';
import { apiVersionOf, RESOURCES } from './resources';
import { renderTable } from './table';

/** The Kubernetes version this lab claims to be: the one the nodes' kubelets report. */
export const KUBE_VERSION = NODE_INFO.kubeletVersion;
const KUSTOMIZE_VERSION = 'v5.5.0';

/** `https://<control-plane IP>:6443`. */
export function apiServerUrl(engine: Engine): string {
  const cp = engine.spec.nodes.find((n) => n.role === 'control-plane') ?? engine.spec.nodes[0]!;
  return `https://${cp.ip}:6443`;
}

function versionInfo(): Record<string, string> {
  const [maj, min] = KUBE_VERSION.slice(1).split('.');
  return {
    buildDate: '2025-03-11T19:52:21Z',
    compiler: 'gc',
    gitCommit: '32cc146f75aad04beaaa245a7157eb35063a9f99',
    gitTreeState: 'clean',
    gitVersion: KUBE_VERSION,
    goVersion: 'go1.23.6',
    major: maj!,
    minor: min!,
    platform: 'linux/amd64',
  };
}

/** `kubectl version`. */
export const version: Verb = {
  name: 'version',
  summary: 'Print the client and server version information',
  usage: 'kubectl version [flags] [options]',
  flags: [
    { name: 'client', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(k) {
    const client = k.args.bools.has('client');
    const o = k.args.strings.get('output');
    if (o === 'yaml' || o === 'json') {
      const data: Record<string, unknown> = { clientVersion: versionInfo(), kustomizeVersion: KUSTOMIZE_VERSION };
      if (!client) data.serverVersion = versionInfo();
      k.ctx.out(o === 'yaml' ? toYaml(data) : `${JSON.stringify(sortKeys(data), null, 2)}\n`);
      return 0;
    }
    if (o !== undefined) throw new KubectlError(`error: --output must be 'yaml' or 'json'`);
    k.ctx.out(`Client Version: ${KUBE_VERSION}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (!client) k.ctx.out(`Server Version: ${KUBE_VERSION}\n`);
    return 0;
  },
};

/** `kubectl cluster-info`: the control plane and every `kubernetes.io/cluster-service` Service. */
export const clusterInfo: Verb = {
  name: 'cluster-info',
  summary: 'Display cluster information',
  usage: 'kubectl cluster-info [flags] [options]',
  flags: [],
  run(k) {
    const tty = k.ctx.terminal.interactive;
    const green = (s: string): string => (tty ? `\x1b[0;32m${s}\x1b[0m` : s);
    const yellow = (s: string): string => (tty ? `\x1b[0;33m${s}\x1b[0m` : s);
    const url = apiServerUrl(k.ctx.engine);
    let out = `${green('Kubernetes control plane')} is running at ${yellow(url)}\n`;
    for (const s of k.ctx.engine.store.list('Service', 'kube-system')) {
      if (s.metadata.labels?.['kubernetes.io/cluster-service'] !== 'true') continue;
      const name = s.metadata.labels['kubernetes.io/name'] ?? s.metadata.name;
      const port = ((s.spec as { ports?: { name?: string }[] }).ports ?? [])[0]?.name;
      const link = `${url}/api/v1/namespaces/kube-system/services/${s.metadata.name}${port ? `:${port}` : ''}/proxy`;
      out += `${green(name)} is running at ${yellow(link)}\n`;
    }
    out += `\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`;
    k.ctx.out(out);
    return 0;
  },
};

/** `kubectl api-resources`. */
export const apiResources: Verb = {
  name: 'api-resources',
  summary: 'Print the supported API resources on the server',
  usage: 'kubectl api-resources [flags] [options]',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'namespaced', type: 'string' },
    { name: 'api-group', type: 'string' },
    { name: 'no-headers', type: 'bool' },
  ],
  run(k) {
    const o = k.args.strings.get('output');
    if (o !== undefined && o !== 'wide' && o !== 'name') {
      throw new KubectlError(`error: --output ${o} is not available`);
    }
    let rs = [...RESOURCES];
    const ns = k.args.strings.get('namespaced');
    if (ns !== undefined) rs = rs.filter((r) => r.namespaced === (ns === 'true'));
    const g = k.args.strings.get('api-group');
    if (g !== undefined) rs = rs.filter((r) => r.group === g);
    if (o === 'name') {
      k.ctx.out(rs.map((r) => `${r.plural}${r.group ? `.${r.group}` : ''}\n`).join(''));
      return 0;
    }
    const wide = o === 'wide';
    const rows = k.args.bools.has('no-headers') ? [] : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]];
    for (const r of rs) {
      const row = [r.plural, r.short.join(','), apiVersionOf(r), String(r.namespaced), r.kind];
      if (wide) row.push(`[${r.verbs.join(' ')}]`, ['Pod', 'Service', 'Deployment', 'ReplicaSet', 'DaemonSet'].includes(r.kind) ? 'all' : '');
      rows.push(row);
    }
    k.ctx.out(renderTable(rows));
    return 0;
  },
};

/** `kubectl config view` (and `current-context`): the kubeadm admin.conf, data omitted. */
export const config: Verb = {
  name: 'config',
  summary: 'Modify kubeconfig files',
  usage: 'kubectl config SUBCOMMAND [options]',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'minify', type: 'bool' },
    { name: 'raw', type: 'bool' },
  ],
  run(k) {
    const sub = k.args.positional[0];
    if (sub === 'current-context') {
      k.ctx.out('kubernetes-admin@kubernetes\n');
      return 0;
    }
    if (sub === 'get-contexts') {
      k.ctx.out(renderTable([['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ['*', 'kubernetes-admin@kubernetes', 'kubernetes', 'kubernetes-admin', '']]));
      return 0;
    }
    if (sub !== 'view') {
      throw new KubectlError(sub === undefined ? 'error: a subcommand is required (view, current-context, get-contexts)' : `error: unknown command "${sub}" for "kubectl config"`);
    }
    const data = k.args.bools.has('raw') ? 'REDACTED' : 'DATA+OMITTED';
    const cfg = {
      apiVersion: 'v1',
      clusters: [{ cluster: { 'certificate-authority-data': data, server: apiServerUrl(k.ctx.engine) }, name: 'kubernetes' }],
      contexts: [{ context: { cluster: 'kubernetes', user: 'kubernetes-admin' }, name: 'kubernetes-admin@kubernetes' }],
      'current-context': 'kubernetes-admin@kubernetes',
      kind: 'Config',
      preferences: {},
      users: [{ name: 'kubernetes-admin', user: { 'client-certificate-data': data, 'client-key-data': data } }],
    };
    const o = parseOutput(k.args.strings.get('output') ?? 'yaml', false);
    k.ctx.out(o.kind === 'json' ? toJson(cfg) : toYaml(cfg));
    return 0;
  },
};

/** `kubectl api-versions`: the group/versions of the lab's resources, sorted. */
export const apiVersions: Verb = {
  name: 'api-versions',
  summary: 'Print the supported API versions on the server, in the form of "group/version"',
  usage: 'kubectl api-versions [options]',
  flags: [],
  run(k) {
    k.ctx.out([...new Set(RESOURCES.map(apiVersionOf))].sort().map((v) => `${v}\n`).join(''));
    return 0;
  },
};
