/**
 * What the window asks the engine about its kernel state: the mode diff of the last
 * CNI / kube-proxy switch (per node, loaded machine by machine) and the lines that mention
 * the selected element (routes, neighbours, FDB, iptables, IPVS).
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { MachineModeDiff, Mentions, ModeDiff } from '../../../shared/api/inspect';
import { useApi } from '../api/client';

export const useInspectStore = defineStore('inspect', () => {
  const diff = shallowRef<ModeDiff | null>(null);
  const diffError = ref<string | null>(null);
  /** Machines whose hunks are being fetched. */
  const diffLoading = ref<string[]>([]);
  const mentions = shallowRef<Mentions | null>(null);
  const mentionsError = ref<string | null>(null);
  let mentionsAsked = 0;

  /** The last switch's diff (null after a reset that kept both modes). */
  async function loadDiff(): Promise<void> {
    try {
      diff.value = await useApi().request('session:diff', {});
      diffError.value = null;
    } catch (e) {
      diff.value = null;
      diffError.value = (e as Error).message;
    }
  }

  /** Fetches one machine's hunks (the first answer carries only a few machines' hunks). */
  async function loadMachine(machine: string): Promise<void> {
    const cur = diff.value;
    if (!cur || diffLoading.value.includes(machine)) return;
    diffLoading.value = [...diffLoading.value, machine];
    try {
      const got = await useApi().request('session:diff', { machines: [machine] });
      const m = got?.machines.find((x) => x.machine === machine);
      // A reset meanwhile replaced the diff: drop the late answer.
      if (!m || diff.value !== cur) return;
      diff.value = { ...cur, machines: cur.machines.map((x): MachineModeDiff => (x.machine === machine ? m : x)) };
    } catch (e) {
      diffError.value = (e as Error).message;
    } finally {
      diffLoading.value = diffLoading.value.filter((x) => x !== machine);
    }
  }

  /** The mentions of element `id` (null clears them); a late answer for another element is dropped. */
  async function loadMentions(id: string | null): Promise<void> {
    const ask = ++mentionsAsked;
    if (!id) {
      mentions.value = null;
      return;
    }
    try {
      const got = await useApi().request('topology:mentions', { id });
      if (ask !== mentionsAsked) return;
      mentions.value = got;
      mentionsError.value = null;
    } catch (e) {
      if (ask !== mentionsAsked) return;
      mentions.value = null;
      mentionsError.value = (e as Error).message;
    }
  }

  return { diff, diffError, diffLoading, mentions, mentionsError, loadDiff, loadMachine, loadMentions };
});
