import { expect, it } from 'vitest';
import fc from 'fast-check';
import { makeKit } from './test-kit';
import { basicCluster, pod, service } from './fixtures';

const TOKENS = [
  'get', 'describe', 'delete', 'apply', 'create', 'label', 'annotate', 'patch', 'scale', 'expose', 'rollout', 'restart', 'status', 'history',
  'exec', 'logs', 'wait', 'run', 'taint', 'explain', 'version', 'api-resources', 'cluster-info', 'config', 'view', 'edit',
  'pods', 'po', 'svc', 'deploy', 'rs', 'ds', 'no', 'ns', 'ing', 'netpol', 'cm', 'ev', 'ep', 'endpointslices', 'ingressclasses', 'all', 'foo',
  'web-1', 'web', 'kubernetes', 'node-1', 'default', 'pod/web-1', 'svc/web', 'deployment/x', 'a=b', 'a-', 'x=', '=',
  '-o', 'yaml', 'json', 'wide', 'name', 'jsonpath={.items[*].metadata.name}', 'jsonpath={.x[', 'custom-columns=N:.metadata.name', 'custom-columns=bad',
  '-n', 'kube-system', '-A', '-l', 'app=web', 'app in (a', '--show-labels', '--replicas=2', '--replicas=x', '--image=nginx', '--port=80', '--tcp=80:8080',
  '--type=NodePort', '-p', '{"spec":{"replicas":3}}', '[{"op":"remove","path":"/spec"}]', '--type=json', '--type=merge', '-f', '-', 'nofile.yaml',
  '--for=condition=ready', '--for=delete', '--', 'sh', '-it', '-c', 'nginx', '--rule=a.com/x*=web:80', '--dry-run=client', '--sort-by=.metadata.name',
  'clusterip', 'nodeport', 'deployment', 'namespace', 'ingress', 'configmap', '--from-literal=a=b', '--overwrite', '--all', '--bogus', '-z', '-h',
];

it('random kubectl command lines never crash: every failure is a kubectl-worded error', () => {
  const k = makeKit(4);
  k.add(...basicCluster(), pod('web-1', 'default', '10.244.1.5', 'node-2', { app: 'web' }), service('web', 'default', '10.96.5.5', [{ port: 80 }], { app: 'web' }));
  const stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n';
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 7 }), (args) => {
      const r = k.run(['kubectl', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), stdin);
      expect(typeof r.code).toBe('number');
      // A JavaScript error text would mean a crash caught by the dispatcher's last resort.
      expect(r.err).not.toMatch(/TypeError|ReferenceError|undefined is not|Cannot read propert|is not a function|is not iterable/);
    }),
    { numRuns: 1500, seed: 11 },
  );
});
