import { describe, expect, it } from 'vitest';
import { createEngine } from '../create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { walkDetailed } from './walk';
import { getWalk, listWalks } from './history';

function podIp(e: ReturnType<typeof createEngine>, id: string): string {
  return e.netns.get(id)!.addrs.find((a) => a.scope === 'global')!.ip;
}

describe('walker on the default cluster', () => {
  it('carries an HTTP request from the client pod to every web pod and the answer back', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const webs = [...e.netns.values()].filter((n) => n.kind === 'pod' && n.hostname.startsWith('web-'));
    expect(webs.length).toBe(3);
    for (const w of webs) {
      const d = walkDetailed(e, { from: { kind: 'pod', namespace: 'default', name: 'client' }, dst: podIp(e, w.id), proto: 'tcp', dport: 80 });
      expect(d.record.verdict).toBe('delivered');
      expect(d.outcome).toBe('reply');
      expect(d.record.answeredBy).toBe(w.id);
      const body = d.received?.payload.kind === 'http-response' ? d.received.payload.body : '';
      expect(body).toBe(`${w.hostname} (client ${podIp(e, 'pod/default/client')}:${d.sent!.l4!.kind === 'tcp' ? d.sent!.l4!.sport : 0})\n`);
    }
    expect(listWalks(e).length).toBe(3);
    expect(getWalk(e, listWalks(e)[0]!.id)?.hops.length).toBeGreaterThan(3);
  });
});

describe('local output to a local address goes through POSTROUTING, INPUT and IPVS (lo)', () => {
  it('a node reaches a ClusterIP held on its own kube-ipvs0 (IPVS mode)', () => {
    const e = createEngine(defaultClusterSpec({ proxyMode: 'ipvs' }), createEnv(1));
    const svc = e.store.get<import('../../model/objects').Service>('Service', 'default', 'web')!;
    const d = walkDetailed(e, { from: { kind: 'node', name: 'node-1' }, dst: svc.spec.clusterIP!, proto: 'tcp', dport: 80 });
    expect(d.outcome, d.record.dropReason).toBe('reply');
    expect(d.record.hops.some((h) => h.stage === 'ipvs' && h.host === 'node-1')).toBe(true);
    expect(d.record.answeredBy).toMatch(/^pod\/default\/web-/);
  });
});

describe('hop elements name topology elements', () => {
  it('every id a cross-node walk highlights exists in the topology (tunnels in either direction)', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const topo = e.topology();
    const ids = new Set([...topo.nodes.map((n) => n.id), ...topo.edges.map((x) => x.id)]);
    const d = walkDetailed(e, { from: { kind: 'pod', namespace: 'default', name: 'client' }, dst: '10.244.1.2', proto: 'icmp' });
    const used = [...d.record.hops, ...(d.record.replyHops ?? [])].flatMap((h) => h.elements);
    const missing = used.filter((id) => !ids.has(id) && !id.startsWith('tunnel:'));
    expect(missing).toEqual([]);
    expect(used.some((id) => id.startsWith('veth:'))).toBe(true);
    expect(used.some((id) => id.startsWith('underlay:'))).toBe(true);
    expect(used.some((id) => id.startsWith('tunnel:') && ids.has(id))).toBe(true);
  });
});

describe('a node reaching a NodePort on its own address (loopback, then IPVS / DNAT)', () => {
  it.each(['iptables', 'ipvs'] as const)('%s mode: answered by a web pod', (proxyMode) => {
    const e = createEngine(defaultClusterSpec({ proxyMode }), createEnv(1));
    const np = e.store.get<import('../../model/objects').Service>('Service', 'default', 'web')!.spec.ports![0]!.nodePort!;
    const d = walkDetailed(e, { from: { kind: 'node', name: 'node-2' }, dst: '192.168.56.12', proto: 'tcp', dport: np });
    expect(d.outcome, d.record.dropReason).toBe('reply');
    expect(d.record.answeredBy).toMatch(/^pod\/default\/web-/);
  });
});

describe('a send with no route at all', () => {
  it('records one drop hop at the sender with the reason', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const node = e.netns.get('node/node-2')!;
    node.routes = node.routes.filter((r) => r.dst !== '0.0.0.0/0');
    const d = walkDetailed(e, { from: { kind: 'node', name: 'node-2' }, dst: '10.1.1.1', proto: 'icmp' });
    expect(d.outcome).toBe('unroutable');
    expect(d.record.hops.map((h) => `${h.host} ${h.stage}`)).toEqual(['node-2 drop']);
    expect(d.record.dropReason).toBe('no route to 10.1.1.1 in node-2: Network is unreachable');
  });
});

describe('walks count packets on the links they cross (ip -s link)', () => {
  it('one ping: one frame out and one in on the pod eth0, 98 bytes each', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const eth0 = e.netns.get('pod/default/client')!.link('eth0')!;
    const before = { ...(eth0.stats ?? { rxPackets: 0, txPackets: 0, rxBytes: 0, txBytes: 0 }) };
    walkDetailed(e, { from: { kind: 'pod', namespace: 'default', name: 'client' }, dst: '10.244.1.2', proto: 'icmp' });
    expect(eth0.stats!.txPackets - before.txPackets).toBe(1);
    expect(eth0.stats!.rxPackets - before.rxPackets).toBe(1);
    expect(eth0.stats!.txBytes - before.txBytes).toBe(98);
  });
});
