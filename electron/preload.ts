/**
 * The preload bridge (sandboxed, context-isolated): exposes `window.netlab`, the NetlabApi
 * of shared/api/contract.ts, as two wrapped functions. Never ipcRenderer, never the ipc
 * event object: listeners get the payload only.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiResult, Channel, EventMap, EventName, NetlabApi, RequestOf, ResponseMap } from '../shared/api/contract';

// Literal copies of electron/ipc.ts's names: a sandboxed preload is one bundled file and
// should not pull the main process's modules in.
const IPC_REQUEST = 'netlab:request';
const IPC_EVENT = 'netlab:event';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(IPC_EVENT, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const l of [...(listeners.get(name) ?? [])]) l(payload);
});

/** The api object, built from plain functions so contextBridge can clone it. */
export const api: NetlabApi = {
  async request<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseMap[C]> {
    const result = (await ipcRenderer.invoke(IPC_REQUEST, String(channel), payload)) as ApiResult<C>;
    if (result.ok) return result.value;
    // contextBridge keeps an Error's message; the code leads it so the window can tell kinds apart.
    throw new Error(`${result.error.code}: ${result.error.message}`);
  },
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    const l = listener as Listener;
    set.add(l);
    return () => {
      set.delete(l);
    };
  },
};

contextBridge.exposeInMainWorld('netlab', api);
