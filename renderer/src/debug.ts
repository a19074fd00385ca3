/**
 * A read-only debug handle for e2e tests (`window.__netlab`): terminal buffers as text, the
 * drawn graph, the trace playback state. It exposes reads only, never the api.
 */
import type cytoscape from 'cytoscape';
import { terminalReaders } from './composables/useXterm';

/** Read-only views registered by mounted components. */
export const graphInspectors: { topology: null | (() => { ids: string[]; highlighted: string[]; token: { x: number; y: number } | null }) } = { topology: null };

/**
 * Runs `fn`; when the window bench asked for it (`window.__netlabBench = true`, set before
 * load), records its duration as a `netlab:<name>` performance measure the bench prints.
 */
export function timed<T>(name: string, fn: () => T): T {
  if (!(window as { __netlabBench?: boolean }).__netlabBench) return fn();
  const start = performance.now();
  try {
    return fn();
  } finally {
    performance.measure(`netlab:${name}`, { start, end: performance.now() });
  }
}

/** Installs `window.__netlab`. `state` gives store snapshots (plain data). */
export function installDebugHandle(state: () => Record<string, unknown>): void {
  const handle = Object.freeze({
    terminalText: (termId?: string) => {
      const id = termId ?? [...terminalReaders.keys()].pop();
      return id ? terminalReaders.get(id)?.() ?? '' : '';
    },
    terminals: () => [...terminalReaders.keys()],
    graph: () => graphInspectors.topology?.() ?? { ids: [], highlighted: [], token: null },
    state,
  });
  Object.defineProperty(window, '__netlab', { value: handle, writable: false, configurable: false });
}

/** For the window bench only: each canvas render as a `netlab:render` measure (debug.ts `timed`). */
export function benchRenders(cy: cytoscape.Core): void {
  if (!(window as { __netlabBench?: boolean }).__netlabBench) return;
  const r = (cy as unknown as { renderer?: () => { render: (o?: unknown) => void } }).renderer?.();
  if (!r) return;
  (window as { __netlabCy?: cytoscape.Core }).__netlabCy = cy;
  const render = r.render.bind(r);
  r.render = (o?: unknown) => timed('render', () => render(o));
}
