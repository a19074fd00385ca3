/**
 * The WebSocket transport: the same NetlabApi over the page's own host (web mode and e2e).
 * Requests carry an id; the host answers with that id; events arrive unsolicited.
 * Requests sent before the socket opens are queued, so callers never see the handshake.
 */
import type { Channel, EventMap, EventName, NetlabApi, RequestOf, ResponseMap, ApiError } from '../../../shared/api/contract';
import { WIRE_PATH, decodeServerMessage, encodeRequest } from '../../../shared/api/wire';

/** An error thrown by a request that the host answered with `{ code, message }`. */
export class NetlabApiError extends Error {
  constructor(public readonly code: ApiError['code'], message: string) {
    super(message);
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** Opens a WebSocket to `url` (default: this page's host, the wire path) and returns the api. */
export function createSocketApi(url = defaultUrl(), onState?: (state: 'open' | 'closed') => void): NetlabApi {
  const ws = new WebSocket(url);
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;

  ws.addEventListener('open', () => {
    for (const m of queue.splice(0)) ws.send(m);
    onState?.('open');
  });
  ws.addEventListener('close', () => {
    for (const p of pending.values()) p.reject(new NetlabApiError('Internal', 'connection to the host closed'));
    pending.clear();
    onState?.('closed');
  });
  ws.addEventListener('message', (ev) => {
    const msg = decodeServerMessage(String(ev.data));
    if (!msg) return;
    if ('event' in msg) {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    if (msg.id === null) return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.result.ok) p.resolve(msg.result.value);
    else p.reject(new NetlabApiError(msg.result.error.code, msg.result.error.message));
  });

  return {
    request<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseMap[C]> {
      const id = nextId++;
      const text = encodeRequest(id, channel, payload);
      return new Promise<ResponseMap[C]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        if (ws.readyState === WebSocket.OPEN) ws.send(text);
        else if (ws.readyState === WebSocket.CONNECTING) queue.push(text);
        else { pending.delete(id); reject(new NetlabApiError('Internal', 'connection to the host closed')); }
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => { set!.delete(l); };
    },
  };
}

function defaultUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${WIRE_PATH}`;
}
