/**
 * A small in-memory NetlabApi for tests: scripted responses per channel, recorded requests,
 * and `emit` to push events. Never shipped (only tests import it).
 */
import type { Channel, EventMap, EventName, NetlabApi, RequestOf, ResponseMap } from '../../../shared/api/contract';

type Handler<C extends Channel> = (payload: RequestOf<C>) => ResponseMap[C] | Promise<ResponseMap[C]>;

/** The fake plus its controls. */
export interface FakeApi extends NetlabApi {
  calls: Array<{ channel: Channel; payload: unknown }>;
  handle<C extends Channel>(channel: C, h: Handler<C>): void;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
}

export function createFakeApi(): FakeApi {
  const handlers = new Map<Channel, Handler<any>>();
  const listeners = new Map<EventName, Set<(p: any) => void>>();
  const calls: FakeApi['calls'] = [];
  return {
    calls,
    handle(channel, h) { handlers.set(channel, h); },
    emit(event, payload) { for (const l of listeners.get(event) ?? []) l(payload); },
    async request(channel, payload) {
      calls.push({ channel, payload });
      const h = handlers.get(channel);
      if (!h) throw new Error(`${channel}: not available in this build`);
      return h(payload);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (p: any) => void);
      return () => set.delete(listener as (p: any) => void);
    },
  };
}
