import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Endpoints, Service } from '../../model/objects';
import { StoreError } from '../../model/store';
import { cluster, node, run } from '../kube-proxy/testkit';
import { sepChain } from '../kube-proxy/hash';

const mk = (name: string, spec: Service['spec']): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });
const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof StoreError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
};

describe('Service registry: allocation and validation', () => {
  it('the kubernetes Service is 10.96.0.1 and the web NodePort is allocated deterministically', () => {
    const a = cluster({}, 7);
    const b = cluster({}, 7);
    expect(a.store.get<Service>('Service', 'default', 'kubernetes')!.spec.clusterIP).toBe('10.96.0.1');
    const wa = a.store.get<Service>('Service', 'default', 'web')!.spec;
    const wb = b.store.get<Service>('Service', 'default', 'web')!.spec;
    expect(wa.clusterIP).toBe(wb.clusterIP);
    expect(wa.ports![0]!.nodePort).toBe(wb.ports![0]!.nodePort);
    expect(wa.ports![0]!.nodePort).toBeGreaterThanOrEqual(30086);
  });

  it('fixed values are honoured and validated with the apiserver texts', () => {
    const e = cluster();
    const s = e.store.create(mk('fixed', { type: 'NodePort', clusterIP: '10.96.100.100', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }));
    expect(s.spec.clusterIP).toBe('10.96.100.100');
    expect(s.spec.ports![0]!.nodePort).toBe(30080);
    expect(err(() => e.store.create(mk('a', { clusterIP: '10.96.100.100', ports: [{ port: 80 }] })))).toBe(
      'Invalid: The Service "a" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.100.100"}: failed to allocate IP 10.96.100.100: provided IP is already allocated',
    );
    expect(err(() => e.store.create(mk('b', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] })))).toBe(
      'Invalid: The Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(err(() => e.store.create(mk('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] })))).toBe(
      'Invalid: The Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(err(() => e.store.create(mk('d', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })))).toBe(
      'Invalid: The Service "d" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    // Deleting frees the values again.
    e.store.delete('Service', 'default', 'fixed');
    expect(e.store.create(mk('again', { type: 'NodePort', clusterIP: '10.96.100.100', ports: [{ port: 80, nodePort: 30080 }] })).spec.clusterIP).toBe('10.96.100.100');
  });
});

describe('Endpoints and EndpointSlices', () => {
  it('follow ready pods and resolve the named targetPort per pod', () => {
    const e = cluster();
    const slice = e.store.list<EndpointSlice>('EndpointSlice', 'default').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
    expect(slice.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.endpoints).toHaveLength(3);
    expect(slice.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    const ep = e.store.get<Endpoints>('Endpoints', 'default', 'web')!;
    expect(ep.subsets![0]!.addresses).toHaveLength(3);
  });

  it('headless Services get endpoints but no kube-proxy rules', () => {
    const e = cluster();
    e.store.create(mk('web-headless', { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] }));
    expect(e.store.get<Service>('Service', 'default', 'web-headless')!.spec.clusterIPs).toEqual(['None']);
    expect(e.store.get<Endpoints>('Endpoints', 'default', 'web-headless')!.subsets![0]!.addresses).toHaveLength(3);
    expect(run(e, node('node-1'), 'iptables-save').out).not.toContain('web-headless');
  });

  it('a selector-less Service uses hand-written EndpointSlices pointing outside the cluster', () => {
    const e = cluster();
    e.store.create(mk('outside', { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] }));
    e.store.create<EndpointSlice>({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'outside-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'outside' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.168.56.100'] }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
    const sep = sepChain('default/outside:http', 'tcp', '192.168.56.100:8080');
    expect(run(e, node('node-2'), `iptables -t nat -S ${sep}`).out).toBe(
      `-N ${sep}\n-A ${sep} -s 192.168.56.100/32 -m comment --comment "default/outside:http" -j KUBE-MARK-MASQ\n-A ${sep} -p tcp -m comment --comment "default/outside:http" -m tcp -j DNAT --to-destination 192.168.56.100:8080\n`,
    );
    expect(e.store.get('Endpoints', 'default', 'outside')).toBeUndefined();
  });
});

describe('Endpoints after scaling (QA F3)', () => {
  it('scaling to 0 leaves no stale subsets; addresses are sorted by IP', () => {
    const e = cluster();
    const ep = e.store.get<Endpoints>('Endpoints', 'default', 'web')!;
    const ips = ep.subsets![0]!.addresses!.map((a) => a.ip);
    expect(ips).toEqual([...ips].sort());
    expect(run(e, node('node-1'), 'kubectl scale deploy web --replicas=0').code).toBe(0);
    expect(e.store.get<Endpoints>('Endpoints', 'default', 'web')!.subsets).toBeUndefined();
    expect(run(e, node('node-1'), 'kubectl get ep web').out).toMatch(/^NAME\s+ENDPOINTS\s+AGE\nweb\s+<none>\s+\S+\n$/);
  });
});
