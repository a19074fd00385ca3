import { describe, expect, it } from 'vitest';
import { checkSchema, type Check } from './schema';
import { countOk, evaluateCheck, fieldAt, ipvsServices } from './evaluate';
import { fakeWalk, fakeWorld, smallEngine } from './testing';
import type { LearnerTrail } from './world';

const msg = { 'zh-CN': '检查', en: 'check' };
const check = (c: Record<string, unknown>): Check => checkSchema.parse({ id: 'c', message: msg, ...c });
const noTrail: LearnerTrail = { commands: [], answers: {} };

describe('evaluateCheck', () => {
  it('checks routes by their ip-route line, present or absent', () => {
    const e = smallEngine();
    e.netns.get('node/node-2')!.routes.push(
      { table: 'main', type: 'unicast', dst: '0.0.0.0/0', via: '192.168.56.1', dev: 'eth0' },
      { table: 'main', type: 'unicast', dst: '10.244.2.0/24', via: '10.244.2.0', dev: 'flannel.1', onlink: true },
    );
    const w = fakeWorld(e);
    expect(evaluateCheck(check({ kind: 'route', on: 'node-2', matches: '^10\\.244\\.2\\.0/24 via 10\\.244\\.2\\.0 dev flannel\\.1 onlink$' }), w, noTrail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'route', on: 'node-2', matches: '^default ', present: false }), w, noTrail, [])).toEqual({
      id: 'c',
      pass: false,
      detail: 'expected no routes matching /^default / on node-2, found 1',
    });
    expect(evaluateCheck(check({ kind: 'route', on: 'node-3', matches: 'flannel' }), w, noTrail, []).pass).toBe(false);
  });

  it('fails with a reason, never throws, for a target that does not exist', () => {
    const w = fakeWorld(smallEngine());
    expect(evaluateCheck(check({ kind: 'route', on: 'pods/app=web', matches: 'x' }), w, noTrail, [])).toEqual({ id: 'c', pass: false, detail: 'check could not run: no pod matches app=web' });
  });

  it('counts objects by labels and fields, and endpoints by slice', () => {
    const e = smallEngine();
    e.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } }, spec: { type: 'NodePort', selector: { app: 'web' } } });
    e.store.create({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abc', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.244.1.2'] }, { addresses: ['10.244.2.2'], conditions: { ready: false } }],
    });
    const w = fakeWorld(e);
    expect(evaluateCheck(check({ kind: 'object', resource: 'Service', labels: 'app=web', field: 'spec.type', equals: 'NodePort' }), w, noTrail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'object', resource: 'Service', name: 'web', field: 'spec.type', equals: 'ClusterIP' }), w, noTrail, []).pass).toBe(false);
    expect(evaluateCheck(check({ kind: 'object', resource: 'Pod', exists: false }), w, noTrail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'endpoints', service: 'web', count: 1 }), w, noTrail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'endpoints', service: 'web', count: { min: 2 } }), w, noTrail, [])).toMatchObject({ pass: false, detail: 'service web has 1 ready endpoints, expected >= 2' });
  });

  it('reads iptables rules and IPVS real servers through a hidden shell', () => {
    const e = smallEngine();
    const w = fakeWorld(e, {
      'iptables-save -t nat': '*nat\n:KUBE-SERVICES - [0:0]\n-A KUBE-SVC-X -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A\n-A KUBE-SVC-X -j KUBE-SEP-B\nCOMMIT\n',
      'ipvsadm -Ln': 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  10.96.0.10:80 rr\n  -> 10.244.1.2:80                Masq    1      0          0\n  -> 10.244.2.2:80                Masq    1      0          0\n',
    });
    expect(evaluateCheck(check({ kind: 'iptables', on: 'node-1', table: 'nat', matches: '-j KUBE-SEP-', count: 2 }), w, noTrail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'iptables', on: 'node-1', table: 'nat', matches: 'KUBE-SERVICES', present: false }), w, noTrail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'ipvs', on: 'node-1', service: '10\\.96\\.0\\.10:80 rr', realServers: 2 }), w, noTrail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'ipvs', on: 'node-1', service: '10\\.96\\.0\\.10:80', realServers: 3 }), w, noTrail, [])).toMatchObject({ pass: false, detail: 'real servers: 2, expected 3' });
    expect(w.ran.map((r) => r.line)).toEqual(['iptables-save -t nat', 'iptables-save -t nat', 'ipvsadm -Ln', 'ipvsadm -Ln']);
    expect(evaluateCheck(check({ kind: 'output', on: 'node-1', run: 'ipset list', matches: 'x' }), w, noTrail, []).pass).toBe(false);
  });

  it('checks commands by host, wrong host and output', () => {
    const w = fakeWorld(smallEngine());
    const trail: LearnerTrail = { commands: [{ target: { kind: 'node', name: 'node-1' }, line: 'ipvsadm -Ln', code: 0, output: 'TCP  10.96.0.1:443 rr\n', at: 0 }], answers: {} };
    expect(evaluateCheck(check({ kind: 'command', matches: '^ipvsadm', on: 'node-1', output: '10\\.96\\.0\\.1' }), w, trail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'command', matches: '^ipvsadm', on: 'node-2' }), w, trail, []).pass).toBe(false);
    expect(evaluateCheck(check({ kind: 'command', matches: '^ipvsadm', notOn: 'node-2' }), w, trail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'command', matches: '^ipvsadm', notOn: 'node-1' }), w, trail, []).pass).toBe(false);
  });

  it('checks walks: verdict, a hop, the client IP seen and who answered', () => {
    const e = smallEngine();
    const w = fakeWorld(e, {}, (a) => fakeWalk(a, 'delivered', [{ host: 'node-1', device: 'flannel.1' }, { host: 'web-1', src: '10.244.0.0' }], 'pod/default/web-1'));
    const walk = { from: 'external', to: 'node/node-2', port: 30080 };
    expect(evaluateCheck(check({ kind: 'walk', walk, via: 'flannel\\.1', clientIp: '10\\.244\\.0\\.0', answeredBy: 'web-' }), w, noTrail, []).pass).toBe(true);
    expect(evaluateCheck(check({ kind: 'walk', walk, clientIp: '192\\.168\\.56\\.100' }), w, noTrail, [])).toMatchObject({ pass: false, detail: 'the server saw client IP 10.244.0.0, expected /192\\.168\\.56\\.100/' });
    expect(evaluateCheck(check({ kind: 'walk', walk, expect: 'dropped' }), w, noTrail, [])).toMatchObject({ pass: false, detail: 'walk delivered, expected dropped' });
  });

  it('grades questions, including a prediction graded by the walk', () => {
    const e = smallEngine();
    const w = fakeWorld(e, {}, (a) => fakeWalk(a, 'delivered', [{ host: 'node-1', device: 'cni0' }], 'node/node-1'));
    const questions = [
      { id: 'dev', type: 'predict' as const, prompt: msg, walk: { from: 'node-1', to: '10.244.0.5', proto: 'icmp' as const }, about: 'firstDevice' as const },
      { id: 'many', type: 'multiple' as const, prompt: msg, choices: ['a', 'b', 'c'], answers: ['a', 'c'] },
    ];
    const qc = (question: string) => check({ kind: 'question', question });
    expect(evaluateCheck(qc('dev'), w, { commands: [], answers: { dev: ' CNI0 ' } }, questions).pass).toBe(true);
    expect(evaluateCheck(qc('dev'), w, { commands: [], answers: { dev: 'eth0' } }, questions)).toMatchObject({ pass: false, detail: 'answered "eth0", expected cni0' });
    expect(evaluateCheck(qc('many'), w, { commands: [], answers: { many: ['c', 'a'] } }, questions).pass).toBe(true);
    expect(evaluateCheck(qc('many'), w, { commands: [], answers: { many: ['a'] } }, questions).pass).toBe(false);
    expect(evaluateCheck(qc('many'), w, noTrail, questions)).toMatchObject({ pass: false, detail: 'not answered yet' });
  });
});

