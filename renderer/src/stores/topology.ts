/**
 * The topology snapshot from the engine, the selection shared by the graph and the element
 * list, and the elements the trace inspector asks to highlight.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { TopologySnapshot, TopoEdge, TopoNode } from '../../../shared/api/topology';
import { useApi } from '../api/client';

export const useTopologyStore = defineStore('topology', () => {
  const snapshot = shallowRef<TopologySnapshot | null>(null);
  const error = ref<string | null>(null);
  const selectedId = ref<string | null>(null);
  /** Ids lit by the trace inspector (current hop) or a provenance link. */
  const highlighted = shallowRef<string[]>([]);
  /** Set by "fit" / "focus" requests, consumed by the graph. */
  const focusRequest = ref<{ id: string | null; n: number }>({ id: null, n: 0 });
  /** The snapshot before the last sandbox reset, for the mode diff. */
  const previous = shallowRef<TopologySnapshot | null>(null);
  let unsubscribe: (() => void) | null = null;

  const byId = computed(() => new Map((snapshot.value?.nodes ?? []).map((n) => [n.id, n])));
  const selected = computed<TopoNode | null>(() => (selectedId.value ? byId.value.get(selectedId.value) ?? null : null));
  /** A selected edge (a tunnel, a veth pair...): the graph can select edges too. */
  const selectedEdge = computed<TopoEdge | null>(() => (selectedId.value && !selected.value ? snapshot.value?.edges.find((e) => e.id === selectedId.value) ?? null : null));

  /** Accepts a snapshot unless an older one arrives late. */
  function accept(s: TopologySnapshot, force = false): void {
    if (!force && snapshot.value && s.version < snapshot.value.version) return;
    if (!snapshot.value) performance.mark('netlab:first-topology');
    snapshot.value = s;
    const id = selectedId.value;
    if (id && !byId.value.has(id) && !s.edges.some((e) => e.id === id)) selectedId.value = null;
  }

  async function load(force = false): Promise<void> {
    const api = useApi();
    if (!unsubscribe) unsubscribe = api.on('onTopologyChanged', (s) => accept(s));
    try {
      accept(await api.request('topology:get', {}), force);
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  function select(id: string | null): void {
    selectedId.value = id;
  }

  function highlight(ids: string[]): void {
    highlighted.value = ids;
  }

  function focus(id: string | null): void {
    focusRequest.value = { id, n: focusRequest.value.n + 1 };
  }

  /** The node (machine) an element sits on, walking up compound parents. */
  function hostNodeOf(id: string | null): TopoNode | null {
    let cur = id ? byId.value.get(id) : undefined;
    while (cur && cur.kind !== 'node') cur = cur.parent ? byId.value.get(cur.parent) : undefined;
    return cur ?? null;
  }

  /** The element whose shell a click on `id` should open (itself, or its pod / node). */
  function shellOwner(id: string | null): TopoNode | null {
    let cur = id ? byId.value.get(id) : undefined;
    while (cur && !cur.shell) cur = cur.parent ? byId.value.get(cur.parent) : undefined;
    return cur ?? null;
  }

  /** Keeps the current picture so the mode diff can compare after a reset. */
  function rememberPrevious(): void {
    previous.value = snapshot.value;
  }

  function dispose(): void {
    unsubscribe?.();
    unsubscribe = null;
  }

  return { snapshot, previous, rememberPrevious, error, selectedId, selected, selectedEdge, highlighted, focusRequest, byId, accept, load, select, highlight, focus, hostNodeOf, shellOwner, dispose };
});
