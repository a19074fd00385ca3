/**
 * A deterministic preset layout for the cluster: machines left to right in fixed-width
 * columns, each holding (top to bottom) its pods in a grid, the host ends of their veths,
 * the bridges, then eth0 and the tunnel devices; rows line up across machines so the
 * tunnels run level. The underlay (segments, router, external host) sits beneath, services
 * above. Only leaves get positions; Cytoscape sizes compound boxes around them. Fixed
 * column widths keep other machines where they were when a pod is added (stable positions).
 */
import type { TopologySnapshot, TopoNode } from '../../../shared/api/topology';

/** x/y of a leaf element's centre. */
export type Positions = Map<string, { x: number; y: number }>;

const PODS_PER_ROW = 2;
const POD_W = 100;
/** Width of one machine's column. */
export const COL_W = 280;
const LEAF_ROW = 28;
const REST_PER_ROW = 3;
const REST_GAP = 84;
/** Space between rows of machines: box padding, the next row's machine and pod titles. */
const ROW_GAP = 160;
/** Compact machines (topology/lod.ts) draw each pod as a small tile in a grid. */
export const TILE_COLS = 5;
export const TILE_DX = 50;
export const TILE_ROW = 22;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface Machine {
  node: TopoNode;
  x: number;
  /** Pods drawn in full (a box with containers and eth0). */
  pods: TopoNode[];
  /** On a compact machine, every pod in tile-slot order; a pod drawn in full leaves its slot empty. */
  tiles: TopoNode[];
  veths: Array<{ id: string; slot: number }>;
  bridges: TopoNode[];
  rest: TopoNode[];
}

/** Computes positions for every leaf of the snapshot; machines in `compact` get a grid of pod tiles. */
export function computeLayout(s: TopologySnapshot, compact: ReadonlySet<string> = new Set()): Positions {
  const pos: Positions = new Map();
  const children = new Map<string, TopoNode[]>();
  for (const n of s.nodes) {
    if (!n.parent) continue;
    const list = children.get(n.parent) ?? [];
    list.push(n);
    children.set(n.parent, list);
  }
  for (const list of children.values()) list.sort(byId);
  const kids = (id: string) => children.get(id) ?? [];

  const vethPeer = new Map<string, string>();
  for (const e of s.edges) {
    if (e.kind !== 'veth') continue;
    vethPeer.set(e.source, e.target);
    vethPeer.set(e.target, e.source);
  }

  // Up to 8 machines in one row; more wrap into rows of about twice as many columns as rows.
  const all = s.nodes.filter((n) => n.kind === 'node' && !n.parent).sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }) || byId(a, b));
  const perRow = machinesPerRow(all.length);
  const machines: Machine[] = all.map((node, i) => classify(node, (i % perRow) * COL_W, kids, vethPeer, compact.has(node.id)));

  let top = 0;
  for (let r = 0; r * perRow < machines.length; r++) {
    const row = machines.slice(r * perRow, (r + 1) * perRow);
    top = placeRow(row, top, kids, pos) + ROW_GAP;
  }
  const bottom = top - ROW_GAP;

  layoutUnderlay(s, bottom + 110, machines, pos, kids);
  layoutOverlay(s, Math.min(perRow, machines.length), pos);

  // Leaves the rules above do not know (a kind added later) still get a place, left of the cluster.
  let spare = 0;
  for (const n of s.nodes) {
    if (pos.has(n.id) || children.has(n.id)) continue;
    pos.set(n.id, { x: -COL_W * 0.8, y: spare++ * 40 });
  }
  return pos;
}

/** How many machines share a row of columns. */
export function machinesPerRow(n: number): number {
  return n <= 8 ? Math.max(1, n) : Math.ceil(Math.sqrt(n * 2.5));
}

