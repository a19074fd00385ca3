/**
 * Level of detail for big clusters (issue 6: 100 nodes / 3,000 pods at 30 fps). Past a size
 * threshold every machine is drawn "compact": its own devices (eth0, the bridge, tunnels) and
 * one small tile per pod, without each pod's containers, eth0, host veth end and their two
 * edges — six elements per pod become one. Pods the learner is looking at (the selection, the
 * pods a walk leaves or reaches) are drawn in full. The n(n-1)/2 tunnel and BGP meshes keep only the
 * edges a walk rides or the selection names, and a Service's edges to the pods of a compact
 * machine fold into one edge to that machine. Broken edges (route health) are always kept. The element list still lists everything.
 */
import type { TopoEdge, TopoNode, TopologySnapshot } from '../../../shared/api/topology';

/** Above this many machines the full tunnel / BGP mesh is hidden except where a walk lights it. */
export const MESH_LIMIT = 8;
/** Above this many pods (or machines) compact drawing starts; the small-cluster look is untouched below it. */
export const COMPACT_PODS = 120;
export const COMPACT_MACHINES = 10;

/** What a reduced snapshot keeps in full. */
export interface LodFocus {
  /** Ids the learner is looking at: the selection, every element of the walk on show. */
  ids: readonly string[];
  /** Mesh edges (tunnel / BGP) to draw even when the mesh is hidden (a walk's encapsulated stretch). */
  keepEdges?: ReadonlySet<string>;
}

/** The reduced snapshot and the machines drawn compact. */
export interface LodResult {
  snapshot: TopologySnapshot;
  compact: Set<string>;
}

/** True when a snapshot is big enough for compact drawing. */
export function isBig(s: TopologySnapshot): boolean {
  let pods = 0;
  let machines = 0;
  for (const n of s.nodes) {
    if (n.kind === 'pod') pods++;
    else if (n.kind === 'node' && !n.parent) machines++;
  }
  return pods > COMPACT_PODS || machines > COMPACT_MACHINES;
}

/** The pod (`pod:…`) holding `id`: itself, an ancestor, or the pod at the other end of a host-side veth. */
function podOf(byId: ReadonlyMap<string, TopoNode>, vethPeer: ReadonlyMap<string, string>, id: string): string | undefined {
  const up = (start: string | undefined) => {
    let n = start ? byId.get(start) : undefined;
    for (let i = 0; n && i < 8; i++) {
      if (n.kind === 'pod') return n.id;
      n = n.parent ? byId.get(n.parent) : undefined;
    }
    return undefined;
  };
  return up(id) ?? up(vethPeer.get(id));
}

/**
 * Reduces `s` for drawing; small snapshots come back unchanged (same object, nothing compact).
 * In a big one every machine is compact, and only the pods the focus touches keep their
 * containers, eth0 and veth (the layout draws them in full under the tile grid).
 */
export function reduceSnapshot(s: TopologySnapshot, focus: LodFocus): LodResult {
  if (!isBig(s)) return { snapshot: s, compact: new Set() };
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(s.edges.map((e) => [e.id, e]));
  const vethPeer = new Map<string, string>();
  for (const e of s.edges) {
    if (e.kind !== 'veth') continue;
    vethPeer.set(e.source, e.target);
    vethPeer.set(e.target, e.source);
  }
  const full = new Set<string>();
  for (const id of focus.ids) {
    const edge = byId.has(id) ? undefined : edgeById.get(id);
    for (const end of edge ? [edge.source, edge.target] : [id]) {
      const pod = podOf(byId, vethPeer, end);
      if (pod) full.add(pod);
    }
  }
  const compact = new Set(s.nodes.filter((n) => n.kind === 'node' && !n.parent).map((n) => n.id));
  // Pods drawn as tiles, and the devices that only exist for them (their children and host veth ends).
  const tilePods = new Set(s.nodes.filter((n) => n.kind === 'pod' && n.parent && compact.has(n.parent) && !full.has(n.id)).map((n) => n.id));
  const dropped = new Set<string>();
  for (const n of s.nodes) if (n.parent && tilePods.has(n.parent)) dropped.add(n.id);
  for (const id of [...dropped]) {
    const peer = vethPeer.get(id);
    if (peer && !byId.get(peer)?.parent?.startsWith('pod:')) dropped.add(peer);
  }
  const machines = s.nodes.reduce((k, n) => k + (n.kind === 'node' && !n.parent ? 1 : 0), 0);
  const meshHidden = machines > MESH_LIMIT;
  const focusSet = new Set(focus.ids);
  const edges: TopoEdge[] = [];
  const folded = new Map<string, TopoEdge & { count: number }>();
  for (const e of s.edges) {
    if (dropped.has(e.source) || dropped.has(e.target)) continue;
    // A broken tunnel or session is news: it stays even in a hidden mesh (route health).
    if (meshHidden && (e.kind === 'tunnel' || e.kind === 'bgp') && e.state !== 'broken' && !focus.keepEdges?.has(e.id) && !focusSet.has(e.id)) continue;
    if (e.kind === 'selects' && tilePods.has(e.target)) {
      const m = byId.get(e.target)!.parent!;
      const id = `selects:${e.source}@${m}`;
      const f = folded.get(id);
      if (f) f.count++;
      else folded.set(id, { id, kind: 'selects', source: e.source, target: m, count: 1 });
      continue;
    }
    edges.push(e);
  }
  for (const f of folded.values()) edges.push({ id: f.id, kind: f.kind, source: f.source, target: f.target, label: `× ${f.count}` });
  return { snapshot: { ...s, nodes: s.nodes.filter((n) => !dropped.has(n.id)), edges }, compact };
}

/** A pod tile's label: the generated suffix of a Deployment's pod (`web-84d7d89658-24bc8` → `24bc8`), else the name. */
export function tileLabel(name: string): string {
  const m = /-([a-z0-9]{5})$/.exec(name);
  return m ? m[1]! : name.length > 8 ? `${name.slice(0, 7)}…` : name;
}
