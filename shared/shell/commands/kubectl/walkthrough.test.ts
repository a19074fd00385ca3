// "Connecting Applications with Services" from the Kubernetes docs, typed into node-1's shell.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../sim/create';
import { createEnv } from '../../../model/env';
import { defaultClusterSpec } from '../../../model/spec';
import { runScript } from '../../script';

const RUN_MY_NGINX = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-nginx
spec:
  selector:
    matchLabels:
      run: my-nginx
  replicas: 2
  template:
    metadata:
      labels:
        run: my-nginx
    spec:
      containers:
      - name: my-nginx
        image: nginx
        ports:
        - containerPort: 80
`;

describe('docs walkthrough: Connecting Applications with Services', () => {
  it('gives the outputs the page shows, modulo names, IPs and ages', () => {
    const e = createEngine(defaultClusterSpec({ workloads: 'none' }), createEnv(5));
    const sh = (script: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script });
    expect(sh(`cat > run-my-nginx.yaml <<'EOF'\n${RUN_MY_NGINX}EOF\nkubectl apply -f ./run-my-nginx.yaml`).stdout).toBe('deployment.apps/my-nginx created\n');
    const pods = sh('kubectl get pods -l run=my-nginx -o wide').stdout.split('\n');
    expect(pods[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES$/);
    expect(pods.filter((l) => / 1\/1 +Running +0 /.test(l))).toHaveLength(2);
    expect(sh('kubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs').stdout).toMatch(/^POD_IP\n\[map\[ip:10\.244\.\d+\.\d+\]\]\n\[map\[ip:10\.244\.\d+\.\d+\]\]\n$/);
    const before = sh('kubectl get pods -l run=my-nginx -o name').stdout.trim().split('\n')[0]!;
    expect(sh(`kubectl exec ${before.slice(4)} -- env`).stdout).toMatch(/KUBERNETES_SERVICE_HOST=10\.96\.0\.1\n/);
    expect(sh(`kubectl exec ${before.slice(4)} -- env`).stdout).not.toContain('MY_NGINX_SERVICE_HOST');
    expect(sh('kubectl expose deployment/my-nginx').stdout).toBe('service/my-nginx exposed\n');
    const svc = sh('kubectl get svc my-nginx').stdout;
    expect(svc).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nmy-nginx +ClusterIP +10\.\d+\.\d+\.\d+ +<none> +80\/TCP +0s\n$/);
    const d = sh('kubectl describe svc my-nginx').stdout;
    expect(d).toMatch(/^Name: {21}my-nginx\nNamespace: {16}default\nLabels: {19}run=my-nginx\nAnnotations: {14}<none>\nSelector: {17}run=my-nginx\nType: {21}ClusterIP\n/);
    expect(d).toMatch(/\nSession Affinity: {9}None\nInternal Traffic Policy: {2}Cluster\nEvents: {19}<none>\n$/);
    expect(d).toMatch(/\nEndpoints: {16}10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80\n/);
    expect(sh('kubectl get endpointslices -l kubernetes.io/service-name=my-nginx').stdout).toMatch(/^NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE\nmy-nginx-[a-z0-9]{5} +IPv4 +80 +10\.244\.\d+\.\d+,10\.244\.\d+\.\d+ +0s\n$/);
    expect(sh('kubectl scale deployment my-nginx --replicas=0; kubectl scale deployment my-nginx --replicas=2;').stdout).toBe('deployment.apps/my-nginx scaled\ndeployment.apps/my-nginx scaled\n');
    const after = sh('kubectl get pods -l run=my-nginx -o name').stdout.trim().split('\n')[0]!;
    expect(after).not.toBe(before);
    expect(sh(`kubectl exec ${after.slice(4)} -- env`).stdout).toMatch(/MY_NGINX_SERVICE_HOST=10\.\d+\.\d+\.\d+\n/);
    expect(sh('kubectl get services kube-dns --namespace=kube-system').stdout).toMatch(/^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nkube-dns +ClusterIP +10\.96\.0\.10 +<none> +53\/UDP,53\/TCP,9153\/TCP +0s\n$/);
    const curl = runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: 'kubectl run curl --image=radial/busyboxplus:curl' });
    expect(curl.stdout).toBe('pod/curl created\n');
    const ns = runScript({ engine: e, target: { kind: 'pod', namespace: 'default', name: 'curl' }, script: 'nslookup my-nginx' }).stdout;
    expect(ns).toMatch(/^Server:\t\t10\.96\.0\.10\nAddress:\t10\.96\.0\.10#53\n\nName:\tmy-nginx\.default\.svc\.cluster\.local\nAddress: 10\.\d+\.\d+\.\d+\n\n$/);
  });
});