describe('helpers', () => {
  it('count specs, field paths and ipvsadm parsing', () => {
    expect(countOk(0, undefined)).toBe(false);
    expect(countOk(3, { min: 2, max: 3 })).toBe(true);
    expect(countOk(3, '3')).toBe(true);
    expect(fieldAt({ a: { b: [{ c: 1 }] } }, 'a.b.0.c')).toBe(1);
    expect(fieldAt({ a: 1 }, 'a.b')).toBeUndefined();
    expect(fieldAt({ data: { 'config.conf': 'mode: ipvs' } }, 'data.config.conf')).toBe('mode: ipvs');
    expect(ipvsServices('TCP  1.1.1.1:80 rr\n  -> 2.2.2.2:80 Masq 1 0 0\nUDP  1.1.1.1:53 rr\n')).toEqual([
      { line: 'TCP  1.1.1.1:80 rr', real: 1 },
      { line: 'UDP  1.1.1.1:53 rr', real: 0 },
    ]);
  });
});

describe('fillLive', () => {
  it('fills addresses known only at run time and leaves unknown ones as written', async () => {
    const { fillLive } = await import('./walks');
    const w = fakeWorld(smallEngine());
    expect(fillLive('curl {{ip:node/node-2}}:30080 and {{ ip:external }}', w)).toBe('curl 192.168.56.12:30080 and 192.168.56.100');
    expect(fillLive('curl {{ip:pod/default/nope}}', w)).toBe('curl {{ip:pod/default/nope}}');
    w.engine.netns.get('node/node-3')!.links.push({ ifindex: 3, name: 'flannel.1', kind: 'dummy', mac: 'e6:68:b8:a8:ce:a0', mtu: 1450, up: true });
    expect(fillLive('{{mac:node-3 flannel.1}} / {{mac:node-3 nope0}}', w)).toBe('e6:68:b8:a8:ce:a0 / {{mac:node-3 nope0}}');
  });
});
