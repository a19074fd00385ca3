// QA F15: the kubelet injects service-link variables at container start, so a Service
// created after a pod (even in the same virtual second) is not in that pod's env.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';

describe('service environment variables', () => {
  it('only for Services that existed when the pod was created', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(5));
    const sh = (script: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script }).stdout;
    expect(sh('kubectl create deployment my-nginx --image=nginx --port=80')).toBe('deployment.apps/my-nginx created\n');
    const old = sh('kubectl get pods -l app=my-nginx -o name').trim().slice(4);
    expect(sh('kubectl expose deployment/my-nginx')).toBe('service/my-nginx exposed\n');
    const env = sh(`kubectl exec ${old} -- env`);
    expect(env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1\n');
    expect(env).not.toContain('MY_NGINX');
    sh('kubectl scale deployment my-nginx --replicas=0; kubectl scale deployment my-nginx --replicas=1');
    const fresh = sh('kubectl get pods -l app=my-nginx -o name').trim().slice(4);
    expect(fresh).not.toBe(old);
    const ip = sh("kubectl get svc my-nginx -o jsonpath='{.spec.clusterIP}'");
    expect(sh(`kubectl exec ${fresh} -- env`)).toContain(`MY_NGINX_SERVICE_HOST=${ip}\nMY_NGINX_SERVICE_PORT=80\n`);
  });
});

describe('service links of pods that predate the creation tracking', () => {
  it('a system pod does not get a Service created later in its namespace', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(5));
    const sh = (script: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script }).stdout;
    const dns = sh("kubectl -n kube-system get pods -l k8s-app=kube-dns -o jsonpath='{.items[0].metadata.name}'");
    expect(dns).toMatch(/^coredns-/);
    expect(sh(`kubectl -n kube-system exec ${dns} -- env`)).toContain('KUBE_DNS_SERVICE_HOST=10.96.0.10\n');
    expect(sh('kubectl -n kube-system create service clusterip late --tcp=81')).toBe('service/late created\n');
    expect(sh(`kubectl -n kube-system exec ${dns} -- env`)).not.toContain('LATE_');
  });
});
