import { describe, expect, it } from 'vitest';
import type { Deployment, Service } from '../../model/objects';
import { cluster, external, node, pod, run } from './testkit';
import { proxyOf } from './index';
import { svcChain } from './hash';

const webPods = (e: ReturnType<typeof cluster>) => e.store.list('Pod').filter((p) => p.metadata.name.startsWith('web-'));
const scale = (e: ReturnType<typeof cluster>, n: number) => {
  const d = e.store.get<Deployment>('Deployment', 'default', 'web')!;
  d.spec.replicas = n;
  e.store.update(d);
};
const svc = (e: ReturnType<typeof cluster>, name: string) => e.store.get<Service>('Service', 'default', name)!;

describe('kube-proxy iptables mode on the default cluster', () => {
  it('writes the web service chains with kube-proxy probabilities', () => {
    const e = cluster();
    const save = run(e, node('node-2'), 'iptables-save -t nat').out;
    const web = svcChain('default/web:http', 'tcp');
    expect(save).toContain(`-A KUBE-SERVICES -d ${svc(e, 'web').spec.clusterIP}/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${web}`);
    expect(save).toMatch(new RegExp(`-A KUBE-NODEPORTS -p tcp -m comment --comment "default/web:http" -m tcp --dport ${svc(e, 'web').spec.ports![0]!.nodePort} -j KUBE-EXT-`));
    const svcLines = save.split('\n').filter((l) => l.startsWith(`-A ${web} `));
    expect(svcLines[0]).toContain('! -s 10.244.0.0/16');
    expect(svcLines.slice(1).map((l) => /--probability (\S+)/.exec(l)?.[1] ?? 'last')).toEqual(['0.33333333349', '0.50000000000', 'last']);
    expect(save).toContain('-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 192.168.56.11:6443" -j KUBE-SEP-');
  });

  it('scaling 3 → 5 rewrites the KUBE-SEP chains and the probabilities', () => {
    const e = cluster();
    const web = svcChain('default/web:http', 'tcp');
    const seps = () => run(e, node('node-1'), 'iptables-save -t nat').out.split('\n').filter((l) => /^:KUBE-SEP-/.test(l)).length;
    const before = seps();
    scale(e, 5);
    expect(webPods(e)).toHaveLength(5);
    expect(seps()).toBe(before + 2);
    const probs = run(e, node('node-1'), `iptables -t nat -S ${web}`).out.split('\n').filter((l) => l.includes('->')).map((l) => /--probability (\S+)/.exec(l)?.[1] ?? 'last');
    expect(probs).toEqual(['0.20000000019', '0.25000000000', '0.33333333349', '0.50000000000', 'last']);
    expect(proxyOf(e)!.stats.fullSyncs).toBe(1);
  });

  it('curl reaches a web pod from a pod, a node and the external host (NodePort on every node)', () => {
    const e = cluster();
    const s = svc(e, 'web');
    const names = webPods(e).map((p) => p.metadata.name);
    const check = (r: { out: string; code: number }) => {
      expect(r.code).toBe(0);
      expect(names).toContain(r.out.split(' ')[0]);
    };
    check(run(e, pod('client'), `curl -s http://${s.spec.clusterIP}/`));
    check(run(e, node('node-1'), `curl -s http://${s.spec.clusterIP}/`));
    for (const ip of ['192.168.56.11', '192.168.56.12', '192.168.56.13']) {
      const r = run(e, external, `curl -s http://${ip}:${s.spec.ports![0]!.nodePort}/`);
      check(r);
      // externalTrafficPolicy Cluster: the pod sees a node address (SNAT), never the external host.
      expect(r.out).not.toContain('192.168.56.100');
    }
  });

  it('conntrack -L after a curl shows the DNAT (and SNAT) flow in TIME_WAIT', () => {
    const e = cluster();
    const s = svc(e, 'web');
    expect(run(e, node('node-1'), `curl -s http://${s.spec.clusterIP}/`).code).toBe(0);
    const r = run(e, node('node-1'), 'conntrack -L -p tcp');
    const cip = s.spec.clusterIP!.replace(/\./g, '\\.');
    expect(r.out).toMatch(new RegExp(`^tcp      6 120 TIME_WAIT src=192\\.168\\.56\\.11 dst=${cip} sport=(\\d+) dport=80 src=10\\.244\\.\\d+\\.\\d+ dst=10\\.244\\.0\\.0 sport=80 dport=\\1 \\[ASSURED\\] mark=0 use=1$`, 'm'));
    expect(r.err).toMatch(/^conntrack v1\.4\.7 \(conntrack-tools\): \d+ flow entries have been shown\.\n$/);
    e.env.clock.advance(30_000);
    expect(run(e, node('node-1'), 'conntrack -L -p tcp').out).toMatch(/^tcp      6 90 TIME_WAIT /m);
  });

  it('a service without endpoints is REJECTed as kube-proxy makes it (curl: (7))', () => {
    const e = cluster();
    e.store.create<Service>({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'empty', namespace: 'default' }, spec: { selector: { app: 'nothing' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] } });
    const ip = svc(e, 'empty').spec.clusterIP!;
    expect(run(e, node('node-2'), 'iptables -S KUBE-SERVICES').out).toContain(`-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "default/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`);
    const r = run(e, pod('client'), `curl http://${ip}/`);
    expect(r.code).toBe(7);
    expect(r.err).toMatch(new RegExp(`^curl: \\(7\\) Failed to connect to ${ip.replace(/\./g, '\\.')} port 80 after \\d+ ms: Couldn't connect to server\n$`));
  });

  it('externalTrafficPolicy: Local keeps the client IP and drops on nodes without an endpoint', () => {
    const e = cluster();
    const s = svc(e, 'web');
    s.spec.externalTrafficPolicy = 'Local';
    e.store.update(s);
    const np = s.spec.ports![0]!.nodePort;
    const withEp = new Set(webPods(e).map((p) => (p.spec as { nodeName: string }).nodeName));
    for (const n of e.spec.nodes) {
      const r = run(e, external, `curl -s -m 2 http://${n.ip}:${np}/`);
      if (withEp.has(n.name)) {
        expect(r.code).toBe(0);
        expect(r.out).toContain('(client 192.168.56.100:');
      } else expect(r.code).toBe(28);
    }
  });

  it('sessionAffinity: ClientIP sticks to one pod', () => {
    const e = cluster();
    const s = svc(e, 'web');
    s.spec.sessionAffinity = 'ClientIP';
    s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
    e.store.update(s);
    const save = run(e, node('node-3'), 'iptables-save -t nat').out;
    expect(save).toMatch(/-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-\w+ --mask 255\.255\.255\.255 --rsource -j KUBE-SEP-/);
    const who = new Set<string>();
    for (let i = 0; i < 8; i++) who.add(run(e, pod('client'), `curl -s http://${s.spec.clusterIP}/`).out.split(' ')[0]!);
    expect(who.size).toBe(1);
  });

  it('a learner deleting the ClusterIP rule breaks curl until the next full sync', () => {
    const e = cluster();
    const s = svc(e, 'web');
    const web = svcChain('default/web:http', 'tcp');
    // Without the KUBE-SERVICES rule the packet goes to the router, which has no route for service IPs.
    expect(run(e, node('node-3'), `iptables -t nat -D KUBE-SERVICES -d ${s.spec.clusterIP}/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${web}`).code).toBe(0);
    expect(run(e, pod('client'), `curl -s -m 1 http://${s.spec.clusterIP}/`).code).not.toBe(0);
    proxyOf(e)!.fullSync();
    expect(run(e, pod('client'), `curl -s http://${s.spec.clusterIP}/`).code).toBe(0);
  });

  it('switching the proxy mode reprograms every node', () => {
    const e = cluster();
    e.setProxyMode('ipvs');
    expect(run(e, node('node-1'), 'ipvsadm -Ln').out).toContain('TCP  10.96.0.1:443 rr');
    e.setProxyMode('iptables');
    expect(run(e, node('node-1'), 'iptables-save -t nat').out).toContain('KUBE-SVC-NPX46M4PTMTKRN6Y');
  });
});

