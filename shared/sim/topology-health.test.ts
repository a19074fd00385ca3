import { describe, expect, it } from 'vitest';
import { createEngine } from './create';
import { createEnv } from '../model/env';
import { defaultClusterSpec, parseCni, type CniSpec } from '../model/spec';
import { runScript } from '../shell/script';
import { delFdb } from '../kernel/neigh';
import { clusterHealth, pairHealth } from './topology-health';
import type { Engine } from './engine';

function cluster(cni: string, opts: { segments?: number } = {}): Engine {
  return createEngine(defaultClusterSpec({ cni: parseCni(cni) as CniSpec, ...opts }), createEnv(1));
}

function sh(engine: Engine, node: string, script: string): string {
  return runScript({ engine, target: { kind: 'node', name: node }, script }).output;
}

const broken = (engine: Engine) => [...clusterHealth(engine)].filter(([, h]) => h.state === 'broken');
const edge = (engine: Engine, id: string) => engine.topology().edges.find((e) => e.id === id)!;

describe('route health between nodes', () => {
  it.each(['flannel:vxlan', 'flannel:udp', 'flannel:host-gw', 'calico:bgp', 'calico:ipip', 'calico:vxlan'])('a fresh %s cluster is healthy', (cni) => {
    const engine = cluster(cni);
    expect(clusterHealth(engine).size).toBe(6);
    expect(broken(engine)).toEqual([]);
    expect(engine.topology().edges.filter((e) => e.state)).toEqual([]);
  });

  it('flannel vxlan: deleting node-1’s route to node-2’s subnet breaks exactly node-1 → node-2, and restoring it heals', () => {
    const engine = cluster('flannel:vxlan');
    const before = engine.topologyVersion;
    sh(engine, 'node-1', 'ip route del 10.244.1.0/24');
    expect(engine.topologyVersion).toBeGreaterThan(before);
    expect(broken(engine)).toEqual([
      ['node-1>node-2', {
        state: 'broken',
        reason: 'node-1 has no route to 10.244.1.0/24: the packet would follow "default via 192.168.56.1 dev eth0"',
        why: { code: 'followsOther', params: { a: 'node-1', subnet: '10.244.1.0/24', route: 'default via 192.168.56.1 dev eth0' } },
      }],
    ]);
    const e = edge(engine, 'tunnel:node-1:node-2:flannel.1');
    expect(e).toMatchObject({ state: 'broken', reason: 'node-1 → node-2: node-1 has no route to 10.244.1.0/24: the packet would follow "default via 192.168.56.1 dev eth0"' });
    // The same reason as a code and values, for the window to word in Chinese or English.
    expect(e.whys).toEqual([{ code: 'followsOther', params: { a: 'node-1', subnet: '10.244.1.0/24', route: 'default via 192.168.56.1 dev eth0' }, from: 'node-1', to: 'node-2' }]);
    expect(e.details?.broken).toBe(e.reason);
    expect(edge(engine, 'tunnel:node-1:node-3:flannel.1').state).toBeUndefined();
    expect(edge(engine, 'tunnel:node-2:node-3:flannel.1').state).toBeUndefined();

    sh(engine, 'node-1', 'ip route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
    expect(broken(engine)).toEqual([]);
    expect(edge(engine, 'tunnel:node-1:node-2:flannel.1').state).toBeUndefined();
  });

  it('flannel vxlan: a missing neighbour, a wrong gateway, a downed VTEP or a missing FDB entry each say so', () => {
    const engine = cluster('flannel:vxlan');
    sh(engine, 'node-1', 'ip neigh del 10.244.2.0 dev flannel.1');
    expect(pairHealth(engine, 'node-1', 'node-3')).toMatchObject({ state: 'broken', reason: 'node-1 has no neighbour entry for 10.244.2.0 on flannel.1 (nolearning VXLAN cannot ARP for it)' });

    const e2 = cluster('flannel:vxlan');
    sh(e2, 'node-2', 'ip route replace 10.244.2.0/24 via 10.244.0.0 dev flannel.1 onlink');
    expect(pairHealth(e2, 'node-2', 'node-3')).toMatchObject({ state: 'broken', reason: "node-2 routes 10.244.2.0/24 via 10.244.0.0, not node-3's VTEP 10.244.2.0" });

    const e3 = cluster('flannel:vxlan');
    sh(e3, 'node-3', 'ip link set flannel.1 down');
    // Down on node-3: node-3 loses its own routes over it, and the others' packets die at its end.
    expect(pairHealth(e3, 'node-1', 'node-3')).toMatchObject({ state: 'broken', reason: 'flannel.1 on node-3 is down' });
    expect(pairHealth(e3, 'node-3', 'node-1')).toMatchObject({ state: 'broken', reason: 'flannel.1 on node-3 is down, and the kernel removed its routes' });

    const e4 = cluster('flannel:vxlan');
    const mac = e4.cni!.state.nodes['node-2']!.vtepMac!;
    delFdb(e4.netns.get('node/node-1')!, mac, 'flannel.1');
    e4.markTopologyChanged();
    expect(pairHealth(e4, 'node-1', 'node-2')).toMatchObject({ state: 'broken', reason: `node-1 has no FDB entry for ${mac} on flannel.1` });
    expect(edge(e4, 'tunnel:node-1:node-2:flannel.1').reason).toBe(`node-1 → node-2: node-1 has no FDB entry for ${mac} on flannel.1`);
  });

  it('host-gw: the sender’s underlay edge carries the pair, and the kernel’s refusal across segments is the reason', () => {
    const engine = cluster('flannel:host-gw');
    sh(engine, 'node-2', 'ip route del 10.244.2.0/24');
    expect(edge(engine, 'underlay:node-2:eth0')).toMatchObject({ state: 'broken', reason: 'node-2 → node-3: node-2 has no route to 10.244.2.0/24: the packet would follow "default via 192.168.56.1 dev eth0"' });
    expect(edge(engine, 'underlay:node-1:eth0').state).toBeUndefined();

    const split = cluster('flannel:host-gw', { segments: 2 });
    const h = pairHealth(split, 'node-1', 'node-2');
    expect(h?.state).toBe('broken');
    expect(h && 'reason' in h && h.reason).toMatch(/^flannel host-gw needs every node on one L2 segment/);
  });

  it('a NIC set down breaks its underlay edge', () => {
    const engine = cluster('flannel:vxlan');
    sh(engine, 'node-3', 'ip link set eth0 down');
    expect(edge(engine, 'underlay:node-3:eth0').reason).toMatch(/^eth0 on node-3 is down/);
    expect(pairHealth(engine, 'node-3', 'node-1')).toMatchObject({ state: 'broken', reason: 'eth0 on node-3 is down' });
  });

  it('calico: a BGP session cut breaks both directions and the session edge; bringing it up heals', () => {
    for (const cni of ['calico:bgp', 'calico:ipip']) {
      const engine = cluster(cni);
      engine.setBgpPeering('node-1', 'node-2', false);
      const reason = 'the BGP session node-1 ↔ node-2 is down, so node-1 has not learned ' + engine.cni!.state.nodes['node-2']!.subnet;
      expect(pairHealth(engine, 'node-1', 'node-2')).toMatchObject({ state: 'broken', reason });
      expect(broken(engine).map(([k]) => k)).toEqual(['node-1>node-2', 'node-2>node-1']);
      expect(edge(engine, 'bgp:node-1:node-2').state).toBe('broken');
      if (cni === 'calico:ipip') {
        expect(edge(engine, 'bgp:node-1:node-2').reason).toBe('the BGP session node-1 ↔ node-2 is down');
        expect(edge(engine, 'tunnel:node-1:node-2:tunl0').reason?.split('\n')).toHaveLength(2);
      }
      engine.setBgpPeering('node-1', 'node-2', true);
      expect(broken(engine)).toEqual([]);
    }
  });

  it('calico ipip: a route that bypasses tunl0 is broken; calico vxlan checks its VTEP like flannel', () => {
    const engine = cluster('calico:ipip');
    const b = engine.cni!.state.nodes['node-3']!;
    sh(engine, 'node-1', `ip route replace ${b.subnet} via ${b.ip} dev eth0`);
    expect(pairHealth(engine, 'node-1', 'node-3')).toMatchObject({
      state: 'broken', reason: `node-1 has no route to ${b.subnet} via tunl0: the packet would follow "${b.subnet} via ${b.ip} dev eth0"`,
    });
    const vx = cluster('calico:vxlan');
    const t = vx.cni!.state.nodes['node-2']!.tunnelIp!;
    sh(vx, 'node-3', `ip neigh del ${t} dev vxlan.calico`);
    expect(pairHealth(vx, 'node-3', 'node-2')).toMatchObject({ state: 'broken', reason: `node-3 has no neighbour entry for ${t} on vxlan.calico (nolearning VXLAN cannot ARP for it)` });
  });

  it('flannel udp: the /16 route over flannel0 and the TUN device', () => {
    const engine = cluster('flannel:udp');
    sh(engine, 'node-1', 'ip link set flannel0 down');
    expect(pairHealth(engine, 'node-1', 'node-2')?.state).toBe('broken');
    expect(edge(engine, 'tunnel:node-1:node-2:flannel0').state).toBe('broken');
  });

  it('across two segments: VXLAN and IPIP CrossSubnet are healthy; Calico BGP says BIRD cannot reach the next hop', () => {
    expect(broken(cluster('flannel:vxlan', { segments: 2 }))).toEqual([]);
    const cross = createEngine(defaultClusterSpec({ cni: { plugin: 'calico', backend: 'ipip', ipipMode: 'CrossSubnet' }, nodes: 4, segments: 2 }), createEnv(1));
    expect(broken(cross)).toEqual([]);
    const bgp = cluster('calico:bgp', { segments: 2 });
    const h = pairHealth(bgp, 'node-1', 'node-2');
    expect(h && 'reason' in h && h.reason).toMatch(/^BIRD cannot install .* via 192\.168\.57\.11: node-2 is on seg-2/);
    expect(pairHealth(bgp, 'node-1', 'node-3')).toEqual({ state: 'ok' });
  });

  it('does not apply to the plain bridge CNI or to a node and itself', () => {
    expect(clusterHealth(cluster('bridge')).size).toBe(0);
    expect(pairHealth(cluster('flannel:vxlan'), 'node-1', 'node-1')).toBeUndefined();
  });
});
