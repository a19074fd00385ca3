/**
 * The one place that drives Cytoscape imperatively (CONVENTIONS 10). The component feeds it
 * element definitions; this diffs them into the live graph (new elements fade in, existing
 * ones glide to their new slot, nothing is relaid out wholesale), and it owns the highlight
 * and the packet token.
 */
import cytoscape from 'cytoscape';
import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import type { ElementDef } from '../topology/elements';
import { topologyStyle } from '../topology/style';
import { PacketToken, type TokenLook } from '../topology/token';
import { HighlightRings } from '../topology/rings';
import { benchRenders } from '../debug';
import { BIG, GraphScale } from './cytoscapeScale';

export type { TokenLook };

/** What the graph reports back. */
export interface CytoscapeHandlers {
  onSelect(id: string | null): void;
  onOpen(id: string): void;
  onContext(id: string, x: number, y: number): void;
}


/** Mounts Cytoscape in `container` and returns the commands the component uses. */
export function useCytoscape(container: Ref<HTMLElement | null>, theme: () => 'light' | 'dark', handlers: CytoscapeHandlers) {
  let cy: cytoscape.Core | null = null;
  let fitted = false;
  let selecting = false;
  /** Set once the learner pans or zooms; until then the view keeps the whole cluster in frame. */
  let userMoved = false;
  const moved = () => { userMoved = true; };
  let observer: ResizeObserver | null = null;
  let token: PacketToken | null = null;
  /** What setHighlight lit, so the next call clears just those (no selector over every element). */
  let lit: cytoscape.CollectionReturnValue | null = null;
  let litKey = '';
  let rings: HighlightRings | null = null;
  /** The last element picked on the canvas itself: selecting it again needs no reveal. */
  let pickedHere: string | null = null;
  let scale: GraphScale | null = null;

  onMounted(() => {
    cy = cytoscape({
      container: container.value,
      style: topologyStyle(theme()),
      layout: { name: 'preset' },
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: 'single',
      // Large clusters: draw a cached texture while panning (issue 6 frame-time target).
      textureOnViewport: false,
      hideEdgesOnViewport: false,
      pixelRatio: 'auto',
    });
    if (container.value) token = new PacketToken(container.value, { zoom: () => cy?.zoom() ?? 1, pan: () => cy?.pan() ?? { x: 0, y: 0 }, theme });
    if (container.value) rings = new HighlightRings(container.value, { zoom: () => cy?.zoom() ?? 1, pan: () => cy?.pan() ?? { x: 0, y: 0 }, theme });
    cy.on('viewport', () => { token?.place(); rings?.place(); });
    scale = new GraphScale(cy);
    cy.on('zoom', () => scale?.labelTiles());
    benchRenders(cy);
    container.value?.addEventListener('wheel', moved, { passive: true });
    // Panels resize (splitters, the legend appearing): keep the canvas and, until the learner
    // takes over, the whole cluster in view.
    observer = new ResizeObserver(() => {
      cy?.resize();
      if (fitted && !userMoved) cy?.fit(undefined, 24);
    });
    if (container.value) observer.observe(container.value);
    cy.on('dragpan', moved);
    cy.on('select', 'node, edge', (e) => { if (!selecting) { pickedHere = e.target.id(); handlers.onSelect(pickedHere); } });
    cy.on('tap', (e) => { if (e.target === cy) handlers.onSelect(null); });
    cy.on('dbltap', 'node', (e) => handlers.onOpen(e.target.id()));
    cy.on('cxttap', 'node', (e) => {
      const p = e.renderedPosition ?? e.target.renderedPosition();
      handlers.onContext(e.target.id(), p.x, p.y);
    });
  });

  onBeforeUnmount(() => {
    container.value?.removeEventListener('wheel', moved);
    observer?.disconnect();
    token?.dispose();
    token = null;
    rings?.clear();
    rings = null;
    cy?.destroy();
    cy = null;
  });

  /** Brings the graph to `defs`: adds, removes and moves only what changed. */
  function setElements(defs: ElementDef[]): void {
    if (!cy) return;
    const wanted = new Map(defs.map((d) => [d.data.id, d]));
    const large = defs.length > BIG;
    cy.startBatch();
    let removed = 0;
    cy.elements().forEach((el) => { if (!wanted.has(el.id()) && el.inside()) { el.remove(); removed++; } });
    const added: cytoscape.CollectionReturnValue[] = [];
    // Parents first so children can refer to them; then edges.
    const order = [...defs].sort((a, b) => (a.group === b.group ? 0 : a.group === 'nodes' ? -1 : 1));
    for (const d of order) {
      const el = cy.getElementById(d.data.id);
      if (el.nonempty()) {
        if (d.group === 'nodes' && (el.data('parent') ?? undefined) !== (d.data.parent ?? undefined)) {
          (el as cytoscape.NodeSingular).move({ parent: (d.data.parent as string | undefined) ?? null });
        }
        // Touch only what changed: setting data or classes restyles the element, and a big
        // cluster gets a new snapshot for every ARP entry or pod status change.
        const changed: Record<string, unknown> = {};
        let dirty = false;
        for (const [k, v] of Object.entries(d.data)) {
          if (k !== 'parent' && el.data(k) !== v) { changed[k] = v; dirty = true; }
        }
        if (dirty) el.data(changed);
        if (el.scratch('_cls') !== d.classes) {
          const old = String(el.scratch('_cls') ?? '');
          if (old) el.removeClass(old);
          el.addClass(d.classes);
          el.scratch('_cls', d.classes);
        }
        if (d.position) {
          const p = (el as cytoscape.NodeSingular).position();
          if (Math.abs(p.x - d.position.x) > 0.5 || Math.abs(p.y - d.position.y) > 0.5) {
            if (large || !fitted) (el as cytoscape.NodeSingular).position(d.position);
            else (el as cytoscape.NodeSingular).animate({ position: d.position }, { duration: 300 });
          }
        }
        continue;
      }
      const fresh = cy.add({ group: d.group, data: d.data, classes: d.classes + (fitted && !large ? ' entering' : ''), ...(d.position ? { position: d.position } : {}) } as cytoscape.ElementDefinition);
      fresh.scratch('_cls', d.classes);
      added.push(fresh);
    }
    cy.endBatch();
    scale?.tune(defs.length, added);
    scale?.labelTiles(added);
    // New elements fade in (UI.md: "a new pod fades in"); the transition is in the stylesheet.
    if (added.length && fitted && !large) requestAnimationFrame(() => { for (const a of added) a.removeClass('entering'); });
    if (!fitted && defs.length) {
      cy.fit(undefined, 24);
      fitted = true;
      // For the window figures: when the first cluster was drawn.
      requestAnimationFrame(() => performance.mark('netlab:first-graph'));
    } else if (!userMoved && (added.length || removed)) {
      // An animated fit redraws every element each frame: a big graph jumps instead.
      if (large) cy.fit(undefined, 24);
      else cy.animate({ fit: { eles: cy.elements(), padding: 24 } }, { duration: 250 });
    }
  }

  function setTheme(t: 'light' | 'dark'): void {
    cy?.style(topologyStyle(t));
  }

  /**
   * The most specific of `ids`: a hop names the machine and the device on it; the device is
   * where the packet is, the machine only gives context.
   */
  function specific(ids: string[]): { leaves: cytoscape.CollectionReturnValue; hosts: cytoscape.CollectionReturnValue } {
    const all = cy!.collection();
    for (const id of ids) all.merge(cy!.getElementById(id));
    const nodes = all.nodes();
    const hosts = nodes.filter((el) => nodes.some((o) => o !== el && (o as cytoscape.NodeSingular).ancestors().contains(el)));
    return { leaves: all.difference(hosts), hosts };
  }

  /**
   * Lights `ids` (the current hop) plus `stretch` (the tunnel an encapsulated packet rides),
   * marking drops. On a big graph the lit boxes are DOM rings (topology/rings.ts) and only edges
   * take classes, and only when they change: each class change costs a full canvas redraw.
   */
  function setHighlight(ids: string[], look?: TokenLook, stretch: string[] = []): void {
    if (!cy) return;
    const { leaves, hosts } = specific(ids);
    const tunnels = cy.collection();
    for (const id of stretch) tunnels.merge(cy.getElementById(id));
    const big = cy.elements().length > BIG;
    const classed = big ? leaves.edges().union(tunnels) : leaves.union(hosts).union(tunnels);
    const key = `${classed.map((e) => e.id()).join(' ')}|${look?.dropped ? 1 : 0}|${big ? '' : [...ids, ...stretch].join(' ')}`;
    if (key !== litKey || !big) {
      litKey = key;
      cy.batch(() => {
        lit?.removeClass('hl hl-host hl-encap hl-drop');
        if (!big) hosts.addClass('hl-host');
        (big ? leaves.edges() : leaves).addClass('hl');
        if (look?.dropped) (big ? leaves.edges() : leaves).addClass('hl-drop');
        tunnels.addClass('hl-encap');
        lit = classed;
      });
    }
    const box = (el: cytoscape.SingularElementArgument) => el.boundingBox({});
    rings?.set(big ? [
      ...hosts.map((h) => ({ id: h.id(), box: box(h), kind: 'hl-host' as const })),
      ...leaves.nodes().map((l) => ({ id: l.id(), box: box(l), kind: look?.dropped ? ('hl-drop' as const) : ('hl' as const) })),
    ] : []);
  }

  /**
   * Moves the packet token to the centre of `ids`, gliding over `durationMs`; hides it when
   * `ids` is empty. The token is a DOM box over the canvas (topology/token.ts), so a glide
   * repaints nothing in the graph, however big.
   */
  function moveToken(ids: string[], look: TokenLook, durationMs: number): void {
    if (!cy || !token) return;
    const els = specific(ids).leaves;
    if (els.empty()) { token.hide(); return; }
    const bb = els.boundingBox({});
    token.move({ x: (bb.x1 + bb.x2) / 2, y: (bb.y1 + bb.y2) / 2 }, look, durationMs);
  }

  /**
   * Selects `id` on the graph. A selection made elsewhere (the element list) is revealed: when
   * the element is off screen, or too small to read on a big graph, the view centres on it.
   */
  function select(id: string | null): void {
    if (!cy) return;
    selecting = true;
    cy.elements(':selected').unselect();
    const el = id ? cy.getElementById(id) : null;
    el?.select();
    selecting = false;
    if (!el?.nonempty() || id === pickedHere) return;
    pickedHere = null;
    const bb = el.renderedBoundingBox({});
    const off = bb.x2 < 0 || bb.y2 < 0 || bb.x1 > cy.width() || bb.y1 > cy.height();
    if (off || (cy.elements().length > BIG && cy.zoom() < 0.5)) focus(id);
  }

  /** Centres on an element (or fits everything for null); a big graph jumps rather than redraw every frame of a glide. */
  function focus(id: string | null): void {
    if (!cy) return;
    const big = cy.elements().length > BIG;
    if (!id) {
      userMoved = false;
      if (big) cy.fit(undefined, 24);
      else cy.animate({ fit: { eles: cy.elements(), padding: 24 } }, { duration: 250 });
      return;
    }
    const el = cy.getElementById(id);
    if (el.empty()) return;
    // A big cluster would otherwise refit (and lose the element) on the next added pod.
    if (big) { userMoved = true; cy.zoom(Math.max(cy.zoom(), 0.9)); cy.center(el); }
    else cy.animate({ center: { eles: el }, zoom: Math.max(cy.zoom(), 0.9) }, { duration: 250 });
  }

  function zoomBy(f: number): void {
    if (!cy) return;
    const w = cy.width() / 2;
    const h = cy.height() / 2;
    userMoved = true;
    cy.zoom({ level: cy.zoom() * f, renderedPosition: { x: w, y: h } });
  }

  /** Marks elements whose label contains `q`; returns their ids. */
  function search(q: string): string[] {
    if (!cy) return [];
    const needle = q.trim().toLowerCase();
    cy.elements('.match').removeClass('match');
    if (!needle) return [];
    // A pod tile shows its suffix; its full name is what the learner types.
    const hits = cy.nodes().filter((n) => String(n.data('full') ?? n.data('label') ?? '').toLowerCase().includes(needle));
    hits.addClass('match');
    return hits.map((n) => n.id());
  }

  /** Ids currently drawn, and which are lit (read by e2e through window.__netlab). */
  function inspect(): { ids: string[]; highlighted: string[]; token: { x: number; y: number } | null } {
    if (!cy) return { ids: [], highlighted: [], token: null };
    const lit = new Set([...cy.elements('.hl, .hl-host').map((e) => e.id()), ...(rings?.ids ?? [])]);
    return { ids: cy.elements().map((e) => e.id()), highlighted: [...lit], token: token?.position ?? null };
  }

  function resize(): void {
    cy?.resize();
  }

  /** For benchmarks: the live core. */
  function core(): cytoscape.Core | null {
    return cy;
  }

  return { setElements, setTheme, setHighlight, moveToken, select, focus, zoomBy, search, inspect, resize, core };
}
