/**
 * The walker on real sandboxes (createEngine: CNI controllers, kube-proxy, the default
 * workloads) under every CNI backend: pod→pod on one node and across nodes, node→pod,
 * pod→external, and the drops a learner provokes, each with its reason.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../create';
import { createEnv } from '../../model/env';
import { CNI_CHOICES, defaultClusterSpec, parseCni, type CniSpec } from '../../model/spec';
import type { ShellTarget } from '../../model/target';
import type { Engine } from '../engine';
import { passThroughHooks } from '../../kernel/hooks';
import { walkDetailed } from './walk';
import { exchange } from './exchange';
import { capturesOn } from './history';

const client: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' };

function sandbox(name: string, segments = 1): Engine {
  return createEngine(defaultClusterSpec({ cni: parseCni(name) as CniSpec, segments }), createEnv(1));
}

function podsOf(e: Engine) {
  const clientNode = e.store.get<{ spec: { nodeName?: string } } & import('../../model/objects').KubeObject>('Pod', 'default', 'client')!.spec.nodeName;
  return [...e.netns.values()]
    .filter((n) => n.kind === 'pod' && n.hostname.startsWith('web-'))
    .map((n) => {
      const pod = e.store.get<import('../../model/objects').Pod>('Pod', 'default', n.hostname)!;
      return { id: n.id, name: n.hostname, ip: n.addrs.find((a) => a.scope === 'global')!.ip, node: pod.spec.nodeName!, sameNode: pod.spec.nodeName === clientNode };
    });
}

const ENCAP: Record<string, string | undefined> = {
  'flannel:vxlan': 'flannel.1',
  'flannel:udp': 'flannel0',
  'flannel:host-gw': undefined,
  'calico:bgp': undefined,
  'calico:ipip': 'tunl0',
  'calico:vxlan': 'vxlan.calico',
};

describe.each(CNI_CHOICES.filter((c) => c !== 'bridge'))('walker under %s', (name) => {
  const e = sandbox(name);
  const webs = podsOf(e);

  it('reaches a pod on the same node and on other nodes, and the answer comes back', () => {
    expect(webs.some((w) => w.sameNode)).toBe(true);
    expect(webs.some((w) => !w.sameNode)).toBe(true);
    for (const w of webs) {
      const d = walkDetailed(e, { from: client, dst: w.ip, proto: 'icmp' });
      expect(d.outcome, `${name} client → ${w.name}: ${d.record.dropReason}`).toBe('reply');
      expect(d.record.answeredBy).toBe(w.id);
      const dev = ENCAP[name];
      const through = d.record.hops.filter((h) => h.stage === 'encap' || h.stage === 'proxy').map((h) => h.device);
      if (w.sameNode || !dev) expect(through).toEqual([]);
      else expect(through).toContain(dev);
      // TTL: one routed hop per node on the way (a same-node pod on a bridge is not routed at all).
      const bridged = name.startsWith('flannel') && w.sameNode;
      expect(d.received!.ip.ttl).toBe(bridged ? 64 : w.sameNode ? 63 : 62);
    }
  });

  it('reaches pods from a node (node → pod) with HTTP', () => {
    const w = webs.find((x) => x.node !== 'node-1')!;
    const r = exchange(e, { from: { kind: 'node', name: 'node-1' }, dst: w.ip, proto: 'tcp', dport: 80 });
    expect(r.ok, r.reason).toBe(true);
    expect(r.reply?.kind === 'http-response' && r.reply.body.startsWith(`${w.name} (client `)).toBe(true);
  });
});

describe('pod → external (flannel masquerades pod traffic leaving the pod network)', () => {
  it.each(['flannel:vxlan', 'flannel:host-gw', 'flannel:udp'])('%s: the external host answers (RST: nothing listens) to the node, conntrack hands it back', (name) => {
    const e = sandbox(name);
    const r = exchange(e, { from: client, dst: '192.168.56.100', proto: 'tcp', dport: 80 });
    expect(r.error, r.reason).toBe('refused');
    expect(r.walks[0]!.hops.some((h) => h.nat?.kind === 'MASQUERADE')).toBe(true);
  });
  it('ping: the echo reply is un-NATed by the ICMP conntrack entry (keyed by the echo id both ways)', () => {
    const e = sandbox('flannel:vxlan');
    const d = walkDetailed(e, { from: client, dst: '192.168.56.100', proto: 'icmp' });
    expect(d.outcome, d.record.dropReason).toBe('reply');
    expect(d.received!.ip.dst).toBe(e.netnsOf(client)!.addrs.find((a) => a.scope === 'global')!.ip);
  });
});

describe('drops say where and why', () => {
  it('host-gw across segments: the route could not be installed, the walk says so', () => {
    const e = sandbox('flannel:host-gw', 2);
    const far = podsOf(e).find((w) => !w.sameNode && e.spec.nodes.find((n) => n.name === w.node)!.segment !== e.spec.nodes.find((n) => n.name === e.store.get<import('../../model/objects').Pod>('Pod', 'default', 'client')!.spec.nodeName)!.segment)!;
    const d = walkDetailed(e, { from: client, dst: far.ip, proto: 'icmp' });
    expect(d.outcome).not.toBe('reply');
    expect(d.record.dropReason).toMatch(/host-gw needs every node on one L2 segment/);
  });
  it('calico ipip across segments still works (the tunnel crosses the router)', () => {
    const e = sandbox('calico:ipip', 2);
    for (const w of podsOf(e)) expect(walkDetailed(e, { from: client, dst: w.ip, proto: 'icmp' }).outcome).toBe('reply');
  });
  it('a NIC that lost its link drops at that NIC', () => {
    const e = sandbox('flannel:vxlan');
    const w = podsOf(e).find((x) => !x.sameNode)!;
    const clientNode = e.store.get<import('../../model/objects').Pod>('Pod', 'default', 'client')!.spec.nodeName!;
    e.netns.get(`node/${clientNode}`)!.link('eth0')!.up = false;
    const d = walkDetailed(e, { from: client, dst: w.ip, proto: 'icmp' });
    expect(d.record.verdict).toBe('dropped');
    expect(d.record.dropReason).toBe(`eth0 on ${clientNode} is down`);
    expect(d.record.hops.at(-1)!.stage).toBe('drop');
  });
  it('a netfilter DROP names the rule; REJECT sends the error back', () => {
    const e = sandbox('flannel:vxlan');
    const w = podsOf(e).find((x) => !x.sameNode)!;
    const hit = { table: 'filter', chain: 'FORWARD', ruleNum: 1, ruleText: `-A FORWARD -d ${w.ip}/32 -j DROP`, target: 'DROP' };
    e.hooks = {
      ...passThroughHooks,
      netfilter: (ns, input) =>
        ns.id === `node/${w.node}` && input.hook === 'FORWARD' && input.packet.ip.dst === w.ip
          ? { verdict: reject ? 'REJECT' : 'DROP', packet: input.packet, hits: [hit], evaluated: 7, rejectWith: 'icmp-port-unreachable' }
          : passThroughHooks.netfilter(ns, input),
    };
    let reject = false;
    const d = walkDetailed(e, { from: client, dst: w.ip, proto: 'icmp' });
    expect(d.outcome).toBe('silent');
    expect(d.record.dropReason).toBe(`dropped at FORWARD on ${w.node} by filter/FORWARD rule 1: -A FORWARD -d ${w.ip}/32 -j DROP`);
    expect(d.record.hops.find((h) => h.stage === 'drop')!.rules).toEqual([hit]);
    reject = true;
    const r = walkDetailed(e, { from: client, dst: w.ip, proto: 'icmp' });
    expect(r.record.verdict).toBe('rejected');
    expect(r.outcome).toBe('error');
    expect(r.errorText).toBe('Destination Port Unreachable');
  });
  it('a closed TCP port answers with RST (curl: connection refused)', () => {
    const e = sandbox('flannel:vxlan');
    const r = exchange(e, { from: client, dst: podsOf(e)[0]!.ip, proto: 'tcp', dport: 8080 });
    expect(r.ok).toBe(false);
    expect(r.error).toBe('refused');
  });
});

describe('br_netfilter: a service reply between two pods on one bridge', () => {
  it('is un-DNATed on the bridge, so the client sees the ClusterIP answer', () => {
    const e = sandbox('flannel:vxlan');
    const svc = e.store.get<import('../../model/objects').Service>('Service', 'default', 'web')!;
    const local = podsOf(e).find((w) => w.sameNode)!;
    let found = false;
    for (let i = 0; i < 20 && !found; i++) {
      const r = exchange(e, { from: client, dst: svc.spec.clusterIP!, proto: 'tcp', dport: 80 });
      if (r.answeredBy !== local.id) continue;
      found = true;
      expect(r.ok).toBe(true);
      expect(r.remote).toEqual({ ip: svc.spec.clusterIP, port: 80 });
      const bridged = r.walks[0]!.replyHops!.filter((h) => h.stage === 'netfilter' && h.device === 'cni0');
      expect(bridged.some((h) => h.nat && h.nat.after.src === svc.spec.clusterIP)).toBe(true);
    }
    expect(found).toBe(true);
  });
});

describe('a userspace proxy opens a second connection', () => {
  it('shows two connections in one record, and tcpdump sees the second leg', () => {
    const e = createEngine(defaultClusterSpec({ proxyMode: 'userspace' }), createEnv(1));
    const svc = e.store.get<import('../../model/objects').Service>('Service', 'default', 'web')!;
    const r = exchange(e, { from: client, dst: svc.spec.clusterIP!, proto: 'tcp', dport: 80 });
    expect(r.ok, r.reason).toBe(true);
    const rec = r.walks[0]!;
    expect(rec.connections.length).toBe(2);
    const leg = rec.connections[1]!;
    expect(leg.dport).toBe(80);
    const clientNode = e.store.get<import('../../model/objects').Pod>('Pod', 'default', 'client')!.spec.nodeName!;
    const seen = capturesOn(e, `node/${clientNode}`, 'any').filter((c) => c.packet.l4?.kind === 'tcp' && c.packet.ip.src === leg.src && c.packet.l4.dport === 80);
    expect(seen.length).toBeGreaterThan(0);
  });
});
