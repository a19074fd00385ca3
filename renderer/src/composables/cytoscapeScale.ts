/**
 * What keeps a big graph fast (issue 6: 100 nodes / 3,000 pods at 30 fps), as settings of the
 * live Cytoscape core that depend on its size and zoom. Used by useCytoscape only.
 */
import type cytoscape from 'cytoscape';

/** Above this many elements the graph is drawn for speed: no fades or glides, a cached texture while panning. */
export const BIG = 400;
/** Above this many, edges are hidden while panning and the canvas has one pixel per CSS pixel. */
export const HUGE = 2000;
/** Tile labels are 8 px with a 6 px minimum drawn size: below this zoom they are never visible. */
export const TILE_LABEL_ZOOM = 0.75;

/** The size- and zoom-dependent settings of one core. */
export class GraphScale {
  /** Whether nodes pan instead of being dragged (big graphs). */
  private panMode = false;
  /** Whether pod tiles carry their labels. */
  private tilesLabelled = true;

  constructor(private readonly cy: cytoscape.Core) {}

  /**
   * Big graphs: a cached texture while panning, hidden edges and one pixel per CSS pixel for the
   * biggest. Cytoscape reads these from its renderer, which has no public setter after start-up.
   * And a drag anywhere pans: the boxes cover most of the canvas, dragging a machine box redraws
   * all it holds every frame, and the preset layout puts it back on the next snapshot anyway.
   */
  tune(n: number, added: cytoscape.CollectionReturnValue[]): void {
    const r = (this.cy as unknown as { renderer?: () => Record<string, unknown> }).renderer?.();
    if (!r) return;
    const big = n > BIG;
    const flip = (els: cytoscape.NodeCollection) => (big ? els.ungrabify().panify() : els.grabify().unpanify());
    if (big !== this.panMode) { this.panMode = big; flip(this.cy.nodes()); }
    else if (big) for (const a of added) if (a.isNode()) flip(a);
    r.textureOnViewport = big;
    r.hideEdgesOnViewport = n > HUGE;
    const px = n > HUGE ? 1 : null;
    if (r.forcedPixelRatio !== px) { r.forcedPixelRatio = px; this.cy.forceRender(); }
  }

  /**
   * Pod tiles (topology/lod.ts) are labelled only from a zoom at which their text is drawn at
   * all: Cytoscape measures every label on every redraw, drawn or not (most of a redraw's time).
   */
  labelTiles(added?: cytoscape.CollectionReturnValue[]): void {
    const want = this.cy.zoom() >= TILE_LABEL_ZOOM;
    if (want !== this.tilesLabelled) {
      this.tilesLabelled = want;
      this.cy.batch(() => { this.cy.nodes('.tile').toggleClass('unlabelled', !want); });
    } else if (!want && added?.length) {
      this.cy.batch(() => { for (const a of added) if (a.hasClass('tile')) a.addClass('unlabelled'); });
    }
  }
}
