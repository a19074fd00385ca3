// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { along, easeInOutSine, PacketToken, TOKEN_MIN_SCALE, tokenLook } from './token';

describe('packet token', () => {
  it('glides with ease-in-out-sine and lands exactly on its target', () => {
    expect(easeInOutSine(0)).toBe(0);
    expect(easeInOutSine(0.5)).toBeCloseTo(0.5, 10);
    expect(easeInOutSine(1)).toBe(1);
    expect(easeInOutSine(2)).toBe(1);
    expect(along({ x: 0, y: 10 }, { x: 100, y: 30 }, 1)).toEqual({ x: 100, y: 30 });
    const mid = along({ x: 0, y: 10 }, { x: 100, y: 30 }, 0.5);
    expect(mid.x).toBeCloseTo(50, 9);
    expect(mid.y).toBeCloseTo(20, 9);
  });

  it('looks like the stylesheet token: amber, dashed tunnel colour when encapsulated, blue on the reply, a red × on a drop', () => {
    expect(tokenLook({ encapsulated: false, dropped: false, reply: false }, 'light')).toEqual({ w: 22, h: 14, bg: '#f59e0b', border: '#1f2733', borderWidth: 1.5, borderStyle: 'solid', round: false, label: '' });
    expect(tokenLook({ encapsulated: true, dropped: false, reply: false }, 'dark')).toMatchObject({ w: 30, h: 18, bg: '#b08cf0', border: '#b08cf0', borderStyle: 'dashed' });
    expect(tokenLook({ encapsulated: false, dropped: false, reply: true }, 'light').bg).toBe('#0ea5e9');
    expect(tokenLook({ encapsulated: true, dropped: true, reply: false }, 'light')).toMatchObject({ round: true, bg: '#dc2626', label: '×' });
  });
});

describe('PacketToken', () => {
  const plain = { encapsulated: false, dropped: false, reply: false };
  function setup(zoom: number, pan = { x: 10, y: 20 }) {
    const host = document.createElement('div');
    const view = { zoom: () => zoom, pan: () => pan, theme: () => 'light' as const };
    return { host, token: new PacketToken(host, view) };
  }

  it('sits over the graph at its model position, following pan and zoom', () => {
    const { host, token } = setup(0.5);
    token.move({ x: 100, y: 40 }, plain, 0);
    const el = host.querySelector<HTMLElement>('[data-testid="packet-token"]')!;
    expect(token.position).toEqual({ x: 100, y: 40 });
    expect(el.style.transform).toBe('translate(60px, 40px) translate(-50%, -50%)');
    expect(el.style.display).toBe('block');
    expect(el.style.getPropertyValue('--s')).toBe(String(TOKEN_MIN_SCALE));
  });

  it('keeps its size at normal zoom, marks a drop with ×, and hides', () => {
    const { host, token } = setup(1.5);
    token.move({ x: 0, y: 0 }, { encapsulated: false, dropped: true, reply: false }, 0);
    const el = host.querySelector<HTMLElement>('[data-testid="packet-token"]')!;
    expect(el.style.getPropertyValue('--s')).toBe('1.5');
    expect(el.textContent).toBe('×');
    expect(el.className).toBe('netlab-token dropped');
    token.hide();
    expect(token.position).toBeNull();
    expect(el.style.display).toBe('none');
    token.dispose();
    expect(host.children.length).toBe(0);
  });
});