describe('curl by name', () => {
  it('resolves a Service name through cluster DNS and reports unknown names as curl does', () => {
    const e = cluster();
    const r = run(e, pod('client'), 'curl -s http://web/');
    expect(r.code).toBe(0);
    expect(webPods(e).map((p) => p.metadata.name)).toContain(r.out.split(' ')[0]);
    expect(run(e, pod('client'), 'curl http://nope.invalid/')).toEqual({ out: '', err: 'curl: (6) Could not resolve host: nope.invalid\n', code: 6 });
  });
});

describe('engine snapshots', () => {
  it('restore brings back the rules of the snapshot (kube-proxy resyncs from the restored store)', () => {
    const e = cluster();
    const web = svcChain('default/web:http', 'tcp');
    const snap = e.snapshot();
    scale(e, 5);
    expect(run(e, node('node-1'), `iptables -t nat -S ${web}`).out.split('\n').filter((l) => l.includes('->'))).toHaveLength(5);
    e.restore(snap);
    expect(run(e, node('node-1'), `iptables -t nat -S ${web}`).out.split('\n').filter((l) => l.includes('->'))).toHaveLength(3);
    expect(run(e, pod('client'), `curl -s http://${svc(e, 'web').spec.clusterIP}/`).code).toBe(0);
  });
});
