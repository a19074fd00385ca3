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


/** Why an edge is broken, as a code (`healthWhy.<code>` in the window's messages) and its values. */
export interface HealthWhy {
  code: string;
  params: Record<string, string>;
  /** The direction, when an edge carries several reasons. */
  from?: string;
  to?: string;
}

export interface TopoEdge {
  id: string;
  kind: TopoEdgeKind;
  source: string;
  target: string;
  label?: string;
  /** Set when kernel state breaks what this edge stands for (a route, neighbour or FDB entry is missing). */
  state?: 'broken';
  /** Why it is broken, one sentence per direction ("node-1 has no route to 10.244.2.0/24"). */
  reason?: string;
  /** The same reasons as codes and values, which the window words in the learner's language. */
  whys?: HealthWhy[];
  /** Details for the inspector, like a node's (display strings). */
  details?: Record<string, string>;
}

export interface TopologySnapshot {
  /** Increases with every change, so the renderer can drop stale snapshots. */
  version: number;
  cni: string;
  proxyMode: string;
  nodes: TopoNode[];
  edges: TopoEdge[];
}
