import { describe, expect, it } from 'vitest';
import { COMPACT_PODS, isBig, reduceSnapshot, tileLabel } from './lod';
import { computeLayout, TILE_COLS, TILE_DX, TILE_ROW } from './layout';
import { toElements } from './elements';
import type { TopologySnapshot, TopoEdge, TopoNode } from '../../../shared/api/topology';

/** Machines with eth0, flannel.1 and cni0; pods with eth0, a container and a host veth; a full tunnel mesh; a Service selecting every pod. */
function cluster(machines: number, podsEach: number): TopologySnapshot {
  const nodes: TopoNode[] = [{ id: 'segment:seg-1', kind: 'segment', label: 'seg-1' }, { id: 'svc:default/web', kind: 'service', label: 'web' }];
  const edges: TopoEdge[] = [];
  for (let i = 1; i <= machines; i++) {
    const n = `node-${i}`;
    nodes.push({ id: `node:${n}`, kind: 'node', label: n }, { id: `if:${n}:eth0`, kind: 'iface', label: 'eth0', parent: `node:${n}` }, { id: `if:${n}:flannel.1`, kind: 'tunnel', label: 'flannel.1', parent: `node:${n}` }, { id: `if:${n}:cni0`, kind: 'bridge', label: 'cni0', parent: `node:${n}` });
    edges.push({ id: `underlay:${n}:eth0`, kind: 'underlay', source: `if:${n}:eth0`, target: 'segment:seg-1' });
    for (let j = 1; j < i; j++) edges.push({ id: `tunnel:node-${j}:${n}:flannel.1`, kind: 'tunnel', source: `if:node-${j}:flannel.1`, target: `if:${n}:flannel.1` });
    for (let p = 0; p < podsEach; p++) {
      const name = `web-84d7d89658-${String(i).padStart(2, '0')}x${String(p).padStart(2, '0')}`;
      const pod = `pod:default/${name}`;
      nodes.push({ id: pod, kind: 'pod', label: name, parent: `node:${n}` }, { id: `ctr:default/${name}/nginx`, kind: 'container', label: 'nginx', parent: pod }, { id: `if:default/${name}:eth0`, kind: 'iface', label: 'eth0', parent: pod }, { id: `if:${n}:veth${p}`, kind: 'iface', label: `veth${p}`, parent: `node:${n}` });
      edges.push({ id: `veth:default/${name}:eth0`, kind: 'veth', source: `if:default/${name}:eth0`, target: `if:${n}:veth${p}` }, { id: `port:${n}:veth${p}`, kind: 'bridge-port', source: `if:${n}:veth${p}`, target: `if:${n}:cni0` }, { id: `selects:svc:default/web:${name}`, kind: 'selects', source: 'svc:default/web', target: pod });
    }
  }
  return { version: 1, cni: 'flannel:vxlan', proxyMode: 'iptables', nodes, edges };
}

