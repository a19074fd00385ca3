// Rebuilds the state of real captures (reference-outputs/) and compares kubectl's output byte for byte.
import { describe, expect, it } from 'vitest';
import { makeKit } from './test-kit';
import { basicCluster, namespace } from './fixtures';

describe('real captures', () => {
  it('kubectl-describe-svc-2: LoadBalancer with named ports, Local policy, health check node port (v1.32.3)', () => {
    const k = makeKit(1);
    k.add(...basicCluster(), namespace('ingress-nginx'));
    const sel = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };
    k.add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', labels: { ...sel, 'app.kubernetes.io/part-of': 'ingress-nginx', 'app.kubernetes.io/version': '1.11.3' } },
      spec: {
        type: 'LoadBalancer',
        selector: sel,
        clusterIP: '10.96.110.135',
        clusterIPs: ['10.96.110.135'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30534 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', nodePort: 30705 },
        ],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Local',
        internalTrafficPolicy: 'Cluster',
        healthCheckNodePort: 31480,
      },
      status: { loadBalancer: {} },
    } as any);
    k.add({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'ingress-nginx-controller-x7k2p', namespace: 'ingress-nginx', labels: { 'kubernetes.io/service-name': 'ingress-nginx-controller' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.168.229.144'], conditions: { ready: true } }],
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'https', port: 443, protocol: 'TCP' },
      ],
    } as any);
    expect(k.run('kubectl describe service -n ingress-nginx ingress-nginx-controller').out).toBe(`Name:                     ingress-nginx-controller
Namespace:                ingress-nginx
Labels:                   app.kubernetes.io/component=controller
                          app.kubernetes.io/instance=ingress-nginx
                          app.kubernetes.io/name=ingress-nginx
                          app.kubernetes.io/part-of=ingress-nginx
                          app.kubernetes.io/version=1.11.3
Annotations:              <none>
Selector:                 app.kubernetes.io/component=controller,app.kubernetes.io/instance=ingress-nginx,app.kubernetes.io/name=ingress-nginx
Type:                     LoadBalancer
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.110.135
IPs:                      10.96.110.135
Port:                     http  80/TCP
TargetPort:               http/TCP
NodePort:                 http  30534/TCP
Endpoints:                192.168.229.144:80
Port:                     https  443/TCP
TargetPort:               https/TCP
NodePort:                 https  30705/TCP
Endpoints:                192.168.229.144:443
Session Affinity:         None
External Traffic Policy:  Local
Internal Traffic Policy:  Cluster
HealthCheck NodePort:     31480
Events:                   <none>
`);
    expect(k.run('kubectl get svc -n ingress-nginx').out).toBe(
      'NAME                       TYPE           CLUSTER-IP      EXTERNAL-IP   PORT(S)                      AGE\ningress-nginx-controller   LoadBalancer   10.96.110.135   <pending>     80:30534/TCP,443:30705/TCP   0s\n',
    );
  });

  it('kubectl-get-networkpolicy-1: POD-SELECTOR <none> for {} and key=value', () => {
    const k = makeKit(1);
    k.add(...basicCluster(), namespace('client'), namespace('stars'));
    const np = (ns: string, name: string, podSelector: object) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec: { podSelector, policyTypes: ['Ingress'] } }) as any;
    k.add(np('client', 'allow-ui', {}), np('client', 'default-deny', {}), np('stars', 'allow-ui', {}), np('stars', 'backend-policy', { matchLabels: { role: 'backend' } }), np('stars', 'default-deny', {}));
    k.engine.env.clock.advance(20 * 60_000);
    expect(k.run('kubectl get networkpolicy --all-namespaces').out).toBe(`NAMESPACE   NAME             POD-SELECTOR   AGE
client      allow-ui         <none>         20m
client      default-deny     <none>         20m
stars       allow-ui         <none>         20m
stars       backend-policy   role=backend   20m
stars       default-deny     <none>         20m
`);
  });

  it('kubectl-errors-notfound-2: NotFound also when the pod is in another namespace', () => {
    const k = makeKit(1);
    k.add(...basicCluster(), namespace('dev'));
    expect(k.run('kubectl get pods taint1 -n dev -o wide')).toEqual({ out: '', err: 'Error from server (NotFound): pods "taint1" not found\n', code: 1 });
  });
});
