// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { HighlightRings, project, ringStyle } from './rings';

describe('highlight rings', () => {
  it('project a model box to the screen, padded', () => {
    expect(project({ x1: 10, y1: 20, x2: 110, y2: 60 }, 0.5, { x: 5, y: -5 }, 3)).toEqual({ left: 7, top: 2, width: 56, height: 26 });
  });

  it('draw like the stylesheet highlight: the device bold, its machine faint, a drop red', () => {
    expect(ringStyle('hl', 'light')).toEqual({ color: '#e08a00', width: 3, opacity: 1 });
    expect(ringStyle('hl-host', 'dark')).toEqual({ color: '#ffd166', width: 2.5, opacity: 0.6 });
    expect(ringStyle('hl-drop', 'dark').color).toBe('#dc2626');
  });

  it('lay one box per lit element over the graph, follow the viewport and go away', () => {
    const host = document.createElement('div');
    let zoom = 1;
    const rings = new HighlightRings(host, { zoom: () => zoom, pan: () => ({ x: 0, y: 0 }), theme: () => 'light' });
    rings.set([{ id: 'node:node-1', box: { x1: 0, y1: 0, x2: 100, y2: 50 }, kind: 'hl-host' }, { id: 'if:node-1:cni0', box: { x1: 10, y1: 10, x2: 30, y2: 20 }, kind: 'hl' }]);
    expect(rings.ids).toEqual(['node:node-1', 'if:node-1:cni0']);
    const el = host.querySelectorAll<HTMLElement>('.netlab-ring')[1]!;
    expect(el.style.transform).toBe('translate(7px, 7px)');
    zoom = 2;
    rings.place();
    expect(el.style.transform).toBe('translate(17px, 17px)');
    expect(el.style.width).toBe('46px');
    rings.clear();
    expect(host.children.length).toBe(0);
    expect(rings.ids).toEqual([]);
  });
});
