/**
 * Terminal tabs: one host-side virtual terminal per tab. Output is routed to the tab's
 * xterm (registered by TerminalPane) and acknowledged after xterm has drawn it, so the
 * host streams a 100k-line output in chunks instead of flooding the window (term:ack).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RequestOf } from '../../../shared/api/contract';
import { useApi } from '../api/client';
import { FLOW_ACK_EVERY } from '../../../shared/api/wire';

/** Where a shell runs: a node, a pod container, or the external host. */
export type ShellTarget = RequestOf<'term:open'>['target'];

/** One terminal tab. */
export interface TermTab {
  termId: string;
  title: string;
  target: ShellTarget;
}

/** Where a tab's output goes: write, then call `done` once drawn. */
export type TermSink = (data: string, done: () => void) => void;

export const useTerminalsStore = defineStore('terminals', () => {
  const tabs = ref<TermTab[]>([]);
  const activeId = ref<string | null>(null);
  const error = ref<string | null>(null);
  const sinks = new Map<string, TermSink>();
  /** Output that arrived before the pane mounted. */
  const backlog = new Map<string, string[]>();
  let subs: Array<() => void> = [];

  const active = computed(() => tabs.value.find((t) => t.termId === activeId.value) ?? null);

  function ensureSubscribed(): void {
    if (subs.length) return;
    const api = useApi();
    subs = [
      api.on('onTermData', ({ termId, data }) => deliver(termId, data)),
      api.on('onTermExit', ({ termId }) => removeTab(termId)),
    ];
  }

  function deliver(termId: string, data: string): void {
    const sink = sinks.get(termId);
    if (!sink) {
      const b = backlog.get(termId) ?? [];
      b.push(data);
      backlog.set(termId, b);
      return;
    }
    sink(data, () => ackLater(termId, data.length));
  }

  // Acks are coalesced: sent once FLOW_ACK_EVERY characters are drawn, or on the next frame.
  const unacked = new Map<string, number>();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  function ackLater(termId: string, n: number): void {
    const total = (unacked.get(termId) ?? 0) + n;
    unacked.set(termId, total);
    if (total >= FLOW_ACK_EVERY) flushAcks(termId);
    else if (!flushTimer) flushTimer = setTimeout(() => { flushTimer = null; for (const id of [...unacked.keys()]) flushAcks(id); }, 16);
  }
  function flushAcks(termId: string): void {
    const bytes = unacked.get(termId) ?? 0;
    unacked.delete(termId);
    if (bytes > 0) void useApi().request('term:ack', { termId, bytes }).catch(() => undefined);
  }

  /** Opens a shell on a node, pod container or the external host, in a new tab. */
  async function open(target: ShellTarget, cols = 100, rows = 24): Promise<string | null> {
    ensureSubscribed();
    try {
      const r = await useApi().request('term:open', { target, cols, rows });
      tabs.value.push({ termId: r.termId, title: r.title, target });
      activeId.value = r.termId;
      error.value = null;
      return r.termId;
    } catch (e) {
      error.value = (e as Error).message;
      return null;
    }
  }

  /** TerminalPane registers its xterm here; returns the remover (CONVENTIONS 13). */
  function attach(termId: string, sink: TermSink): () => void {
    sinks.set(termId, sink);
    for (const d of backlog.get(termId) ?? []) deliver(termId, d);
    backlog.delete(termId);
    return () => { if (sinks.get(termId) === sink) sinks.delete(termId); };
  }

  function write(termId: string, data: string): void {
    void useApi().request('term:write', { termId, data }).catch((e: Error) => { error.value = e.message; });
  }

  function resize(termId: string, cols: number, rows: number): void {
    void useApi().request('term:resize', { termId, cols, rows }).catch(() => undefined);
  }

  function removeTab(termId: string): void {
    const i = tabs.value.findIndex((t) => t.termId === termId);
    if (i < 0) return;
    tabs.value.splice(i, 1);
    sinks.delete(termId);
    backlog.delete(termId);
    unacked.delete(termId);
    if (activeId.value === termId) activeId.value = tabs.value[Math.min(i, tabs.value.length - 1)]?.termId ?? null;
  }

  /** Closes a tab (the host ends its shell). */
  async function close(termId: string): Promise<void> {
    removeTab(termId);
    await useApi().request('term:close', { termId }).catch(() => undefined);
  }

  /** Closes every tab (before a session reset), telling the host to end each shell. */
  function clear(): void {
    for (const t of [...tabs.value]) void close(t.termId);
  }

  function activate(termId: string): void {
    activeId.value = termId;
  }

  /** Ctrl+Tab: next tab, wrapping. */
  function cycle(step = 1): void {
    if (!tabs.value.length) return;
    const i = tabs.value.findIndex((t) => t.termId === activeId.value);
    activeId.value = tabs.value[(i + step + tabs.value.length) % tabs.value.length]!.termId;
  }

  function dispose(): void {
    for (const s of subs) s();
    subs = [];
  }

  return { tabs, activeId, active, error, open, attach, write, resize, close, clear, activate, cycle, dispose };
});
