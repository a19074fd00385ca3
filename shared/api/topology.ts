/**
 * The topology as the renderer draws it: plain elements with stable ids derived from
 * engine state. Compound parents (a node holds its interfaces and pods) via `parent`.
 */
export type TopoNodeKind =
  | 'node'
  | 'pod'
  | 'container'
  | 'iface'
  | 'bridge'
  | 'tunnel'
  | 'segment'
  | 'router'
  | 'external'
  | 'service'
  | 'ingress'
  | 'policy';

export type TopoEdgeKind = 'veth' | 'bridge-port' | 'underlay' | 'tunnel' | 'bgp' | 'selects' | 'route';

export interface TopoNode {
  id: string;
  kind: TopoNodeKind;
  label: string;
  parent?: string;
  /** Details for the inspector: addresses, MACs, labels... (display strings). */
  details?: Record<string, string>;
  /** The shell this element opens on double-click, if any. */
  shell?: import('../model/target').ShellTarget;
}

export interface TopoEdge {
  id: string;
  kind: TopoEdgeKind;
  source: string;
  target: string;
  label?: string;
}

export interface TopologySnapshot {
  /** Increases with every change, so the renderer can drop stale snapshots. */
  version: number;
  cni: string;
  proxyMode: string;
  nodes: TopoNode[];
  edges: TopoEdge[];
}
