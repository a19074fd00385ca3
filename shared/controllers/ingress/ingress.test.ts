import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { runScript } from '../../shell/script';
import type { Service } from '../../model/objects';
import { podLog } from '../system-pods/logs';
import { walkState } from '../../sim/walk/history';

const APP = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: hashicorp/http-echo
        ports:
        - containerPort: 5678
---
apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
  - port: 80
    targetPort: 5678
---
apiVersion: v1
kind: Service
metadata:
  name: empty
spec:
  selector:
    app: nothing
  ports:
  - port: 80
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: demo
spec:
  ingressClassName: nginx
  tls:
  - hosts:
    - shop.example
    secretName: shop-tls
  rules:
  - host: shop.example
    http:
      paths:
      - path: /api
        pathType: Prefix
        backend:
          service:
            name: api
            port:
              number: 80
      - path: /web
        pathType: Exact
        backend:
          service:
            name: web
            port:
              number: 80
      - path: /down
        pathType: Prefix
        backend:
          service:
            name: empty
            port:
              number: 80
`;

function setup() {
  const e = createEngine(defaultClusterSpec(), createEnv(1));
  const node = { kind: 'node' as const, name: 'node-1' };
  const applied = runScript({ engine: e, target: node, script: `cat > /root/app.yaml <<'EOF'\n${APP}EOF\nkubectl apply -f /root/app.yaml` });
  expect(applied.stdout).toBe('deployment.apps/api created\nservice/api created\nservice/empty created\ningress.networking.k8s.io/demo created\n');
  const svc = e.store.get<Service>('Service', 'ingress-nginx', 'ingress-nginx-controller')!;
  const http = svc.spec.ports!.find((p) => p.name === 'http')!.nodePort!;
  const https = svc.spec.ports!.find((p) => p.name === 'https')!.nodePort!;
  // shop.example is a TLS host (ssl-redirect): its routes are reached over https.
  const curl = (args: string) => runScript({ engine: e, target: { kind: 'external' }, script: `curl -s ${args.replace(`http://192.168.56.12:${http}`, `-k https://192.168.56.12:${https}`)}` });
  return { e, http, https, curl, node };
}

describe('ingress-nginx', () => {
  it('routes by host and path, picks the backend itself and forwards the client address', () => {
    const { e, http, curl } = setup();
    const apiPods = e.store.list<any>('Pod', 'default').filter((p) => p.metadata.labels?.app === 'api').map((p) => p.metadata.name).sort();
    const a = curl(`-H 'Host: shop.example' http://192.168.56.12:${http}/api/items`).stdout;
    const b = curl(`-H 'Host: shop.example' http://192.168.56.12:${http}/api/items`).stdout;
    // Round robin over the two endpoints: two requests, two different pods.
    expect([a, b].map((x) => apiPods.find((p) => x.includes(p))).sort()).toEqual(apiPods);
    const webOut = curl(`-H 'Host: shop.example' http://192.168.56.12:${http}/web`).stdout;
    expect(webOut).toMatch(/^web-/);
    const ctrl = e.store.list<any>('Pod', 'ingress-nginx')[0]!;
    // externalTrafficPolicy Cluster: kube-proxy masqueraded the client, so nginx logs the node's cni0 address.
    // The backend saw the controller pod's address: a second connection, not the client's.
    expect(webOut).toContain(`(client ${ctrl.status.podIP}:`);
    expect(podLog(e, 'ingress-nginx', ctrl.metadata.name).at(-1)).toMatch(/^10\.244\.\d+\.1 - - \[.*\] "GET \/web HTTP\/1\.1" 200 \d+ "-" "curl\/[\d.]+" \d+ 0\.001 \[default-web-80\] \[\] 10\.244\.\d+\.\d+:80 /);
  });

  it('answers 404 for unknown hosts and paths, 503 without endpoints', () => {
    const { http, curl } = setup();
    expect(curl(`-H 'Host: other.example' http://192.168.56.12:${http}/api`).stdout).toContain('<center><h1>404 Not Found</h1></center>');
    expect(curl(`-H 'Host: shop.example' http://192.168.56.12:${http}/web/x`).stdout).toContain('404 Not Found');
    expect(curl(`-H 'Host: shop.example' http://192.168.56.12:${http}/down`).stdout).toContain('503 Service Temporarily Unavailable');
  });

  it('shows the address in kubectl and describes the rules', () => {
    const { e, node } = setup();
    const ctrl = e.store.list<any>('Pod', 'ingress-nginx')[0]!;
    const get = runScript({ engine: e, target: node, script: 'kubectl get ingress' }).stdout;
    expect(get).toBe(`NAME   CLASS   HOSTS          ADDRESS         PORTS     AGE\ndemo   nginx   shop.example   ${ctrl.status.hostIP}   80, 443   0s\n`);
    const d = runScript({ engine: e, target: node, script: 'kubectl describe ing demo' }).stdout;
    expect(d).toContain('TLS:\n  shop-tls terminates shop.example\nRules:\n  Host          Path  Backends\n  ----          ----  --------\n  shop.example  \n');
    expect(d).toMatch(/ {16}\/down {3}empty:80 \(\)\n/);
  });

  it('terminates TLS at the controller', () => {
    const { e, https, curl } = setup();
    const r = curl(`-k -H 'Host: shop.example' https://192.168.56.12:${https}/api/x`);
    expect(r.stdout).toMatch(/^api-/);
    const walk = walkState(e).walks.at(-1)!;
    // Both connections are in the walk: client → controller, then controller → the pod it chose.
    expect(walk.connections.length).toBeGreaterThanOrEqual(2);
    const hop = walk.hops.find((h) => h.stage === 'proxy' && h.summary.startsWith('ingress-nginx'))!;
    expect(hop.summary).toMatch(/^ingress-nginx terminates TLS for shop\.example \(secret default\/shop-tls\), then matches Ingress default\/demo \(Prefix \/api\) and picks 10\.244\.\d+\.\d+:5678 from upstream \[default-api-80\] itself; new connection with X-Forwarded-For: /);
  });
});
