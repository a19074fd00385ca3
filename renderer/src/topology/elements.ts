/**
 * Turns a topology snapshot into Cytoscape element definitions: data, classes (one per
 * kind) and preset positions. Curved edges (tunnels, BGP) get an arc that bends them below
 * the machines they join, so they do not run across the boxes in between.
 */
import type { TopologySnapshot } from '../../../shared/api/topology';
import { OVERLAY_KINDS } from './kinds';
import type { Positions } from './layout';
import { MESH_LIMIT, tileLabel } from './lod';

export { MESH_LIMIT };

/** A Cytoscape element definition (the subset we produce). */
export interface ElementDef {
  group: 'nodes' | 'edges';
  data: Record<string, unknown> & { id: string };
  classes: string;
  position?: { x: number; y: number };
}

/** Options that change which elements are drawn. */
export interface ElementOptions {
  showServices: boolean;
  /** Machines drawn compact (topology/lod.ts): their pods become small tiles named by their suffix. */
  compact?: ReadonlySet<string>;
}

/** The element definitions of a snapshot. */
export function toElements(s: TopologySnapshot, pos: Positions, opts: ElementOptions): ElementDef[] {
  const out: ElementDef[] = [];
  const shown = new Set<string>();
  for (const n of s.nodes) {
    if (!opts.showServices && OVERLAY_KINDS.has(n.kind)) continue;
    shown.add(n.id);
  }
  const parents = new Set(s.nodes.map((n) => n.parent).filter((p): p is string => !!p));
  const byId = new Map(s.nodes.map((n) => [n.id, n]));
  // n machines have n(n-1)/2 tunnels: past a handful the mesh is noise (and costs frames).
  const meshHidden = s.nodes.filter((n) => n.kind === 'node' && !n.parent).length > MESH_LIMIT;
  // A segment is drawn as wide as the NICs plugged into it.
  const segWidth = new Map<string, number>();
  for (const e of s.edges) {
    if (e.kind !== 'underlay') continue;
    for (const [seg, nic] of [[e.source, e.target], [e.target, e.source]] as const) {
      if (byId.get(seg)?.kind !== 'segment') continue;
      const a = pos.get(seg);
      const b = pos.get(nic);
      if (a && b) segWidth.set(seg, Math.max(segWidth.get(seg) ?? 180, Math.abs(b.x - a.x) * 2 + 110));
    }
  }
  for (const n of s.nodes) {
    if (!shown.has(n.id)) continue;
    const p = pos.get(n.id);
    const tile = n.kind === 'pod' && !!n.parent && !!opts.compact?.has(n.parent) && !parents.has(n.id);
    out.push({
      group: 'nodes',
      data: { id: n.id, label: tile ? tileLabel(n.label) : n.label, kind: n.kind, ...(tile ? { full: n.label } : {}), ...(n.kind === 'segment' ? { w: segWidth.get(n.id) ?? 180 } : {}), ...(n.parent && shown.has(n.parent) ? { parent: n.parent } : {}) },
      classes: `k-${n.kind}${parents.has(n.id) ? ' compound' : ''}${tile ? ' tile' : ''}${opts.compact?.has(n.id) ? ' compact' : ''}`,
      ...(p && !parents.has(n.id) ? { position: { x: p.x, y: p.y } } : {}),
    });
  }
  for (const e of s.edges) {
    if (!shown.has(e.source) || !shown.has(e.target)) continue;
    const label = e.kind === 'tunnel' ? tunnelLabel(byId.get(e.source)?.details) ?? e.label : e.label;
    const data: ElementDef['data'] = { id: e.id, source: e.source, target: e.target, kind: e.kind, label: label ?? '' };
    // Route health (shared/sim/topology-health.ts): a warning sign on the edge, the reason kept for the tooltip.
    data.reason = e.reason ?? '';
    if (e.state === 'broken') data.label = `⚠ ${label ?? ''}`.trimEnd();
    if (e.kind === 'tunnel' || e.kind === 'bgp') {
      const a = pos.get(e.source);
      const b = pos.get(e.target);
      const dx = a && b ? Math.abs(a.x - b.x) : 0;
      // Cytoscape measures the distance perpendicular to source→target; flip it so the arc
      // always bends downward whichever end is the source.
      const sign = a && b && a.x > b.x ? -1 : 1;
      data.arc = sign * (e.kind === 'bgp' ? 50 + dx * 0.1 : 30 + dx * 0.07);
    }
    const hide = meshHidden && (e.kind === 'tunnel' || e.kind === 'bgp');
    // A big cluster's uplinks all fan into one segment across every row of machines: drawn faint (unless broken).
    const faint = e.kind === 'underlay' && !!opts.compact?.size && e.state !== 'broken';
    out.push({ group: 'edges', data, classes: `${hide ? `e-${e.kind} mesh` : `e-${e.kind}`}${e.state === 'broken' ? ' broken' : ''}${faint ? ' faint' : ''}` });
  }
  return out;
}

/** "VXLAN 8472" / "IPIP" from the tunnel device's details (its link kind and UDP port). */
export function tunnelLabel(d: Record<string, string> | undefined): string | undefined {
  const kind = d?.kind?.toLowerCase();
  if (kind === 'vxlan') return d?.dstport ? `VXLAN ${d.dstport}` : 'VXLAN';
  if (kind === 'ipip') return 'IPIP';
  if (kind === 'tun') return d?.port ? `UDP ${d.port}` : 'UDP';
  return undefined;
}
