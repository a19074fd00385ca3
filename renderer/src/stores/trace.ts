/**
 * Packet walks: the history, the walk being inspected, and its playback (play / pause /
 * step / back / speed). The current hop's elements are lit on the graph via the topology store.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { RequestOf } from '../../../shared/api/contract';
import type { WalkRecord, WalkSummary } from '../../../shared/api/walk';
import { useApi } from '../api/client';
import { useTopologyStore } from './topology';
import { walkSteps, type WalkStep } from '../trace/steps';

/** The "trace" form, as `walk:trace` takes it. */
export type TraceRequest = RequestOf<'walk:trace'>;

const SPEEDS = [0.5, 1, 2, 4] as const;

export const useTraceStore = defineStore('trace', () => {
  const history = ref<WalkSummary[]>([]);
  const records = new Map<string, WalkRecord>();
  const current = shallowRef<WalkRecord | null>(null);
  const position = ref(0);
  const playing = ref(false);
  const speed = ref<number>(1);
  const error = ref<string | null>(null);
  const busy = ref(false);
  /** The trace form's contents; the graph's context menu fills it in. */
  const draft = ref<{ from: TraceRequest['from'] | null; dst: string; proto: TraceRequest['proto']; dport: number | null }>({ from: null, dst: '', proto: 'icmp', dport: null });
  const formOpen = ref(false);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let unsubscribe: (() => void) | null = null;

  const steps = computed<WalkStep[]>(() => (current.value ? walkSteps(current.value) : []));
  const step = computed<WalkStep | null>(() => steps.value[position.value] ?? null);

  function remember(r: WalkRecord): void {
    records.set(r.id, r);
    if (!history.value.some((h) => h.id === r.id)) {
      history.value.push({ id: r.id, title: r.title, at: r.at, verdict: r.verdict, hopCount: r.hops.length + (r.replyHops?.length ?? 0) });
      if (history.value.length > 50) records.delete(history.value.shift()!.id);
    }
  }

  /** Shows a walk; a dropped walk opens on the drop (UI.md: drops are unmissable). */
  function show(r: WalkRecord, autoplay = true): void {
    current.value = r;
    stop();
    const dropAt = steps.value.findIndex((s) => s.hop.stage === 'drop');
    position.value = 0;
    if (autoplay && steps.value.length > 1) play();
    else if (dropAt >= 0) position.value = dropAt;
  }

  async function load(): Promise<void> {
    const api = useApi();
    if (!unsubscribe) unsubscribe = api.on('onWalk', (r) => { remember(r); show(r); });
    try {
      history.value = await api.request('walk:list', {});
    } catch {
      // No history yet (or no walker in this build): the inspector simply starts empty.
    }
  }

  async function open(id: string): Promise<void> {
    let r = records.get(id);
    if (!r) {
      try {
        r = await useApi().request('walk:get', { id });
        records.set(id, r);
      } catch (e) {
        error.value = (e as Error).message;
        return;
      }
    }
    show(r);
  }

  /** Asks the host to walk a packet (the trace form, the graph's context menu). */
  async function trace(req: TraceRequest): Promise<WalkRecord | null> {
    busy.value = true;
    try {
      const r = await useApi().request('walk:trace', req);
      remember(r);
      show(r);
      error.value = null;
      return r;
    } catch (e) {
      error.value = (e as Error).message;
      return null;
    } finally {
      busy.value = false;
    }
  }

  function seek(i: number): void {
    position.value = Math.max(0, Math.min(steps.value.length - 1, i));
  }
  function forward(): void { seek(position.value + 1); }
  function back(): void { seek(position.value - 1); }

  function tick(): void {
    if (!playing.value) return;
    if (position.value >= steps.value.length - 1 || step.value?.hop.stage === 'drop') { stop(); return; }
    forward();
    timer = setTimeout(tick, 900 / speed.value);
  }
  function play(): void {
    if (position.value >= steps.value.length - 1) position.value = 0;
    playing.value = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, 900 / speed.value);
  }
  function stop(): void {
    playing.value = false;
    if (timer) clearTimeout(timer);
    timer = null;
  }
  function cycleSpeed(): void {
    const i = SPEEDS.indexOf(speed.value as (typeof SPEEDS)[number]);
    speed.value = SPEEDS[(i + 1) % SPEEDS.length]!;
  }

  /** The last "send N requests" run: which namespace answered how often. */
  const spread = ref<{ title: string; total: number; failed: number; counts: Array<{ netns: string; n: number }> } | null>(null);

  /**
   * Sends `n` requests one after the other and counts who answered, so the learner sees the
   * balancing (iptables statistic probabilities, an IPVS scheduler, ClientIP affinity).
   */
  async function sendMany(req: TraceRequest, n: number): Promise<void> {
    busy.value = true;
    const counts = new Map<string, number>();
    let failed = 0;
    let title = '';
    try {
      for (let i = 0; i < n; i++) {
        const r = await useApi().request('walk:trace', req);
        remember(r);
        title = r.title;
        if (r.answeredBy) counts.set(r.answeredBy, (counts.get(r.answeredBy) ?? 0) + 1);
        else failed++;
        spread.value = { title, total: i + 1, failed, counts: [...counts].map(([netns, c]) => ({ netns, n: c })).sort((a, b) => (a.netns < b.netns ? -1 : 1)) };
      }
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      busy.value = false;
    }
  }

  /** Opens the trace form with some fields filled in. */
  function prepare(patch: Partial<typeof draft.value>): void {
    draft.value = { ...draft.value, ...patch };
    formOpen.value = true;
  }

  function clear(): void {
    stop();
    spread.value = null;
    history.value = [];
    records.clear();
    current.value = null;
    position.value = 0;
  }

  // The graph lights whatever the current hop touched.
  watch(step, (s) => { useTopologyStore().highlight(s ? s.hop.elements : []); });

  function dispose(): void {
    stop();
    unsubscribe?.();
    unsubscribe = null;
  }

  return { history, draft, formOpen, prepare, spread, sendMany, current, position, playing, speed, error, busy, steps, step, load, open, trace, show, seek, forward, back, play, stop, cycleSpeed, clear, dispose, records };
});
