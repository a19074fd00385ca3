import { describe, expect, it } from 'vitest';
import { makeKit } from './test-kit';
import { basicCluster, pod, service } from './fixtures';

function kit() {
  const k = makeKit(3);
  k.add(...basicCluster());
  k.add(pod('web-1', 'default', '10.244.1.5', 'node-2', { app: 'web' }));
  k.add(pod('web-2', 'default', '10.244.2.7', 'node-3', { app: 'web' }));
  k.add(service('web-svc-lb', 'default', '10.97.235.18', [{ port: 80, targetPort: 8000, nodePort: 32363 }], { app: 'web' }, 'LoadBalancer'));
  const svc = k.engine.store.get<any>('Service', 'default', 'web-svc-lb')!;
  svc.spec.externalTrafficPolicy = 'Cluster';
  svc.status = { loadBalancer: { ingress: [{ ip: '172.17.255.1' }] } };
  k.engine.store.update(svc);
  k.add({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-svc-lb-abcde', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web-svc-lb' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.5'], conditions: { ready: true } }, { addresses: ['10.244.2.7'], conditions: { ready: true } }],
    ports: [{ name: '', port: 8000, protocol: 'TCP' }],
  } as any);
  return k;
}

describe('kubectl describe', () => {
  it('describes a LoadBalancer service in kubectl 1.32 layout', () => {
    expect(kit().run('kubectl describe svc web-svc-lb').out).toBe(`Name:                     web-svc-lb
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=web
Type:                     LoadBalancer
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.97.235.18
IPs:                      10.97.235.18
LoadBalancer Ingress:     172.17.255.1
Port:                     <unset>  80/TCP
TargetPort:               8000/TCP
NodePort:                 <unset>  32363/TCP
Endpoints:                10.244.1.5:8000,10.244.2.7:8000
Session Affinity:         None
External Traffic Policy:  Cluster
Internal Traffic Policy:  Cluster
Events:                   <none>
`);
  });

  it('describes an ingress like the reference capture', () => {
    const k = kit();
    k.run('kubectl create ingress web --rule=/web=web-svc-lb:80 --annotation=nginx.ingress.kubernetes.io/rewrite-target=/');
    expect(k.run('kubectl describe ingress/web').out).toBe(`Name:             web
Labels:           <none>
Namespace:        default
Address:          
Ingress Class:    <none>
Default backend:  <default>
Rules:
  Host        Path  Backends
  ----        ----  --------
  *           
              /web   web-svc-lb:80 (10.244.1.5:8000,10.244.2.7:8000)
Annotations:  nginx.ingress.kubernetes.io/rewrite-target: /
Events:       <none>
`);
  });

  it('describes by name prefix and reports missing names', () => {
    const k = kit();
    const out = k.run('kubectl describe pods web').out;
    expect(out.match(/^Name: /gm)!.length).toBe(2);
    expect(out).toContain('Node:             node-2/192.168.56.12\n');
    expect(k.run('kubectl describe pod nope').err).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
});

describe('kubectl label, annotate, patch, scale', () => {
  it('labels and refuses to overwrite without --overwrite', () => {
    const k = kit();
    expect(k.run('kubectl label pod web-1 tier=front').out).toBe('pod/web-1 labeled\n');
    expect(k.run('kubectl label pod web-1 tier=back').err).toBe("error: 'tier' already has a value (front), and --overwrite is false\n");
    expect(k.run('kubectl label pod web-1 tier=back --overwrite').out).toBe('pod/web-1 labeled\n');
    expect(k.run('kubectl get pods -l tier=back -o name').out).toBe('pod/web-1\n');
    expect(k.run('kubectl label pod web-1 tier-').out).toBe('pod/web-1 unlabeled\n');
    expect(k.run('kubectl annotate svc web-svc-lb note=hi').out).toBe('service/web-svc-lb annotated\n');
  });

  it('patches with merge, strategic and json patches', () => {
    const k = kit();
    expect(k.run(`kubectl patch svc web-svc-lb -p '{"spec":{"type":"NodePort"}}'`).out).toBe('service/web-svc-lb patched\n');
    expect(k.run(`kubectl patch svc web-svc-lb -p '{"spec":{"type":"NodePort"}}'`).out).toBe('service/web-svc-lb patched (no change)\n');
    expect(k.run(`kubectl patch svc web-svc-lb --type=json -p '[{"op":"replace","path":"/spec/ports/0/port","value":8080}]'`).out).toBe('service/web-svc-lb patched\n');
    expect(k.engine.store.get<any>('Service', 'default', 'web-svc-lb')!.spec.ports[0].port).toBe(8080);
    const r = k.run(`kubectl patch svc web-svc-lb --type=merge -p '{"spec":{"ports":[{"port":0}]}}'`);
    expect(r.err).toBe('The Service "web-svc-lb" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n');
    expect(k.engine.store.get<any>('Service', 'default', 'web-svc-lb')!.spec.ports[0].port).toBe(8080);
  });

  it('scales deployments and refuses pods', () => {
    const k = kit();
    k.run('kubectl create deployment web --image=nginx');
    expect(k.run('kubectl scale deployment web --replicas=3').out).toBe('deployment.apps/web scaled\n');
    expect(k.engine.store.get<any>('Deployment', 'default', 'web')!.spec.replicas).toBe(3);
    expect(k.run('kubectl scale deploy/web').err).toBe('error: required flag(s) "replicas" not set\n');
    expect(k.run('kubectl scale deploy/nope --replicas=1').err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });

  it('exposes a deployment with the port it finds', () => {
    const k = kit();
    k.run('kubectl create deployment web --image=nginx --port=80');
    expect(k.run('kubectl expose deployment web --type=NodePort').out).toBe('service/web exposed\n');
    const s = k.engine.store.get<any>('Service', 'default', 'web')!;
    expect(s.spec).toMatchObject({ selector: { app: 'web' }, type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    k.run('kubectl create deployment bare --image=busybox');
    expect(k.run('kubectl expose deploy bare').err).toBe("error: couldn't find port via --port flag or introspection\n");
  });

  it('restarts a rollout by stamping the template', () => {
    const k = kit();
    k.run('kubectl create deployment web --image=nginx');
    expect(k.run('kubectl rollout restart deployment/web').out).toBe('deployment.apps/web restarted\n');
    expect(k.engine.store.get<any>('Deployment', 'default', 'web')!.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-01-01T00:00:00Z');
  });

  it('waits on conditions', () => {
    const k = kit();
    expect(k.run('kubectl wait --for=condition=ready pod -l app=web').out).toBe('pod/web-1 condition met\npod/web-2 condition met\n');
    expect(k.run('kubectl wait --for=condition=ready pod web-1 --timeout=10s').out).toBe('pod/web-1 condition met\n');
  });

  it('has the informational verbs', () => {
    const k = kit();
    expect(k.run('kubectl version').out).toMatch(/^Client Version: v1\.32\.\d+\nKustomize Version: v5\.5\.0\nServer Version: v1\.32\.\d+\n$/);
    expect(k.run('kubectl cluster-info').out).toBe("Kubernetes control plane is running at https://192.168.56.11:6443\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    expect(k.run('kubectl api-resources').out.split('\n')[0]).toBe('NAME              SHORTNAMES   APIVERSION             NAMESPACED   KIND');
    expect(k.run('kubectl config view').out).toContain('    server: https://192.168.56.11:6443\n');
    expect(k.run('kubectl explain pods').out).toMatch(/^KIND:       Pod\nVERSION:    v1\n/);
    // As real kubectl 1.32 answers (it has a top verb at distance 2).
    expect(k.run('kubectl foo').err).toBe('Error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n\n');
    expect(k.run('kubectl gte pods').err).toBe('Error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n\tset\n\n'.replace('\tset\n', ''));
  });
});

describe('kubectl taint', () => {
  it('removes and adds the control-plane taint', () => {
    const k = makeKit(3);
    k.add(...basicCluster());
    const n = k.engine.store.get<any>('Node', undefined, 'node-1')!;
    n.spec.taints = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
    k.engine.store.update(n);
    expect(k.run('kubectl taint nodes node-1 node-role.kubernetes.io/control-plane:NoSchedule-').out).toBe('node/node-1 untainted\n');
    expect(k.engine.store.get<any>('Node', undefined, 'node-1')!.spec.taints).toBeUndefined();
    expect(k.run('kubectl taint nodes node-1 dedicated=lab:NoSchedule').out).toBe('node/node-1 tainted\n');
    expect(k.run('kubectl taint nodes node-1 foo:NoSchedule-').err).toBe('error: taint "foo:NoSchedule" not found\n');
    expect(k.run('kubectl edit svc kubernetes').code).toBe(1);
  });
});

describe('kubectl get --sort-by and apply on imperatively created objects', () => {
  it('sorts and warns like kubectl', () => {
    const k = kit();
    expect(k.run('kubectl get pods --sort-by=.status.podIP -o name').out).toBe('pod/web-1\npod/web-2\n');
    expect(k.run("kubectl get pods --sort-by='{.metadata.name}' -o name").out).toBe('pod/web-1\npod/web-2\n');
    k.run('kubectl create deployment web --image=nginx');
    const y = k.run('kubectl get deploy web -o yaml').out;
    const r = k.run('kubectl apply -f -', y.replace('replicas: 1', 'replicas: 2'));
    expect(r.out).toBe('deployment.apps/web configured\n');
    expect(r.err).toBe(
      'Warning: resource deployments.apps/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
    expect(k.run('kubectl apply -f -', y.replace('replicas: 1', 'replicas: 2')).err).toBe('');
  });
});

describe('kubectl describe networkpolicy', () => {
  it('prints kubectl layout', () => {
    const k = kit();
    k.run('kubectl apply -f -', `apiVersion: networking.k8s.io/v1
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
    - ipBlock:
        cidr: 10.0.0.0/8
        except: [10.1.0.0/16]
    ports:
    - port: 80
`);
    expect(k.run('kubectl describe netpol access-nginx').out).toBe(`Name:         access-nginx
Namespace:    default
Created on:   2026-01-01 00:00:00 +0000 UTC
Labels:       <none>
Annotations:  <none>
Spec:
  PodSelector:     app=nginx
  Allowing ingress traffic:
    To Port: 80/TCP
    From:
      PodSelector: access=true
    From:
      IPBlock:
        CIDR: 10.0.0.0/8
        Except: 10.1.0.0/16
  Not affecting egress traffic
  Policy Types: Ingress
`);
  });
});

describe('protected namespaces and api-versions', () => {
  it('refuses to delete default and lists versions', () => {
    const k = kit();
    expect(k.run('kubectl delete ns default').err).toBe('Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n');
    expect(k.run('kubectl api-versions').out).toBe('apps/v1\ndiscovery.k8s.io/v1\nnetworking.k8s.io/v1\nv1\n');
  });
});

describe('kubectl completion', () => {
  it('completes verbs, types, names, namespaces and formats', async () => {
    const { kubectl } = await import('../kubectl');
    const k = kit();
    const c = (line: string) => kubectl.complete!(line.split(' '), { engine: k.engine, target: { kind: 'node', name: 'node-1' }, cwd: '/root' });
    expect(c('kubectl ge')).toContain('get');
    expect(c('kubectl get po')).toEqual(expect.arrayContaining(['pods', 'po', 'all']));
    expect(c('kubectl get pods w')).toEqual(['web-1', 'web-2']);
    expect(c('kubectl -n kube-system get pods ')).toEqual([]);
    expect(c('kubectl exec ')).toEqual(['web-1', 'web-2']);
    expect(c('kubectl get pods -n ')).toEqual(['default', 'kube-system']);
    expect(c('kubectl get pods -o ')).toContain('yaml');
    expect(c('kubectl apply -f ')).toBeUndefined();
  });
});
