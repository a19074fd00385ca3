import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { runScript } from '../../shell/script';
import type { ShellTarget } from '../../model/target';
import { lookup } from './records';
import { resolve } from './index';

const client: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' };

describe('cluster DNS', () => {
  it('writes the kubelet resolv.conf into pods and the systemd stub on nodes', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    expect(runScript({ engine: e, target: client, script: 'cat /etc/resolv.conf' }).stdout).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
    expect(runScript({ engine: e, target: { kind: 'node', name: 'node-2' }, script: 'cat /etc/resolv.conf' }).stdout).toMatch(/\nnameserver 127\.0\.0\.53\noptions edns0 trust-ad\nsearch \.\n$/);
  });

  it('answers services, headless services, SRV and pods', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const web = e.store.get<any>('Service', 'default', 'web')!;
    expect(lookup(e, 'web.default.svc.cluster.local', 'A')).toEqual({ rcode: 'NOERROR', records: [{ name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, data: web.spec.clusterIP }] });
    expect(lookup(e, 'kube-dns.kube-system.svc.cluster.local.', 'A').records[0]!.data).toBe('10.96.0.10');
    expect(lookup(e, '_http._tcp.web.default.svc.cluster.local', 'SRV').records[0]!.data).toBe('0 100 80 web.default.svc.cluster.local.');
    expect(lookup(e, 'nope.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(lookup(e, '10-244-1-5.default.pod.cluster.local', 'A').records[0]!.data).toBe('10.244.1.5');
    expect(lookup(e, 'example.com', 'A').rcode).toBe('NXDOMAIN');
    e.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-headless', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } } as any);
    const pods = e.store.list<any>('Pod', 'default').filter((p) => p.metadata.labels?.app === 'web').map((p) => p.status.podIP).sort();
    expect(lookup(e, 'web-headless.default.svc.cluster.local', 'A').records.map((r) => r.data).sort()).toEqual(pods);
    expect(lookup(e, `${pods[0].replace(/\./g, '-')}.web-headless.default.svc.cluster.local`, 'A').records[0]!.data).toBe(pods[0]);
  });

  it('resolves from a pod through a walked query to kube-dns; a node cannot', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const r = resolve(e, client, 'web');
    expect(r.rcode).toBe('NOERROR');
    expect(r.name).toBe('web.default.svc.cluster.local');
    expect(r.walks.length).toBeGreaterThan(0);
    expect(resolve(e, { kind: 'node', name: 'node-2' }, 'web.default.svc.cluster.local').rcode).toBe('NXDOMAIN');
  });

  it('prints nslookup, host, dig and getent as the real tools do', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const ip = e.store.get<any>('Service', 'default', 'web')!.spec.clusterIP;
    const sh = (s: string) => runScript({ engine: e, target: client, script: s });
    expect(sh('nslookup web').stdout).toBe(`Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n`);
    const nx = sh('nslookup nope');
    expect(nx.stdout).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nope: NXDOMAIN\n\n");
    expect(nx.code).toBe(1);
    expect(sh('host web').stdout).toBe(`web.default.svc.cluster.local has address ${ip}\n`);
    expect(sh('dig +short web.default.svc.cluster.local').stdout).toBe(`${ip}\n`);
    const full = sh('dig web.default.svc.cluster.local').stdout;
    expect(full).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ');
    expect(full).toContain(';; QUESTION SECTION:\n;web.default.svc.cluster.local.\tIN\tA\n\n;; ANSWER SECTION:\n');
    expect(full).toContain(`web.default.svc.cluster.local. 30 IN\tA\t${ip}\n`);
    expect(full).toContain(';; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)\n');
    const nxd = sh('dig nope.default.svc.cluster.local').stdout;
    expect(nxd).toContain(';; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: ');
    expect(nxd).toContain(';; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(nxd).toContain(';; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200 1800 86400 30\n\n');
    expect(sh('getent hosts web').stdout).toBe(`${ip.padEnd(15)} web.default.svc.cluster.local\n`);
    expect(sh('getent hosts nope').code).toBe(2);
    const node = runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: 'nslookup web.default.svc.cluster.local' });
    expect(node.stdout).toBe("Server:\t\t127.0.0.53\nAddress:\t127.0.0.53#53\n\n** server can't find web.default.svc.cluster.local: NXDOMAIN\n\n");
    const viaDns = runScript({ engine: e, target: { kind: 'node', name: 'node-1' }, script: 'nslookup web.default.svc.cluster.local 10.96.0.10' });
    expect(viaDns.stdout).toContain(`Address: ${ip}\n`);
  });
});
