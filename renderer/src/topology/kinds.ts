/**
 * One colour per kind of element, used everywhere: graph, element list, inspector, legend
 * (UI.md "visual language"). CSS gets the same values as `--kind-<kind>` variables.
 */
import type { TopoEdgeKind, TopoNodeKind } from '../../../shared/api/topology';

/** Colours of node kinds, light and dark. */
export const NODE_COLORS: Record<TopoNodeKind, { light: string; dark: string }> = {
  node: { light: '#51637a', dark: '#8fa3bd' },
  pod: { light: '#2f8a4e', dark: '#5cc47f' },
  container: { light: '#4f9e97', dark: '#6fc2ba' },
  iface: { light: '#6b7280', dark: '#a0a7b4' },
  bridge: { light: '#b7791f', dark: '#e0a546' },
  tunnel: { light: '#7c4dcc', dark: '#b08cf0' },
  segment: { light: '#8a6d3b', dark: '#c4a677' },
  router: { light: '#8a6d3b', dark: '#c4a677' },
  external: { light: '#c2417a', dark: '#eb7cae' },
  service: { light: '#2563eb', dark: '#6b9cff' },
  ingress: { light: '#0e7490', dark: '#38bdd8' },
  policy: { light: '#c2410c', dark: '#f08a4b' },
};

/** Colours of edge kinds (tunnels share the tunnel colour, the underlay the segment colour). */
export const EDGE_COLORS: Record<TopoEdgeKind, { light: string; dark: string }> = {
  veth: NODE_COLORS.pod,
  'bridge-port': NODE_COLORS.bridge,
  underlay: NODE_COLORS.segment,
  tunnel: NODE_COLORS.tunnel,
  bgp: { light: '#0f766e', dark: '#2dd4bf' },
  selects: NODE_COLORS.service,
  route: NODE_COLORS.iface,
};

/** Kinds listed in the legend, in reading order. */
export const LEGEND_NODES: TopoNodeKind[] = ['node', 'pod', 'container', 'iface', 'bridge', 'tunnel', 'segment', 'external', 'service', 'ingress', 'policy'];
export const LEGEND_EDGES: TopoEdgeKind[] = ['veth', 'bridge-port', 'tunnel', 'bgp', 'underlay', 'selects'];

/** Overlay kinds the "services" toggle hides. */
export const OVERLAY_KINDS = new Set<TopoNodeKind>(['service', 'ingress', 'policy']);

/** CSS custom properties for a theme (`--kind-pod: #...`). */
export function kindCssVars(theme: 'light' | 'dark'): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [k, c] of Object.entries(NODE_COLORS)) vars[`--kind-${k}`] = c[theme];
  for (const [k, c] of Object.entries(EDGE_COLORS)) vars[`--edge-${k}`] = c[theme];
  return vars;
}