/** Lays out one row of machines from `top`, rows of devices lined up across them; returns its bottom. */
function placeRow(machines: Machine[], top: number, kids: (id: string) => TopoNode[], pos: Positions): number {
  // Compact machines: the tile grid first, then the pods drawn in full beneath it.
  const tileRows = Math.max(0, ...machines.map((m) => Math.ceil(m.tiles.length / TILE_COLS)));
  const podTop = top + (tileRows ? tileRows * TILE_ROW + 14 : 0);
  const podH = Math.max(0, ...machines.flatMap((m) => m.pods.map((p) => podHeight(kids(p.id)))));
  const podRows = Math.max(0, ...machines.map((m) => Math.ceil(m.pods.length / PODS_PER_ROW)));
  const vethRows = Math.max(0, ...machines.map((m) => Math.ceil(m.veths.length ? (Math.max(...m.veths.map((v) => v.slot)) + 1) / PODS_PER_ROW : 0)));
  const anyBridge = machines.some((m) => m.bridges.length);
  const restRows = Math.max(1, ...machines.map((m) => Math.ceil(m.rest.length / REST_PER_ROW)));
  const vethY = podTop + podRows * (podH + 34) + (podRows ? 6 : 0);
  const bridgeY = vethY + vethRows * LEAF_ROW + (vethRows ? 26 : 0);
  const restY = bridgeY + (anyBridge ? 48 : 0);
  for (const m of machines) placeMachine(m, { top, podTop, podH, vethY, bridgeY, restY }, kids, pos);
  return restY + (restRows - 1) * 40;
}

function classify(node: TopoNode, x: number, kids: (id: string) => TopoNode[], vethPeer: Map<string, string>, compact: boolean): Machine {
  const all = kids(node.id);
  const everyPod = all.filter((n) => n.kind === 'pod');
  const tiles = compact ? everyPod : [];
  const pods = compact ? everyPod.filter((p) => kids(p.id).length) : everyPod;
  const bridges = all.filter((n) => n.kind === 'bridge');
  const own = new Set(all.map((n) => n.id));
  const veths: Machine['veths'] = [];
  pods.forEach((p, slot) => {
    for (const c of kids(p.id)) {
      const peer = vethPeer.get(c.id);
      if (peer && own.has(peer) && !veths.some((v) => v.id === peer)) { veths.push({ id: peer, slot }); break; }
    }
  });
  const taken = new Set([...veths.map((v) => v.id), ...bridges.map((b) => b.id), ...everyPod.map((p) => p.id)]);
  const rest = all.filter((n) => !taken.has(n.id)).sort((a, b) => rank(a) - rank(b) || byId(a, b));
  return { node, x, pods, tiles, veths, bridges, rest };
}

function placeMachine(m: Machine, rows: { top: number; podTop: number; podH: number; vethY: number; bridgeY: number; restY: number }, kids: (id: string) => TopoNode[], pos: Positions): void {
  const slotX = (slot: number) => m.x + ((slot % PODS_PER_ROW) - (PODS_PER_ROW - 1) / 2) * POD_W;
  m.tiles.forEach((p, i) => { if (!kids(p.id).length) pos.set(p.id, { x: m.x + ((i % TILE_COLS) - (TILE_COLS - 1) / 2) * TILE_DX, y: rows.top + Math.floor(i / TILE_COLS) * TILE_ROW }); });
  m.pods.forEach((p, i) => placePod(p, slotX(i), rows.podTop + Math.floor(i / PODS_PER_ROW) * (rows.podH + 34), kids, pos));
  for (const v of m.veths) pos.set(v.id, { x: slotX(v.slot), y: rows.vethY + Math.floor(v.slot / PODS_PER_ROW) * LEAF_ROW });
  m.bridges.forEach((b, i) => pos.set(b.id, { x: m.x + (i - (m.bridges.length - 1) / 2) * 110, y: rows.bridgeY }));
  m.rest.forEach((n, i) => {
    const r = Math.floor(i / REST_PER_ROW);
    const inRow = Math.min(REST_PER_ROW, m.rest.length - r * REST_PER_ROW);
    const x = m.x + ((i % REST_PER_ROW) - (inRow - 1) / 2) * REST_GAP;
    const y = rows.restY + r * 40;
    const ch = kids(n.id);
    if (!ch.length) pos.set(n.id, { x, y });
    ch.forEach((c, j) => pos.set(c.id, { x, y: y + j * 24 }));
  });
  // A machine with nothing on it still needs a box.
  if (!m.pods.length && !m.tiles.length && !m.bridges.length && !m.rest.length && !m.veths.length) pos.set(m.node.id, { x: m.x, y: rows.restY });
}

