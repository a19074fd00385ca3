import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { COL_W, computeLayout, machinesPerRow } from './layout';
import { toElements, tunnelLabel } from './elements';
import type { TopologySnapshot, TopoEdge, TopoNode } from '../../../shared/api/topology';

/** A cluster like the engine's: machines with eth0 + flannel.1 + cni0, pods with eth0 + containers and veths. */
function cluster(podsPerNode: number[], containers = 1): TopologySnapshot {
  const nodes: TopoNode[] = [{ id: 'segment:seg-1', kind: 'segment', label: 'seg-1' }, { id: 'router', kind: 'router', label: 'router' }, { id: 'if:router:eth0', kind: 'iface', label: 'eth0', parent: 'router' }];
  const edges: TopoEdge[] = [{ id: 'u:r', kind: 'underlay', source: 'if:router:eth0', target: 'segment:seg-1' }];
  podsPerNode.forEach((pods, i) => {
    const n = `node-${i + 1}`;
    nodes.push({ id: `node:${n}`, kind: 'node', label: n }, { id: `if:${n}:eth0`, kind: 'iface', label: 'eth0', parent: `node:${n}` }, { id: `if:${n}:flannel.1`, kind: 'tunnel', label: 'flannel.1', parent: `node:${n}`, details: { kind: 'vxlan', dstport: '8472' } });
    edges.push({ id: `u:${n}`, kind: 'underlay', source: `if:${n}:eth0`, target: 'segment:seg-1' });
    if (i > 0) edges.push({ id: `t:${n}`, kind: 'tunnel', source: `if:node-1:flannel.1`, target: `if:${n}:flannel.1`, label: 'flannel.1' });
    if (pods) nodes.push({ id: `if:${n}:cni0`, kind: 'bridge', label: 'cni0', parent: `node:${n}` });
    for (let p = 0; p < pods; p++) {
      const pod = `pod:default/p${i}-${p}`;
      nodes.push({ id: pod, kind: 'pod', label: `p${i}-${p}`, parent: `node:${n}` }, { id: `${pod}:eth0`, kind: 'iface', label: 'eth0', parent: pod }, { id: `if:${n}:veth${p}`, kind: 'iface', label: `veth${p}`, parent: `node:${n}` });
      for (let c = 0; c < containers; c++) nodes.push({ id: `${pod}/c${c}`, kind: 'container', label: `c${c}`, parent: pod });
      edges.push({ id: `v:${pod}`, kind: 'veth', source: `${pod}:eth0`, target: `if:${n}:veth${p}` }, { id: `b:${pod}`, kind: 'bridge-port', source: `if:${n}:veth${p}`, target: `if:${n}:cni0` });
    }
  });
  return { version: 1, cni: 'flannel:vxlan', proxyMode: 'iptables', nodes, edges };
}

const leaves = (s: TopologySnapshot) => s.nodes.filter((n) => !s.nodes.some((c) => c.parent === n.id));
const machineOf = (s: TopologySnapshot, id: string): string | undefined => {
  let n = s.nodes.find((x) => x.id === id);
  while (n && n.kind !== 'node') n = s.nodes.find((x) => x.id === n!.parent);
  return n?.id;
};

