/**
 * The lab store: the lab list (broken folders included, as error entries), the open lab's
 * state as the host sends it (onLabState), and the learner's actions. Clickable commands
 * are pasted into the shell they name — an existing tab on that host, or a new one — and a
 * solution is replayed there command by command.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LabCommandView, LabListEntry, LabProgressExport, LabStateView, LocalizedText } from '../../../shared/api/labs';
import { useApi } from '../api/client';
import { useTerminalsStore, type ShellTarget } from './terminals';

/** Picks the text for a locale. */
export function localized(text: LocalizedText | undefined, locale: string): string {
  if (!text) return '';
  return locale === 'zh-CN' ? text['zh-CN'] : text.en;
}

function sameTarget(a: ShellTarget, b: ShellTarget): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'node' && b.kind === 'node') return a.name === b.name;
  if (a.kind === 'pod' && b.kind === 'pod') return a.namespace === b.namespace && a.name === b.name && (a.container ?? '') === (b.container ?? '');
  return true;
}

/** Pause between replayed solution lines, so the learner can follow them. */
const REPLAY_GAP_MS = 400;

export const useLabStore = defineStore('lab', () => {
  const list = ref<LabListEntry[]>([]);
  const state = ref<LabStateView | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  /** The step the panel shows (the open one unless the learner looks back). */
  const viewing = ref<number | null>(null);
  let unsub: (() => void) | null = null;

  const step = computed(() => {
    const s = state.value;
    if (!s) return null;
    return s.steps[viewing.value ?? s.current] ?? null;
  });

  function subscribe(): void {
    if (unsub) return;
    unsub = useApi().on('onLabState', (s) => {
      const advanced = state.value && s.labId === state.value.labId && s.current !== state.value.current;
      state.value = s;
      if (advanced) viewing.value = null;
    });
  }

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    try {
      const r = await fn();
      error.value = null;
      return r;
    } catch (e) {
      error.value = (e as Error).message;
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  async function refresh(): Promise<void> {
    subscribe();
    const api = useApi();
    await run(async () => {
      list.value = await api.request('lab:list', {});
      state.value = await api.request('lab:state', {});
    });
    // After a reload the lab is still open on the host, but this window's shells are gone.
    if (state.value) await openMissingShells(state.value.shells);
  }

  /** Opens a tab for each of the lab's shells that has none yet. */
  async function openMissingShells(shells: LabCommandView[]): Promise<void> {
    const terms = useTerminalsStore();
    for (const sh of shells) if (!terms.tabs.some((t) => sameTarget(t.target, sh.target))) await terms.open(sh.target);
  }

  async function setState(p: Promise<LabStateView>): Promise<void> {
    const s = await run(() => p);
    if (s) state.value = s;
  }

  /** Opens a lab (resuming saved progress) and the shells it asks for. */
  async function open(id: string): Promise<void> {
    subscribe();
    const s = await run(() => useApi().request('lab:open', { id }));
    if (!s) return;
    state.value = s;
    viewing.value = null;
    useTerminalsStore().clear();
    await openMissingShells(s.shells);
  }

  /** Leaves the lab view (the cluster stays). */
  function back(): void {
    state.value = null;
    viewing.value = null;
    void refresh();
  }

  const check = () => setState(useApi().request('lab:check', {}));
  const hint = (stepIndex: number) => setState(useApi().request('lab:hint', { step: stepIndex }));
  const answer = (stepIndex: number, question: string, value: string | string[]) => setState(useApi().request('lab:answer', { step: stepIndex, question, answer: value }));
  const undo = () => setState(useApi().request('lab:undo', {}));
  const reset = (scope: 'step' | 'lab') => setState(useApi().request('lab:reset', { scope }));

  /** The tab for a target: an open one, or a new one. */
  async function tabFor(target: ShellTarget): Promise<string | null> {
    const terms = useTerminalsStore();
    const tab = terms.tabs.find((t) => sameTarget(t.target, target));
    if (tab) {
      terms.activate(tab.termId);
      return tab.termId;
    }
    return terms.open(target);
  }

  /** Pastes a command into its shell (the learner presses Enter). */
  async function paste(cmd: LabCommandView): Promise<void> {
    const id = await tabFor(cmd.target);
    if (id) useTerminalsStore().write(id, cmd.line);
  }

  /** Shows the solution (after the panel's confirmation): replays it line by line. */
  async function showSolution(stepIndex: number): Promise<void> {
    const sol = await run(() => useApi().request('lab:solution', { step: stepIndex, confirm: true }));
    if (!sol) return;
    for (const c of sol.commands) {
      const id = await tabFor(c.target);
      if (!id) continue;
      // Ctrl-U clears whatever the learner had half typed, then the line runs.
      useTerminalsStore().write(id, `\u0015${c.line}\r`);
      await new Promise((r) => setTimeout(r, REPLAY_GAP_MS));
    }
    await setState(useApi().request('lab:state', {}) as Promise<LabStateView>);
  }

  async function importFolder(path: string): Promise<void> {
    const l = await run(() => useApi().request('lab:import', { path }));
    if (l) list.value = l;
  }

  async function exportProgress(path?: string): Promise<LabProgressExport | undefined> {
    return run(() => useApi().request('lab:exportProgress', path ? { path } : {}));
  }

  async function importProgress(json: string): Promise<void> {
    const l = await run(() => useApi().request('lab:importProgress', { json }));
    if (l) list.value = l;
  }

  /** Opens a link in the system browser; the panel has asked the learner first. */
  async function openLink(url: string): Promise<void> {
    await run(() => useApi().request('lab:openLink', { url }));
  }

  function dispose(): void {
    unsub?.();
    unsub = null;
  }

  return { list, state, error, busy, viewing, step, refresh, open, back, check, hint, answer, undo, reset, paste, showSolution, importFolder, exportProgress, importProgress, openLink, dispose };
});
