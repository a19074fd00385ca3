/**
 * The packet token, drawn as one DOM element over the Cytoscape canvas instead of a graph
 * node: moving a graph node makes Cytoscape redraw every element each frame (a 3,000-pod
 * cluster animated at under 1 fps), while moving a DOM box costs the canvas nothing. It
 * keeps its position in model coordinates and follows pan and zoom.
 */
import { NODE_COLORS } from './kinds';

/** How the token looks at a step. */
export interface TokenLook {
  encapsulated: boolean;
  dropped: boolean;
  reply: boolean;
}

/** A point in the graph's model coordinates. */
export interface Point {
  x: number;
  y: number;
}

/** Below this zoom the token stops shrinking, so it stays visible over a 100-node cluster. */
export const TOKEN_MIN_SCALE = 0.75;

/** The token's box in model units and its colours, as the graph stylesheet drew it. */
export function tokenLook(look: TokenLook, theme: 'light' | 'dark'): { w: number; h: number; bg: string; border: string; borderWidth: number; borderStyle: 'solid' | 'dashed'; round: boolean; label: string } {
  const fg = theme === 'dark' ? '#d6dbe3' : '#1f2733';
  const tunnel = NODE_COLORS.tunnel[theme];
  if (look.dropped) return { w: 26, h: 26, bg: '#dc2626', border: '#7f1d1d', borderWidth: 1.5, borderStyle: 'solid', round: true, label: '×' };
  const bg = look.reply ? (theme === 'dark' ? '#7dd3fc' : '#0ea5e9') : look.encapsulated ? tunnel : theme === 'dark' ? '#ffd166' : '#f59e0b';
  if (look.encapsulated) return { w: 30, h: 18, bg, border: tunnel, borderWidth: 2.5, borderStyle: 'dashed', round: false, label: '' };
  return { w: 22, h: 14, bg, border: fg, borderWidth: 1.5, borderStyle: 'solid', round: false, label: '' };
}

/** ease-in-out-sine, as the graph animation used. */
export function easeInOutSine(t: number): number {
  return (1 - Math.cos(Math.PI * Math.min(1, Math.max(0, t)))) / 2;
}

/** The point a fraction `t` of the way from `a` to `b`, eased. */
export function along(a: Point, b: Point, t: number): Point {
  const k = easeInOutSine(t);
  return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
}

/** What the token needs from the graph: the viewport transform and the theme. */
export interface TokenView {
  zoom(): number;
  pan(): Point;
  theme(): 'light' | 'dark';
}

/** The token over a graph container. */
export class PacketToken {
  private el: HTMLDivElement | null = null;
  private at: Point | null = null;
  private frame = 0;
  private scale = 1;

  constructor(private readonly host: HTMLElement, private readonly view: TokenView) {}

  /** Where the token is (model coordinates), or null when hidden. */
  get position(): Point | null {
    return this.at ? { ...this.at } : null;
  }

  /** Shows the token at `target`, gliding there from where it was over `durationMs`. */
  move(target: Point, look: TokenLook, durationMs: number): void {
    const el = this.ensure();
    this.paint(el, look);
    cancelAnimationFrame(this.frame);
    const from = this.at;
    if (!from || durationMs <= 0) {
      this.at = { ...target };
      this.place();
      return;
    }
    const start = performance.now();
    const step = (now: number) => {
      const t = (now - start) / durationMs;
      this.at = t >= 1 ? { ...target } : along(from, target, t);
      this.place();
      if (t < 1) this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  hide(): void {
    cancelAnimationFrame(this.frame);
    this.at = null;
    if (this.el) this.el.style.display = 'none';
  }

  /** Follows the viewport (call on pan and zoom). */
  place(): void {
    const el = this.el;
    if (!el || !this.at) return;
    const z = this.view.zoom();
    const p = this.view.pan();
    const s = Math.max(z, TOKEN_MIN_SCALE);
    if (s !== this.scale) { this.scale = s; el.style.setProperty('--s', String(s)); }
    el.style.display = 'block';
    el.style.transform = `translate(${this.at.x * z + p.x}px, ${this.at.y * z + p.y}px) translate(-50%, -50%)`;
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.el?.remove();
    this.el = null;
  }

  private ensure(): HTMLDivElement {
    if (this.el) return this.el;
    const el = document.createElement('div');
    el.dataset.testid = 'packet-token';
    el.setAttribute('aria-hidden', 'true');
    Object.assign(el.style, { position: 'absolute', left: '0', top: '0', zIndex: '5', pointerEvents: 'none', boxSizing: 'border-box', display: 'none', alignItems: 'center', justifyContent: 'center', color: '#ffffff', fontWeight: 'bold', willChange: 'transform' });
    this.host.appendChild(el);
    this.el = el;
    return el;
  }

  private paint(el: HTMLDivElement, look: TokenLook): void {
    const l = tokenLook(look, this.view.theme());
    Object.assign(el.style, {
      width: `calc(${l.w}px * var(--s, 1))`, height: `calc(${l.h}px * var(--s, 1))`, background: l.bg,
      border: `calc(${l.borderWidth}px * var(--s, 1)) ${l.borderStyle} ${l.border}`, borderRadius: l.round ? '50%' : 'calc(4px * var(--s, 1))',
      fontSize: `calc(16px * var(--s, 1))`, lineHeight: `calc(${l.h - 2 * l.borderWidth}px * var(--s, 1))`, textAlign: 'center',
    });
    el.textContent = l.label;
    el.className = ['netlab-token', look.encapsulated ? 'encap' : '', look.dropped ? 'dropped' : '', look.reply ? 'reply' : ''].filter(Boolean).join(' ');
  }
}