describe('computeLayout', () => {
  it('puts machines left to right, pods above the bridge, eth0 and tunnels below, the underlay beneath', () => {
    const s = cluster([0, 2, 2]);
    const p = computeLayout(s);
    expect(p.get('if:node-1:eth0')!.x).toBeLessThan(p.get('if:node-2:eth0')!.x);
    expect(p.get('if:node-2:eth0')!.x).toBeLessThan(p.get('if:node-3:eth0')!.x);
    expect(p.get('pod:default/p1-0:eth0')!.y).toBeLessThan(p.get('if:node-2:cni0')!.y);
    expect(p.get('if:node-2:cni0')!.y).toBeLessThan(p.get('if:node-2:flannel.1')!.y);
    // Tunnel devices line up across machines, whatever each holds.
    expect(p.get('if:node-1:flannel.1')!.y).toBe(p.get('if:node-3:flannel.1')!.y);
    expect(p.get('segment:seg-1')!.y).toBeGreaterThan(p.get('if:node-3:eth0')!.y);
    expect(p.get('if:router:eth0')!.y).toBeGreaterThan(p.get('segment:seg-1')!.y);
  });

  it('wraps many machines into rows, in natural order (node-2 before node-10), the underlay beneath all', () => {
    const s = cluster(Array.from({ length: 20 }, () => 1));
    const p = computeLayout(s);
    const per = machinesPerRow(20);
    expect(per).toBeLessThan(20);
    const x0 = p.get('if:node-1:eth0')!.x;
    expect(p.get('if:node-2:eth0')!.x - x0).toBe(COL_W);
    expect(p.get('if:node-10:eth0')!.x - x0).toBe((9 % per) * COL_W);
    const rows = new Set([...Array(20).keys()].map((i) => p.get(`if:node-${i + 1}:eth0`)!.y));
    expect(rows.size).toBe(Math.ceil(20 / per));
    expect(p.get('segment:seg-1')!.y).toBeGreaterThan(Math.max(...rows));
    expect(machinesPerRow(3)).toBe(3);
  });

  it('places every leaf at a finite spot, deterministically, each machine inside its own column', () => {
    fc.assert(fc.property(fc.array(fc.nat(12), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (pods, containers) => {
      const s = cluster(pods, containers);
      const p = computeLayout(s);
      expect(computeLayout(s)).toEqual(p);
      for (const n of leaves(s)) {
        const at = p.get(n.id);
        expect(at, n.id).toBeDefined();
        expect(Number.isFinite(at!.x) && Number.isFinite(at!.y)).toBe(true);
        const m = machineOf(s, n.id);
        if (m) {
          const col = Number(m.split('-')[1]) - 1;
          expect(Math.abs(at!.x - col * COL_W)).toBeLessThan(COL_W / 2);
        }
      }
    }), { numRuns: 60 });
  }, 30_000);

  it('keeps every other machine in place when a pod is added (stable positions)', () => {
    fc.assert(fc.property(fc.array(fc.nat(6), { minLength: 2, maxLength: 6 }), fc.nat(), (pods, pick) => {
      const k = pick % pods.length;
      const before = computeLayout(cluster(pods));
      const more = [...pods];
      more[k] = more[k]! + 1;
      const after = computeLayout(cluster(more));
      for (const [id, at] of before) {
        expect(after.get(id)!.x, id).toBe(at.x);
      }
    }), { numRuns: 60 });
  }, 30_000);
});

describe('toElements', () => {
  it('labels tunnels from the VTEP device and bends them', () => {
    const s = cluster([0, 1]);
    const els = toElements(s, computeLayout(s), { showServices: true });
    const t = els.find((e) => e.data.id === 't:node-2')!;
    expect(t.data.label).toBe('VXLAN 8472');
    expect(t.classes).toBe('e-tunnel');
    expect(typeof t.data.arc).toBe('number');
    expect(els.find((e) => e.data.id === 'node:node-2')!.classes).toBe('k-node compound');
    expect(els.find((e) => e.data.id === 'node:node-2')!.position).toBeUndefined();
  });
  it('hides the service overlay and its edges when toggled off', () => {
    const s = cluster([1]);
    s.nodes.push({ id: 'svc:default/web', kind: 'service', label: 'web' });
    s.edges.push({ id: 'sel', kind: 'selects', source: 'svc:default/web', target: 'pod:default/p0-0' });
    const ids = (on: boolean) => toElements(s, computeLayout(s), { showServices: on }).map((e) => e.data.id);
    expect(ids(true)).toContain('sel');
    expect(ids(false)).not.toContain('svc:default/web');
    expect(ids(false)).not.toContain('sel');
  });
  it('hides the tunnel mesh of a big cluster (a walk lights the tunnel it uses)', () => {
    const big = cluster(Array.from({ length: 9 }, () => 0));
    const t = toElements(big, computeLayout(big), { showServices: true }).filter((e) => e.group === 'edges' && e.data.kind === 'tunnel');
    expect(t.length).toBe(8);
    expect(t.every((e) => e.classes === 'e-tunnel mesh')).toBe(true);
  });

  it('names tunnel kinds from their link kind', () => {
    expect(tunnelLabel({ kind: 'ipip' })).toBe('IPIP');
    expect(tunnelLabel({ kind: 'vxlan', dstport: '4789' })).toBe('VXLAN 4789');
    expect(tunnelLabel({ kind: 'bridge' })).toBeUndefined();
  });
});
