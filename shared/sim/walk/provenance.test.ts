/**
 * Provenance on real sandboxes: every route, neighbour, FDB entry, rule hit and IPVS choice
 * a walk uses links to the object that produced it (the peer Node's lease, the Service,
 * its EndpointSlice, the NetworkPolicy, the Pod) and to the controller that wrote it.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec, parseCni, type CniSpec } from '../../model/spec';
import type { EndpointSlice, Pod, Service } from '../../model/objects';
import type { Hop, Provenance } from '../../api/walk';
import type { Engine } from '../engine';
import { runScript } from '../../shell/script';
import { walkDetailed } from './walk';
import { exchange } from './exchange';
import { provenance, ruleProvenance } from './provenance';
import { getWalk, listWalks } from './history';

const client = { kind: 'pod' as const, namespace: 'default', name: 'client' };

function sandbox(cni: string, proxyMode?: 'iptables' | 'ipvs'): Engine {
  return createEngine(defaultClusterSpec({ cni: parseCni(cni) as CniSpec, ...(proxyMode ? { proxyMode } : {}) }), createEnv(1));
}

const podOf = (e: Engine, name: string) => e.store.get<Pod>('Pod', 'default', name)!;
const farWeb = (e: Engine) => e.store.list<Pod>('Pod', 'default').find((p) => p.metadata.name.startsWith('web-') && p.spec.nodeName !== podOf(e, 'client').spec.nodeName)!;
const provs = (hops: Hop[]): Provenance[] => hops.flatMap((h) => h.provenance ?? []);
const webSlice = (e: Engine) => e.store.list<EndpointSlice>('EndpointSlice', 'default').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web')!;
const curlWeb = (e: Engine) => {
  const svc = e.store.get<Service>('Service', 'default', 'web')!;
  return exchange(e, { from: client, dst: svc.spec.clusterIP!, proto: 'tcp', dport: 80, payload: { kind: 'http-request', method: 'GET', path: '/', host: 'web', headers: {} } });
};

describe('provenance of a cross-node flannel vxlan ping', () => {
  const e = sandbox('flannel:vxlan');
  const web = farWeb(e);
  const peer = web.spec.nodeName!;
  const here = podOf(e, 'client').spec.nodeName!;
  const d = walkDetailed(e, { from: client, dst: web.status!.podIP!, proto: 'icmp' });

  it('links the remote-subnet route to the peer node lease, written by flanneld', () => {
    expect(d.outcome).toBe('reply');
    const hop = d.record.hops.find((h) => h.stage === 'route' && h.route?.includes('dev flannel.1'))!;
    const lease = e.cni!.state.nodes[peer]!.subnet;
    const flannelPod = e.store.list<Pod>('Pod', 'kube-flannel').find((p) => p.spec.nodeName === here)!;
    expect(hop.provenance).toEqual([{
      what: `route ${hop.route}`,
      controller: 'flanneld',
      controllerPod: { namespace: 'kube-flannel', name: flannelPod.metadata.name },
      object: { kind: 'Node', name: peer },
      text: `flanneld on ${here}, from ${peer}'s subnet lease ${lease}`,
    }]);
  });

  it('links the PERMANENT neighbour and the FDB entry of the peer VTEP to the peer node', () => {
    const neigh = d.record.hops.find((h) => h.stage === 'neigh' && h.device === 'flannel.1')!;
    const fdb = d.record.hops.find((h) => h.stage === 'encap' && h.device === 'flannel.1')!;
    expect(neigh.provenance?.map((p) => [p.controller, p.object])).toEqual([['flanneld', { kind: 'Node', name: peer }]]);
    expect(neigh.provenance?.[0]?.what).toBe(`neigh ${neigh.neigh}`);
    // The FDB entry is the peer's; the VTEP it leaves by is this node's own (its lease).
    expect(fdb.provenance?.map((p) => [p.controller, p.object])).toEqual([['flanneld', { kind: 'Node', name: peer }], ['flanneld', { kind: 'Node', name: here }]]);
    expect(fdb.provenance?.[1]?.what).toBe('vtep flannel.1');
    expect(fdb.provenance?.[0]?.what).toMatch(/^fdb [0-9a-f:]{17} dst 192\.168\.\d+\.\d+ dev flannel\.1$/);
  });

  it('links the pod routes and the bridge ports to the Pods whose veth they are', () => {
    const first = d.record.hops.find((h) => h.stage === 'route')!;
    expect(first.provenance?.[0]).toMatchObject({ controller: 'bridge CNI plugin', object: { kind: 'Pod', namespace: 'default', name: 'client' } });
    const port = provs(d.record.hops).find((p) => p.what.startsWith('veth ') && p.object?.name === web.metadata.name);
    expect(port?.controller).toBe('bridge CNI plugin');
  });
});

describe('provenance of a ClusterIP curl (kube-proxy iptables)', () => {
  const e = sandbox('flannel:vxlan');
  const r = curlWeb(e);
  const all = provs(r.walks[0]!.hops);

  it('links the KUBE-SVC hit to Service default/web and the KUBE-SEP DNAT to its EndpointSlice', () => {
    expect(r.ok, r.reason).toBe(true);
    const svc = all.find((p) => /^nat\/KUBE-SVC-\w+ #\d+$/.test(p.what))!;
    expect(svc).toMatchObject({ controller: 'kube-proxy', object: { kind: 'Service', namespace: 'default', name: 'web' } });
    expect(svc.text).toMatch(/^kube-proxy on node-\d, for Service port default\/web:http$/);
    // The controller links to its own pod on that node.
    const node = r.walks[0]!.hops.find((h) => h.provenance?.includes(svc))!.host;
    const proxyPod = e.store.list<Pod>('Pod', 'kube-system').find((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.spec.nodeName === node)!;
    expect(svc.controllerPod).toEqual({ namespace: 'kube-system', name: proxyPod.metadata.name });
    const dnatHop = r.walks[0]!.hops.find((h) => h.nat?.kind === 'DNAT')!;
    const dnatRule = dnatHop.rules!.find((x) => x.target === 'DNAT')!;
    const sep = dnatHop.provenance!.find((p) => p.what === `nat/${dnatRule.chain} #${dnatRule.ruleNum}`)!;
    expect(sep.object).toEqual({ kind: 'EndpointSlice', namespace: 'default', name: webSlice(e).metadata.name, service: 'web' });
    expect(sep.text).toContain(`listed in EndpointSlice default/${webSlice(e).metadata.name}`);
  });

  it('gives every rule hit written for an object its own entry, in the order they matched', () => {
    const hop = r.walks[0]!.hops.find((h) => h.nat?.kind === 'DNAT')!;
    const chains = hop.rules!.map((x) => x.chain);
    // PREROUTING's jump to KUBE-SERVICES is kube-proxy's fixed rule (its owner shows in the rule list); the rest are web's.
    expect(chains[0]).toBe('PREROUTING');
    expect(hop.provenance!.map((p) => p.what)).toEqual(hop.rules!.slice(1).map((x) => `${x.table}/${x.chain} #${x.ruleNum}`));
    expect(hop.provenance!.map((p) => p.object?.kind)).toEqual([...hop.rules!.slice(1).map((x) => (x.chain.startsWith('KUBE-SEP-') ? 'EndpointSlice' : 'Service'))]);
  });
});

describe('provenance of a ClusterIP curl (kube-proxy IPVS)', () => {
  it('links the IPVS virtual service to the Service and the real server to the EndpointSlice', () => {
    const e = sandbox('flannel:vxlan', 'ipvs');
    const r = curlWeb(e);
    expect(r.ok, r.reason).toBe(true);
    const hop = r.walks[0]!.hops.find((h) => h.stage === 'ipvs')!;
    expect(hop.provenance?.map((p) => p.object)).toEqual([
      { kind: 'Service', namespace: 'default', name: 'web' },
      { kind: 'EndpointSlice', namespace: 'default', name: webSlice(e).metadata.name, service: 'web' },
    ]);
    expect(hop.provenance?.map((p) => p.what)).toEqual([`ipvs ${hop.ipvs!.virtualService}`, `ipvs ${hop.ipvs!.virtualService} -> ${hop.ipvs!.realServer}`]);
  });
});

describe('provenance under Calico', () => {
  it('links a policy drop to the NetworkPolicy that isolates the pod', () => {
    const e = sandbox('calico:ipip');
    const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-web\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  policyTypes:\n  - Ingress\n';
    expect(runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: `kubectl apply -f - <<'EOF'\n${deny}EOF` }).code).toBe(0);
    const web = farWeb(e);
    const d = walkDetailed(e, { from: client, dst: web.status!.podIP!, proto: 'tcp', dport: 80 });
    const drop = d.record.hops.find((h) => h.stage === 'drop')!;
    const last = drop.provenance!.at(-1)!;
    expect(last).toMatchObject({ controller: 'calico-felix', object: { kind: 'NetworkPolicy', namespace: 'default', name: 'deny-web' } });
    expect(last.text).toBe(`calico-felix on ${web.spec.nodeName}, for NetworkPolicy default/deny-web`);
  });

  it('links the IPIP encapsulation to the tunnel felix made on this node', () => {
    const e = sandbox('calico:ipip');
    const web = farWeb(e);
    const d = walkDetailed(e, { from: client, dst: web.status!.podIP!, proto: 'icmp' });
    const encap = d.record.hops.find((h) => h.stage === 'encap')!;
    expect(encap.provenance).toMatchObject([{ what: 'tunnel tunl0', controller: 'calico-felix', object: { kind: 'Node', name: encap.host } }]);
  });

  it('links BGP-learned routes to the peer node and the per-pod /32 route to the Pod', () => {
    const e = sandbox('calico:bgp');
    const web = farWeb(e);
    const d = walkDetailed(e, { from: client, dst: web.status!.podIP!, proto: 'icmp' });
    expect(d.outcome).toBe('reply');
    const routes = d.record.hops.filter((h) => h.stage === 'route').flatMap((h) => h.provenance ?? []);
    expect(routes.find((p) => p.controller === 'calico (bird)')?.object).toEqual({ kind: 'Node', name: web.spec.nodeName });
    expect(routes.find((p) => p.what.startsWith(`route ${web.status!.podIP} dev cali`))?.object).toEqual({ kind: 'Pod', namespace: 'default', name: web.metadata.name });
  });
});

describe('provenance of what the learner typed', () => {
  it('says a rule added with iptables was typed in a shell, and a route added with ip too', () => {
    const e = sandbox('flannel:vxlan');
    const web = farWeb(e);
    const here = podOf(e, 'client').spec.nodeName!;
    const sh = (script: string) => runScript({ engine: e, target: { kind: 'node', name: here }, script });
    expect(sh(`iptables -I FORWARD -d ${web.status!.podIP} -j DROP`).code).toBe(0);
    const d = walkDetailed(e, { from: client, dst: web.status!.podIP!, proto: 'icmp' });
    const drop = d.record.hops.find((h) => h.stage === 'drop')!;
    expect(drop.provenance).toEqual([{ what: 'filter/FORWARD #1', controller: 'iptables', text: `iptables on ${here}, typed in a shell` }]);
    expect(sh(`iptables -D FORWARD -d ${web.status!.podIP} -j DROP && ip route add blackhole ${web.status!.podIP}/32`).code).toBe(0);
    const again = walkDetailed(e, { from: client, dst: web.status!.podIP!, proto: 'icmp' });
    const hole = again.record.hops.find((h) => h.stage === 'drop')!;
    expect(hole.provenance).toEqual([{ what: `route blackhole ${web.status!.podIP}`, controller: 'ip', text: `ip on ${here}, typed in a shell` }]);
  });

  it('says an IPVS service added with ipvsadm was typed in a shell', () => {
    const e = sandbox('flannel:vxlan', 'ipvs');
    const web = farWeb(e);
    const sh = (script: string) => runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script });
    expect(sh(`ip addr add 10.0.0.99/32 dev lo && ipvsadm -A -t 10.0.0.99:80 -s rr && ipvsadm -a -t 10.0.0.99:80 -r ${web.status!.podIP}:80 -m`).code).toBe(0);
    const d = walkDetailed(e, { from: { kind: 'node', name: 'node-1' }, dst: '10.0.0.99', proto: 'tcp', dport: 80 });
    const hop = d.record.hops.find((h) => h.stage === 'ipvs')!;
    expect(hop.provenance?.map((p) => p.text)).toEqual(['ipvsadm on node-1, typed in a shell', 'ipvsadm on node-1, typed in a shell']);
  });
});

describe('provenance of an ingress', () => {
  it('links the ingress-nginx proxy step to the Ingress whose rule matched', () => {
    const e = sandbox('flannel:vxlan');
    const ing = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: shop.example\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n';
    expect(runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: `kubectl apply -f - <<'EOF'\n${ing}EOF` }).code).toBe(0);
    const svc = e.store.get<Service>('Service', 'ingress-nginx', 'ingress-nginx-controller')!;
    const port = svc.spec.ports!.find((p) => p.name === 'http')!.nodePort!;
    const out = runScript({ engine: e, target: { kind: 'external' }, script: `curl -s -H 'Host: shop.example' http://192.168.56.11:${port}/` });
    expect(out.stdout).toMatch(/^web-/);
    const proxy = listWalks(e).flatMap((w) => getWalk(e, w.id)!.hops).find((h) => h.stage === 'proxy' && h.provenance?.some((p) => p.object?.kind === 'Ingress'))!;
    expect(proxy.provenance).toMatchObject([{ controller: 'ingress-nginx', object: { kind: 'Ingress', namespace: 'default', name: 'shop' } }]);
    expect(proxy.provenance![0]!.text).toMatch(/^ingress-nginx in ingress-nginx-controller-[a-z0-9]+-[a-z0-9]{5}, for Ingress default\/shop$/);
  });
});

describe('provenance entries', () => {
  it('fall back to the free-text owner, with a sentence for the kernel and the shell', () => {
    expect(provenance('route 10.0.0.0/8 via 10.0.0.1 dev eth0', 'node-1', undefined, 'ip')).toEqual({ what: 'route 10.0.0.0/8 via 10.0.0.1 dev eth0', controller: 'ip', text: 'ip on node-1, typed in a shell' });
    expect(provenance('neigh x', 'node-1', undefined, 'kernel (ARP)')?.text).toBe('kernel on node-1, learned by ARP');
    expect(provenance('x', 'node-1', undefined, undefined)).toBeUndefined();
  });

  it('name one entry per rule that recorded an origin (an owner string alone shows in the rule list)', () => {
    const hits = [
      { table: 'nat', chain: 'PREROUTING', ruleNum: 1, ruleText: '-A PREROUTING -j KUBE-SERVICES', target: 'KUBE-SERVICES', owner: 'kube-proxy' },
      { table: 'filter', chain: 'INPUT', ruleNum: 2, ruleText: '-A INPUT -j DROP', target: 'DROP' },
      { table: 'nat', chain: 'KUBE-SEP-X', ruleNum: 2, ruleText: '-A KUBE-SEP-X -j DNAT', target: 'DNAT', owner: 'kube-proxy (default/web:http)', origin: { controller: 'kube-proxy', object: { kind: 'EndpointSlice' as const, namespace: 'default', name: 'web-abcde', service: 'web' } } },
    ];
    expect(ruleProvenance(hits, 'node-2').map((p) => [p.what, p.text])).toEqual([['nat/KUBE-SEP-X #2', 'kube-proxy on node-2, for EndpointSlice default/web-abcde']]);
  });
});