function rank(n: TopoNode): number {
  if (n.kind === 'iface' && /^(eth|ens|enp)/.test(n.label)) return 0;
  if (n.kind === 'tunnel') return 1;
  return 2;
}

function podHeight(children: TopoNode[]): number {
  const containers = children.filter((c) => c.kind !== 'iface').length;
  return Math.max(1, Math.ceil(containers / 2)) * 24 + (children.some((c) => c.kind === 'iface') ? 26 : 0);
}

function placePod(p: TopoNode, cx: number, top: number, kids: (id: string) => TopoNode[], pos: Positions): void {
  const ch = kids(p.id);
  const containers = ch.filter((c) => c.kind !== 'iface');
  const ifaces = ch.filter((c) => c.kind === 'iface');
  // Two containers side by side would not fit a pod slot; they stack.
  containers.forEach((c, i) => pos.set(c.id, { x: cx, y: top + i * 24 }));
  const ifTop = top + Math.max(1, containers.length) * 24 + 2;
  ifaces.forEach((c, i) => pos.set(c.id, { x: cx, y: ifTop + i * 24 }));
  if (!ch.length) pos.set(p.id, { x: cx, y: top });
}

function layoutUnderlay(s: TopologySnapshot, y: number, machines: Machine[], pos: Positions, kids: (id: string) => TopoNode[]): void {
  const machineOf = new Map<string, number>();
  for (const m of machines) {
    machineOf.set(m.node.id, m.x);
    for (const c of kids(m.node.id)) machineOf.set(c.id, m.x);
  }
  const span = Math.max(0, ...machines.map((m) => m.x));
  const under = s.nodes.filter((n) => !n.parent && (n.kind === 'segment' || n.kind === 'router' || n.kind === 'external')).sort(byId);
  const used = new Set<number>();
  for (const seg of under.filter((n) => n.kind === 'segment')) {
    const xs: number[] = [];
    for (const e of s.edges) {
      if (e.kind !== 'underlay') continue;
      const other = e.source === seg.id ? e.target : e.target === seg.id ? e.source : null;
      const x = other ? machineOf.get(other) : undefined;
      if (x !== undefined) xs.push(x);
    }
    let x = xs.length ? (Math.min(...xs) + Math.max(...xs)) / 2 : span / 2;
    while (used.has(Math.round(x))) x += 170;
    used.add(Math.round(x));
    pos.set(seg.id, { x, y });
  }
  // Router and external hosts on a row under the segments, centred.
  const others = under.filter((n) => n.kind !== 'segment');
  others.forEach((n, i) => {
    const x = span / 2 + (i - (others.length - 1) / 2) * 220;
    const ch = kids(n.id);
    if (!ch.length) pos.set(n.id, { x, y: y + 80 });
    ch.forEach((c, j) => pos.set(c.id, { x, y: y + 80 + j * 24 }));
  });
}

function layoutOverlay(s: TopologySnapshot, machines: number, pos: Positions): void {
  const over = s.nodes.filter((n) => !n.parent && (n.kind === 'service' || n.kind === 'ingress' || n.kind === 'policy')).sort((a, b) => a.kind.localeCompare(b.kind) || byId(a, b));
  const perRow = Math.max(4, machines * 2);
  const centre = ((machines - 1) * COL_W) / 2;
  over.forEach((n, i) => {
    const r = Math.floor(i / perRow);
    const inRow = Math.min(perRow, over.length - r * perRow);
    pos.set(n.id, { x: centre + ((i % perRow) - (inRow - 1) / 2) * 140, y: -90 - r * 40 });
  });
}
