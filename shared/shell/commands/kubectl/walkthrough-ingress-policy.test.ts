// The Kubernetes docs' "Set up Ingress ... with the NGINX Ingress Controller" and "Declare Network Policy",
// typed into node-1's shell (and the external host's / a pod's), as the learner would.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';
import type { ShellTarget } from '../../../model/target';
import type { Service } from '../../../model/objects';

const node: ShellTarget = { kind: 'node', name: 'node-1' };

describe('docs walkthrough: Ingress', () => {
  it('routes hello-world.example through ingress-nginx', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(9));
    const sh = (s: string, t: ShellTarget = node) => runScript({ engine: e, target: t, script: s });
    expect(sh('kubectl get pods -n ingress-nginx').stdout).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE\ningress-nginx-controller-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +0s\n$/);
    expect(sh('kubectl create deployment web --image=gcr.io/google-samples/hello-app:1.0 --port=8080').stdout).toBe('deployment.apps/web created\n');
    expect(sh('kubectl expose deployment web --type=NodePort --port=8080').stdout).toBe('service/web exposed\n');
    expect(sh('kubectl get service web').stdout).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nweb +NodePort +10\.\d+\.\d+\.\d+ +<none> +8080:3\d{4}\/TCP +0s\n$/);
    const ing = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: example-ingress
spec:
  ingressClassName: nginx
  rules:
    - host: hello-world.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 8080
`;
    expect(sh(`cat > example-ingress.yaml <<'EOF'\n${ing}EOF\nkubectl apply -f example-ingress.yaml`).stdout).toBe('ingress.networking.k8s.io/example-ingress created\n');
    const ctrl = e.store.list<any>('Pod', 'ingress-nginx')[0]!;
    expect(sh('kubectl get ingress').stdout).toBe(`NAME              CLASS   HOSTS                 ADDRESS         PORTS   AGE\nexample-ingress   nginx   hello-world.example   ${ctrl.status.hostIP}   80      0s\n`);
    const np = e.store.get<Service>('Service', 'ingress-nginx', 'ingress-nginx-controller')!.spec.ports!.find((p) => p.name === 'http')!.nodePort!;
    const out = sh(`curl -s --resolve "hello-world.example:${np}:${ctrl.status.hostIP}" http://hello-world.example:${np}/`, { kind: 'external' }).stdout;
    // hello-app answers its own page, as in the docs (QA F6).
    expect(out).toMatch(/^Hello, world!\nVersion: 1\.0\.0\nHostname: web-[a-z0-9]+-[a-z0-9]{5}\n$/);
    expect(sh(`curl -s --resolve "other.example:${np}:${ctrl.status.hostIP}" http://other.example:${np}/`, { kind: 'external' }).stdout).toContain('404 Not Found');
  });
});

describe('docs walkthrough: Declare Network Policy', () => {
  it('limits access to nginx to pods labelled access=true (Calico)', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none', cni: { plugin: 'calico', backend: 'ipip', ipipMode: 'Always' } }), createEnv(9));
    const sh = (s: string, t: ShellTarget = node) => runScript({ engine: e, target: t, script: s });
    expect(sh('kubectl create deployment nginx --image=nginx').stdout).toBe('deployment.apps/nginx created\n');
    expect(sh('kubectl expose deployment nginx --port=80').stdout).toBe('service/nginx exposed\n');
    const both = sh('kubectl get svc,pod').stdout;
    expect(both).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nservice\/kubernetes +ClusterIP +10\.96\.0\.1 +<none> +443\/TCP +0s\nservice\/nginx +ClusterIP +10\.\d+\.\d+\.\d+ +<none> +80\/TCP +0s\n\nNAME +READY +STATUS +RESTARTS +AGE\npod\/nginx-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +0s\n$/);
    sh('kubectl run busybox --image=busybox:1.28 -- sleep 3600');
    sh('kubectl run busybox-ok --image=busybox:1.28 --labels="access=true" -- sleep 3600');
    const nginxIp = e.store.get<Service>('Service', 'default', 'nginx')!.spec.clusterIP!;
    const probe = (pod: string) => sh(`curl -s -m 1 -o /dev/null -w '%{http_code}' http://${nginxIp}/`, { kind: 'pod', namespace: 'default', name: pod });
    expect(probe('busybox').stdout).toBe('200');
    const policy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: access-nginx
spec:
  podSelector:
    matchLabels:
      app: nginx
  ingress:
  - from:
    - podSelector:
        matchLabels:
          access: "true"
`;
    expect(sh(`cat > nginx-policy.yaml <<'EOF'\n${policy}EOF\nkubectl apply -f nginx-policy.yaml`).stdout).toBe('networkpolicy.networking.k8s.io/access-nginx created\n');
    expect(probe('busybox').code).not.toBe(0);
    expect(probe('busybox-ok').stdout).toBe('200');
  });
});
