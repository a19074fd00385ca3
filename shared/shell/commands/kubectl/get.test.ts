import { describe, expect, it } from 'vitest';
import { makeKit } from './test-kit';
import { basicCluster, pod, service } from './fixtures';

function kit() {
  const k = makeKit(1);
  k.add(...basicCluster());
  k.engine.env.clock.advance(3600_000);
  k.add(pod('web-7d4b9c-abcde', 'default', '10.244.1.5', 'node-2', { app: 'web' }));
  k.add(pod('web-7d4b9c-fghij', 'default', '10.244.2.7', 'node-3', { app: 'web' }));
  k.add(service('web', 'default', '10.96.120.15', [{ port: 80 }], { app: 'web' }));
  k.engine.env.clock.advance(312_000);
  return k;
}

describe('kubectl get', () => {
  it('prints pods as kubectl does', () => {
    const r = kit().run('kubectl get pods');
    expect(r.err).toBe('');
    expect(r.out).toBe(
      'NAME               READY   STATUS    RESTARTS   AGE\n' +
        'web-7d4b9c-abcde   1/1     Running   0          5m12s\n' +
        'web-7d4b9c-fghij   1/1     Running   0          5m12s\n',
    );
  });

  it('prints -o wide and services', () => {
    const k = kit();
    expect(k.run('kubectl get po -o wide').out).toBe(
      'NAME               READY   STATUS    RESTARTS   AGE     IP           NODE     NOMINATED NODE   READINESS GATES\n' +
        'web-7d4b9c-abcde   1/1     Running   0          5m12s   10.244.1.5   node-2   <none>           <none>\n' +
        'web-7d4b9c-fghij   1/1     Running   0          5m12s   10.244.2.7   node-3   <none>           <none>\n',
    );
    expect(k.run('kubectl get svc -o wide').out).toBe(
      'NAME         TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE     SELECTOR\n' +
        'kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP   65m     <none>\n' +
        'web          ClusterIP   10.96.120.15   <none>        80/TCP    5m12s   app=web\n',
    );
  });

  it('prints several kinds with kind/ prefixes and blank lines', () => {
    const r = kit().run('kubectl get pods,svc -A');
    expect(r.out).toBe(
      'NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE\n' +
        'default     pod/web-7d4b9c-abcde   1/1     Running   0          5m12s\n' +
        'default     pod/web-7d4b9c-fghij   1/1     Running   0          5m12s\n' +
        '\n' +
        'NAMESPACE   NAME                 TYPE        CLUSTER-IP     EXTERNAL-IP   PORT(S)   AGE\n' +
        'default     service/kubernetes   ClusterIP   10.96.0.1      <none>        443/TCP   65m\n' +
        'default     service/web          ClusterIP   10.96.120.15   <none>        80/TCP    5m12s\n',
    );
  });

  it('filters by label and shows labels', () => {
    const k = kit();
    expect(k.run('kubectl get pods -l app=web --show-labels').out.split('\n')[0]).toBe('NAME               READY   STATUS    RESTARTS   AGE     LABELS');
    const r = k.run('kubectl get pods -l app=db');
    expect(r.out).toBe('');
    expect(r.err).toBe('No resources found in default namespace.\n');
    expect(r.code).toBe(0);
  });

  it('prints errors as kubectl does', () => {
    const k = kit();
    expect(k.run('kubectl get pods nope')).toEqual({ out: '', err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(k.run('kubectl get foo')).toEqual({ out: '', err: 'error: the server doesn\'t have a resource type "foo"\n', code: 1 });
    expect(k.run('kubectl get deploy web').err).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
    expect(k.run('kubectl get pods --bogus').err).toBe("Error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
    expect(k.run('kubectl get pods -o foo').err).toMatch(/^error: unable to match a printer suitable for the output format "foo"/);
  });

  it('prints names, jsonpath and custom columns', () => {
    const k = kit();
    expect(k.run('kubectl get pods -o name').out).toBe('pod/web-7d4b9c-abcde\npod/web-7d4b9c-fghij\n');
    expect(k.run("kubectl get pods -o jsonpath='{.items[*].status.podIP}'").out).toBe('10.244.1.5 10.244.2.7');
    expect(k.run(`kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.nodeName}{"\\n"}{end}'`).out).toBe(
      'web-7d4b9c-abcde\tnode-2\nweb-7d4b9c-fghij\tnode-3\n',
    );
    expect(k.run('kubectl get svc web -o jsonpath={.spec.clusterIP}').out).toBe('10.96.120.15');
    expect(k.run('kubectl get nodes -o custom-columns=NAME:.metadata.name,IP:.status.addresses[0].address').out).toBe(
      'NAME     IP\nnode-1   192.168.56.11\nnode-2   192.168.56.12\nnode-3   192.168.56.13\n',
    );
  });

  it('prints nodes', () => {
    const k = kit();
    expect(k.run('kubectl get nodes -o wide').out).toBe(
      'NAME     STATUS   ROLES           AGE   VERSION   INTERNAL-IP     EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION     CONTAINER-RUNTIME\n' +
        'node-1   Ready    control-plane   65m   v1.32.3   192.168.56.11   <none>        Ubuntu 24.04.1 LTS   6.8.0-56-generic   containerd://2.0.3\n' +
        'node-2   Ready    <none>          65m   v1.32.3   192.168.56.12   <none>        Ubuntu 24.04.1 LTS   6.8.0-56-generic   containerd://2.0.3\n' +
        'node-3   Ready    <none>          65m   v1.32.3   192.168.56.13   <none>        Ubuntu 24.04.1 LTS   6.8.0-56-generic   containerd://2.0.3\n',
    );
  });

  it('prints one object as yaml', () => {
    const y = kit().run('kubectl get svc web -o yaml').out;
    expect(y).toContain('apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: "2026-01-01T01:00:00Z"\n');
    expect(y).toContain('spec:\n  clusterIP: 10.96.120.15\n  clusterIPs:\n  - 10.96.120.15\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n');
  });
});
