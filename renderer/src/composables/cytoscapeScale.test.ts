import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import { GraphScale, TILE_LABEL_ZOOM } from './cytoscapeScale';

describe('GraphScale', () => {
  it('labels pod tiles only from a readable zoom, new tiles included', () => {
    const cy = cytoscape({ headless: true, styleEnabled: true, minZoom: 0.05, maxZoom: 3 });
    cy.add([{ group: 'nodes', data: { id: 'a' }, classes: 'k-pod tile' }, { group: 'nodes', data: { id: 'm' }, classes: 'k-node' }]);
    const scale = new GraphScale(cy);
    cy.zoom(TILE_LABEL_ZOOM / 2);
    scale.labelTiles();
    expect(cy.$('#a').hasClass('unlabelled')).toBe(true);
    expect(cy.$('#m').hasClass('unlabelled')).toBe(false);
    const b = cy.add({ group: 'nodes', data: { id: 'b' }, classes: 'k-pod tile' });
    scale.labelTiles([b]);
    expect(b.hasClass('unlabelled')).toBe(true);
    cy.zoom(TILE_LABEL_ZOOM);
    scale.labelTiles();
    expect(cy.nodes('.unlabelled').length).toBe(0);
  });

  it('makes a big graph pan wherever it is dragged, and a small one drag its nodes again', () => {
    const cy = cytoscape({ headless: true });
    const a = cy.add({ group: 'nodes', data: { id: 'a' } });
    const scale = new GraphScale(cy);
    scale.tune(5000, []);
    expect([a.grabbable(), a.pannable()]).toEqual([false, true]);
    const b = cy.add({ group: 'nodes', data: { id: 'b' } });
    scale.tune(5001, [b]);
    expect([b.grabbable(), b.pannable()]).toEqual([false, true]);
    scale.tune(10, []);
    expect([a.pannable(), b.pannable()]).toEqual([false, false]);
  });
});