describe('reduceSnapshot', () => {
  it('leaves a small cluster exactly as it is', () => {
    const s = cluster(3, 4);
    expect(isBig(s)).toBe(false);
    const r = reduceSnapshot(s, { ids: [] });
    expect(r.snapshot).toBe(s);
    expect(r.compact.size).toBe(0);
  });

  it('draws each pod of a compact machine as one tile: no containers, pod eth0, host veth or their edges', () => {
    const s = cluster(12, 3);
    expect(isBig(s)).toBe(true);
    const { snapshot, compact } = reduceSnapshot(s, { ids: [] });
    expect(compact.size).toBe(12);
    const ids = new Set(snapshot.nodes.map((n) => n.id));
    expect(ids.has('pod:default/web-84d7d89658-01x00')).toBe(true);
    expect(ids.has('ctr:default/web-84d7d89658-01x00/nginx')).toBe(false);
    expect(ids.has('if:default/web-84d7d89658-01x00:eth0')).toBe(false);
    expect(ids.has('if:node-1:veth0')).toBe(false);
    expect(ids.has('if:node-1:cni0') && ids.has('if:node-1:eth0') && ids.has('if:node-1:flannel.1')).toBe(true);
    expect(snapshot.edges.filter((e) => e.kind === 'veth' || e.kind === 'bridge-port')).toEqual([]);
    // Four elements per pod and its two edges are gone; the 66-edge tunnel mesh too.
    expect(snapshot.nodes.length).toBe(s.nodes.length - 12 * 3 * 3);
    expect(snapshot.edges.filter((e) => e.kind === 'tunnel')).toEqual([]);
  });

  it('folds a Service’s edges to the pods of a compact machine into one edge to the machine', () => {
    const { snapshot } = reduceSnapshot(cluster(12, 3), { ids: [] });
    const sel = snapshot.edges.filter((e) => e.kind === 'selects');
    expect(sel.length).toBe(12);
    expect(sel[0]).toEqual({ id: 'selects:svc:default/web@node:node-1', kind: 'selects', source: 'svc:default/web', target: 'node:node-1', label: '× 3' });
  });

  it('draws the pods of the focus in full (a walk, a selected device) and keeps the tunnel a walk rides', () => {
    const s = cluster(12, 3);
    // A walk names the source pod's eth0, the host veth end of the destination pod, machines and a tunnel.
    const walk = ['node:node-2', 'if:default/web-84d7d89658-02x01:eth0', 'tunnel:node-2:node-7:flannel.1', 'if:node-7:veth2', 'node:node-7'];
    const { snapshot, compact } = reduceSnapshot(s, { ids: walk, keepEdges: new Set(['tunnel:node-2:node-7:flannel.1']) });
    expect(compact.size).toBe(12);
    const ids = new Set(snapshot.nodes.map((n) => n.id));
    expect(ids.has('ctr:default/web-84d7d89658-02x01/nginx') && ids.has('if:node-2:veth1')).toBe(true);
    expect(ids.has('ctr:default/web-84d7d89658-07x02/nginx') && ids.has('if:default/web-84d7d89658-07x02:eth0')).toBe(true);
    expect(ids.has('ctr:default/web-84d7d89658-02x00/nginx') || ids.has('if:node-2:veth0') || ids.has('if:node-3:veth0')).toBe(false);
    expect(snapshot.edges.filter((e) => e.kind === 'tunnel').map((e) => e.id)).toEqual(['tunnel:node-2:node-7:flannel.1']);
    // A Service's edge to a pod drawn in full stays its own; the machine's other pods fold.
    expect(snapshot.edges.some((e) => e.id === 'selects:svc:default/web:web-84d7d89658-02x01')).toBe(true);
    expect(snapshot.edges.find((e) => e.id === 'selects:svc:default/web@node:node-2')?.label).toBe('× 2');
  });

  it('keeps a broken tunnel in a hidden mesh', () => {
    const s = cluster(12, 0);
    s.edges.find((e) => e.id === 'tunnel:node-1:node-5:flannel.1')!.state = 'broken';
    expect(reduceSnapshot(s, { ids: [] }).snapshot.edges.filter((e) => e.kind === 'tunnel').map((e) => e.id)).toEqual(['tunnel:node-1:node-5:flannel.1']);
  });

  it('starts compact drawing just past the pod threshold', () => {
    const podsEach = Math.ceil(COMPACT_PODS / 3);
    expect(isBig(cluster(3, podsEach))).toBe(COMPACT_PODS < 3 * podsEach);
    expect(isBig(cluster(3, Math.floor(COMPACT_PODS / 3)))).toBe(false);
  });
});

describe('compact layout and elements', () => {
  it('lays pod tiles out in a grid of TILE_COLS under the machine title, pods in full and devices below them', () => {
    const focus = ['if:default/web-84d7d89658-01x02:eth0'];
    const { snapshot, compact } = reduceSnapshot(cluster(12, 7), { ids: focus });
    const pos = computeLayout(snapshot, compact);
    const a = pos.get('pod:default/web-84d7d89658-01x00')!;
    const b = pos.get('pod:default/web-84d7d89658-01x01')!;
    const next = pos.get(`pod:default/web-84d7d89658-01x${String(TILE_COLS).padStart(2, '0')}`)!;
    expect(b.x - a.x).toBe(TILE_DX);
    expect(next).toEqual({ x: a.x, y: a.y + TILE_ROW });
    // The pod in full leaves its tile slot empty and sits under the grid; the other tiles stay put.
    expect(pos.has('pod:default/web-84d7d89658-01x02')).toBe(false);
    expect(pos.get('pod:default/web-84d7d89658-01x03')!.x - a.x).toBe(3 * TILE_DX);
    const ctr = pos.get('ctr:default/web-84d7d89658-01x02/nginx')!;
    expect(ctr.y).toBeGreaterThan(next.y + TILE_ROW);
    expect(pos.get('if:node-1:veth2')!.y).toBeGreaterThan(ctr.y);
    expect(pos.get('if:node-1:cni0')!.y).toBeGreaterThan(pos.get('if:node-1:veth2')!.y);
    // Machines without a pod in full line their devices up with the rest of the row.
    expect(pos.get('if:node-2:cni0')!.y).toBe(pos.get('if:node-1:cni0')!.y);
  });

  it('labels a tile by its suffix and keeps the full name for search', () => {
    const { snapshot, compact } = reduceSnapshot(cluster(12, 1), { ids: [] });
    const els = toElements(snapshot, computeLayout(snapshot, compact), { showServices: true, compact });
    const tile = els.find((e) => e.data.id === 'pod:default/web-84d7d89658-01x00')!;
    expect(tile.classes).toBe('k-pod tile');
    expect(tile.data.label).toBe('01x00');
    expect(tile.data.full).toBe('web-84d7d89658-01x00');
    expect(els.find((e) => e.data.id === 'node:node-1')!.classes).toBe('k-node compound compact');
    expect(els.find((e) => e.data.id === 'underlay:node-1:eth0')!.classes).toBe('e-underlay faint');
  });

  it('names tiles like kubectl would shorten them', () => {
    expect(tileLabel('web-84d7d89658-24bc8')).toBe('24bc8');
    expect(tileLabel('client')).toBe('client');
    expect(tileLabel('coredns-custom')).toBe('coredns…');
  });
});
