/**
 * The lab session: which cluster runs (CNI, proxy mode, nodes) and resetting it from the
 * sandbox controls.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RequestOf, SessionInfo } from '../../../shared/api/contract';
import { useApi } from '../api/client';

/** The sandbox form, as `session:reset` takes it. */
export type SandboxConfig = RequestOf<'session:reset'>;

export const useSessionStore = defineStore('session', () => {
  const info = ref<SessionInfo | null>(null);
  const error = ref<string | null>(null);
  const resetting = ref(false);
  /** Bumped after each reset so other stores can start over. */
  const generation = ref(0);

  async function load(): Promise<void> {
    try {
      info.value = await useApi().request('session:info', {});
      error.value = null;
    } catch (e) {
      error.value = (e as Error).message;
    }
  }

  async function reset(config: SandboxConfig): Promise<boolean> {
    resetting.value = true;
    try {
      info.value = await useApi().request('session:reset', config);
      error.value = null;
      generation.value++;
      return true;
    } catch (e) {
      error.value = (e as Error).message;
      return false;
    } finally {
      resetting.value = false;
    }
  }

  return { info, error, resetting, generation, load, reset };
});
