/**
 * Picks the transport at start: the Electron preload bridge when present, else the
 * WebSocket to the page's own host. Stores get the api through `useApi()` only.
 */
import type { NetlabApi } from '../../../shared/api/contract';
import { createSocketApi } from './socket';
import { ref } from 'vue';

let api: NetlabApi | null = null;

/** Whether the transport is connected; the status bar shows it. */
export const connectionState = ref<'connecting' | 'open' | 'closed'>('connecting');

/** Installs a specific api (tests use a fake one). */
export function setApi(a: NetlabApi): void {
  api = a;
  connectionState.value = 'open';
}

/** The one api client of this window. */
export function useApi(): NetlabApi {
  if (api) return api;
  if (typeof window !== 'undefined' && window.netlab) {
    const bridge = window.netlab;
    // Electron's contextBridge cannot clone Vue's reactive proxies; payloads are JSON by contract.
    api = {
      request: (channel, payload) => bridge.request(channel, JSON.parse(JSON.stringify(payload))),
      on: (event, listener) => bridge.on(event, listener),
    };
    connectionState.value = 'open';
  } else {
    api = createSocketApi(undefined, (s) => { connectionState.value = s; });
  }
  return api;
}
