/**
 * The Cytoscape stylesheet for a theme: one colour per kind, compounds as quiet boxes,
 * tunnels dashed with their "VXLAN 8472" label, BGP dotted, highlight and the packet token.
 */
import type { StylesheetJson } from 'cytoscape';
import { EDGE_COLORS, NODE_COLORS } from './kinds';
import type { TopoEdgeKind, TopoNodeKind } from '../../../shared/api/topology';

const MONO = 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace';
const UI = 'system-ui, "Segoe UI", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Noto Sans", sans-serif';

/** The stylesheet for the light or dark theme. */
export function topologyStyle(theme: 'light' | 'dark'): StylesheetJson {
  const fg = theme === 'dark' ? '#d6dbe3' : '#1f2733';
  const bg = theme === 'dark' ? '#1b1f27' : '#ffffff';
  const boxBg = theme === 'dark' ? '#232834' : '#f6f7f9';
  const nc = (k: TopoNodeKind) => NODE_COLORS[k][theme];
  const ec = (k: TopoEdgeKind) => EDGE_COLORS[k][theme];
  const leaf = (k: TopoNodeKind, shape: string, w: number) => ({
    selector: `node.k-${k}:childless`,
    style: { shape, width: w, height: 20, 'background-color': nc(k), 'background-opacity': 0.16, 'border-width': 1.5, 'border-color': nc(k), label: 'data(label)', 'text-valign': 'center', 'text-halign': 'center', 'font-size': 10, 'font-family': MONO, color: fg, 'text-max-width': `${w - 4}px`, 'text-wrap': 'ellipsis' },
  });
  return [
    // Labels too small to read are not drawn: the biggest per-frame saving on big clusters.
    { selector: 'node', style: { 'transition-property': 'opacity', 'transition-duration': 400, 'min-zoomed-font-size': 6 } as any },
    { selector: 'node.compound', style: { shape: 'round-rectangle', 'background-color': boxBg, 'background-opacity': 1, 'border-width': 1.5, label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'font-family': UI, 'font-size': 12, 'font-weight': 'bold', color: fg, padding: '10px' } as any },
    { selector: 'node.compound.k-node', style: { 'border-color': nc('node'), 'border-width': 2, 'font-size': 14, padding: '16px' } as any },
    { selector: 'node.compound.k-pod', style: { 'border-color': nc('pod'), 'background-color': nc('pod'), 'background-opacity': 0.07, 'font-size': 10, 'font-weight': 'normal', 'font-family': MONO, padding: '5px', 'text-max-width': '96px', 'text-wrap': 'ellipsis' } as any },
    { selector: 'node.compound.k-router, node.compound.k-external', style: { 'font-size': 11, padding: '5px' } as any },
    { selector: 'node.compound.k-router', style: { 'border-color': nc('router'), shape: 'ellipse' } as any },
    { selector: 'node.compound.k-external', style: { 'border-color': nc('external') } as any },
    { selector: 'node.compound.k-iface, node.compound.k-tunnel, node.compound.k-bridge', style: { 'border-color': nc('iface'), 'font-size': 10, 'font-family': MONO, padding: '4px' } as any },
    leaf('iface', 'round-rectangle', 76),
    leaf('container', 'round-rectangle', 76),
    leaf('bridge', 'round-rectangle', 80),
    leaf('tunnel', 'round-rectangle', 76),
    leaf('pod', 'round-rectangle', 110),
    leaf('node', 'round-rectangle', 120),
    // Compact machines (topology/lod.ts): a grid of pod tiles; the machine's name large enough to read zoomed out.
    { selector: 'node.k-pod.tile', style: { width: 44, height: 16, 'font-size': 8, 'border-width': 1, 'text-wrap': 'none', 'background-opacity': 0.22 } as any },
    // Zoomed out past reading size (useCytoscape): no tile labels at all — measuring 3,000 of them cost most of a redraw.
    { selector: 'node.k-pod.tile.unlabelled', style: { label: '' } },
    { selector: 'node.compound.k-node.compact', style: { 'font-size': 22 } as any },
    { selector: 'node.k-segment:childless', style: { shape: 'round-rectangle', width: 'data(w)', height: 22, 'background-color': nc('segment'), 'background-opacity': 0.22, 'border-width': 1.5, 'border-color': nc('segment'), label: 'data(label)', 'text-valign': 'center', 'font-size': 11, 'font-family': MONO, color: fg } },
    { selector: 'node.k-router:childless', style: { shape: 'ellipse', width: 34, height: 34, 'background-color': nc('router'), 'background-opacity': 0.25, 'border-width': 1.5, 'border-color': nc('router'), label: 'data(label)', 'text-valign': 'bottom', 'text-margin-y': 4, 'font-size': 10, 'font-family': MONO, color: fg } },
    { selector: 'node.k-external:childless', style: { shape: 'round-rectangle', width: 110, height: 26, 'background-color': nc('external'), 'background-opacity': 0.18, 'border-width': 1.5, 'border-color': nc('external'), label: 'data(label)', 'text-valign': 'center', 'font-size': 11, 'font-family': MONO, color: fg } },
    ...(['service', 'ingress', 'policy'] as const).map((k) => ({ selector: `node.k-${k}:childless`, style: { shape: k === 'policy' ? 'hexagon' : 'round-rectangle', width: 130, height: 24, 'background-color': nc(k), 'background-opacity': 0.15, 'border-width': 1.5, 'border-style': 'solid', 'border-color': nc(k), label: 'data(label)', 'text-valign': 'center', 'font-size': 10, 'font-family': MONO, color: fg, 'text-max-width': '124px', 'text-wrap': 'ellipsis' } as any })),
    { selector: 'edge', style: { 'min-zoomed-font-size': 6, width: 1.5, 'curve-style': 'straight', 'line-color': ec('route'), 'font-size': 9, 'font-family': MONO, color: fg, 'text-background-color': bg, 'text-background-opacity': 0.85, 'text-background-padding': '2px' } as any },
    ...(['veth', 'bridge-port', 'underlay', 'selects', 'route'] as const).map((k) => ({ selector: `edge.e-${k}`, style: { 'line-color': ec(k) } })),
    { selector: 'edge.e-underlay', style: { width: 2 } },
    { selector: 'edge.e-underlay.faint', style: { opacity: 0.3 } },
    { selector: 'edge.e-selects', style: { 'line-style': 'dashed', 'line-dash-pattern': [4, 3], opacity: 0.7, 'target-arrow-shape': 'triangle', 'target-arrow-color': ec('selects'), 'arrow-scale': 0.7 } as any },
    { selector: 'edge.e-tunnel', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 'data(arc)', 'control-point-weights': 0.5, 'line-color': ec('tunnel'), 'line-style': 'dashed', 'line-dash-pattern': [7, 4], width: 2.5, label: 'data(label)', 'text-rotation': 'none' } as any },
    { selector: 'edge.e-bgp', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 'data(arc)', 'control-point-weights': 0.5, 'line-color': ec('bgp'), 'line-style': 'dotted', width: 2, label: 'data(label)' } as any },
    { selector: 'edge.mesh', style: { display: 'none' } },
    { selector: 'edge.mesh.hl-encap, edge.mesh.hl, edge.mesh:selected', style: { display: 'element' } },
    // Route health: a tunnel, session or uplink that kernel state breaks is red and dashed with a ⚠, even in a hidden mesh.
    { selector: 'edge.broken', style: { 'line-color': '#dc2626', 'line-style': 'dashed', 'line-dash-pattern': [5, 4], width: 3, label: 'data(label)', color: theme === 'dark' ? '#fca5a5' : '#b91c1c', 'z-index': 15 } as any },
    { selector: 'edge.mesh.broken', style: { display: 'element' } },
    // A machine's or pod's name above its box is where a learner clicks: let it select, open and right-click.
    { selector: 'node.compound', style: { 'text-events': 'yes' } as any },
    // The overlay's lines fan out across the machines' names and would swallow those clicks; they have nothing to show when clicked.
    { selector: 'edge.e-selects', style: { events: 'no' } as any },
    { selector: '.dim', style: { opacity: 0.25 } },
    { selector: 'node.entering', style: { opacity: 0 } },
    { selector: 'node:selected', style: { 'border-width': 3, 'border-color': theme === 'dark' ? '#ffd166' : '#d08700' } },
    { selector: 'edge:selected', style: { width: 3.5 } },
    { selector: '.hl', style: { 'border-width': 3, 'border-color': theme === 'dark' ? '#ffd166' : '#e08a00', 'background-opacity': 0.45, 'z-index': 20 } as any },
    { selector: 'edge.hl', style: { width: 4, 'line-color': theme === 'dark' ? '#ffd166' : '#e08a00', 'z-index': 20 } as any },
    { selector: 'node.hl-host', style: { 'border-width': 2.5, 'border-color': theme === 'dark' ? '#ffd166' : '#e08a00', 'border-opacity': 0.6 } as any },
    { selector: 'edge.hl-encap', style: { width: 6, 'line-style': 'dashed', 'line-color': nc('tunnel'), 'z-index': 19 } as any },
    { selector: 'node.token', style: { shape: 'round-rectangle', width: 22, height: 14, 'background-color': theme === 'dark' ? '#ffd166' : '#f59e0b', 'border-width': 1.5, 'border-color': fg, 'z-index': 100, label: '', events: 'no' } as any },
    { selector: 'node.token.encap', style: { width: 30, height: 18, 'border-style': 'dashed', 'border-width': 2.5, 'border-color': nc('tunnel'), 'background-color': nc('tunnel') } },
    { selector: 'node.token.reply', style: { 'background-color': theme === 'dark' ? '#7dd3fc' : '#0ea5e9' } },
    { selector: 'node.token.dropped', style: { shape: 'ellipse', width: 26, height: 26, 'background-color': '#dc2626', 'border-color': '#7f1d1d', label: '×', color: '#ffffff', 'font-size': 16, 'text-valign': 'center', 'text-halign': 'center' } as any },
    { selector: '.hl-drop', style: { 'border-color': '#dc2626', 'border-width': 4, 'line-color': '#dc2626' } },
    { selector: '.match', style: { 'underlay-color': theme === 'dark' ? '#ffd166' : '#f59e0b', 'underlay-opacity': 0.35, 'underlay-padding': 6 } as any },
  ] as StylesheetJson;
}
