/**
 * Highlight rings for big graphs: the current hop's devices outlined by DOM boxes laid over the
 * canvas. On a 3,000-pod cluster one canvas redraw takes most of a second, and a class toggle
 * per hop would cost one each step; a ring costs the canvas nothing (like the packet token).
 */

/** A box in the graph's model coordinates. */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** How a ring is drawn: the hop's device, the machine around it, or a drop. */
export type RingKind = 'hl' | 'hl-host' | 'hl-drop';

/** The ring colours, as the stylesheet's `.hl` / `.hl-host` / `.hl-drop` borders. */
export function ringStyle(kind: RingKind, theme: 'light' | 'dark'): { color: string; width: number; opacity: number } {
  if (kind === 'hl-drop') return { color: '#dc2626', width: 4, opacity: 1 };
  const color = theme === 'dark' ? '#ffd166' : '#e08a00';
  return kind === 'hl' ? { color, width: 3, opacity: 1 } : { color, width: 2.5, opacity: 0.6 };
}

/** A model box on screen: `zoom`, then `pan`, grown by `pad` pixels each side. */
export function project(b: Box, zoom: number, pan: { x: number; y: number }, pad: number): { left: number; top: number; width: number; height: number } {
  return { left: b.x1 * zoom + pan.x - pad, top: b.y1 * zoom + pan.y - pad, width: (b.x2 - b.x1) * zoom + 2 * pad, height: (b.y2 - b.y1) * zoom + 2 * pad };
}

/** The rings over one graph container. */
export class HighlightRings {
  private rings: Array<{ el: HTMLDivElement; box: Box }> = [];

  constructor(private readonly host: HTMLElement, private readonly view: { zoom(): number; pan(): { x: number; y: number }; theme(): 'light' | 'dark' }) {}

  /** Ids lit, for the e2e inspector. */
  ids: string[] = [];

  /** Replaces the rings with `items` (each a model box and how to draw it). */
  set(items: Array<{ id: string; box: Box; kind: RingKind }>): void {
    this.clear();
    for (const it of items) {
      const s = ringStyle(it.kind, this.view.theme());
      const el = document.createElement('div');
      el.className = `netlab-ring ${it.kind}`;
      el.setAttribute('aria-hidden', 'true');
      Object.assign(el.style, { position: 'absolute', left: '0', top: '0', zIndex: '4', pointerEvents: 'none', boxSizing: 'border-box', border: `${s.width}px solid ${s.color}`, opacity: String(s.opacity), borderRadius: '5px' });
      this.host.appendChild(el);
      this.rings.push({ el, box: it.box });
    }
    this.ids = items.map((i) => i.id);
    this.place();
  }

  /** Follows the viewport (call on pan and zoom). */
  place(): void {
    if (!this.rings.length) return;
    const z = this.view.zoom();
    const p = this.view.pan();
    for (const r of this.rings) {
      const b = project(r.box, z, p, 3);
      Object.assign(r.el.style, { transform: `translate(${b.left}px, ${b.top}px)`, width: `${b.width}px`, height: `${b.height}px` });
    }
  }

  clear(): void {
    for (const r of this.rings) r.el.remove();
    this.rings = [];
    this.ids = [];
  }
}
