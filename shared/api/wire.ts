/**
 * The WebSocket wire format of the api (web mode and the e2e tests). One JSON text frame
 * per message. The renderer's WebSocket transport and electron/web.ts both use these
 * helpers, so the two ends cannot drift apart.
 *
 *   client → server  { "id": 7, "channel": "term:write", "payload": { ... } }
 *   server → client  { "id": 7, "result": { "ok": true, "value": ... } }      (the reply)
 *                    { "id": 7, "result": { "ok": false, "error": {code, message} } }
 *                    { "event": "onTermData", "payload": { ... } }             (an event)
 *
 * A request that cannot be read at all (not JSON, no id) is answered with id `null` and a
 * BadRequest error; the connection stays open. Every reply carries the id it answers.
 */
import { z } from 'zod';
import type { ApiError, ApiResult, Channel, EventMap, EventName } from './contract';

/** The path the WebSocket listens on, relative to the page's own origin. */
export const WIRE_PATH = '/api';

/** Frames larger than this are refused (term:write data is capped at 1 MB by the contract). */
export const WIRE_MAX_FRAME = 2 * 1024 * 1024;

/** A request as it travels to the server. */
export interface WireRequest {
  id: number;
  channel: string;
  payload: unknown;
}

/** The reply to one request. `id` is null when the request itself could not be read. */
export interface WireReply {
  id: number | null;
  result: ApiResult<Channel>;
}

/** An event pushed by the server. */
export interface WireEvent<E extends EventName = EventName> {
  event: E;
  payload: EventMap[E];
}

export type WireServerMessage = WireReply | WireEvent;

const requestSchema = z.object({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  channel: z.string().min(1).max(64),
  payload: z.unknown(),
});

/** Reads one client frame; the payload itself is validated later by parseRequest. */
export function decodeRequest(text: string): { ok: true; request: WireRequest } | { ok: false; id: number | null; error: ApiError } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, id: null, error: { code: 'BadRequest', message: 'message is not valid JSON' } };
  }
  const r = requestSchema.safeParse(data);
  if (!r.success) {
    const maybeId = (data as { id?: unknown } | null)?.id;
    const id = typeof maybeId === 'number' && Number.isSafeInteger(maybeId) && maybeId >= 0 ? maybeId : null;
    const issue = r.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'message';
    return { ok: false, id, error: { code: 'BadRequest', message: `${where}: ${issue?.message ?? 'invalid'}` } };
  }
  return { ok: true, request: { id: r.data.id, channel: r.data.channel, payload: r.data.payload } };
}

/** Serialises a request (client side). */
export function encodeRequest(id: number, channel: string, payload: unknown): string {
  return JSON.stringify({ id, channel, payload } satisfies WireRequest);
}

/** Serialises a reply (server side). */
export function encodeReply(id: number | null, result: ApiResult<Channel>): string {
  return JSON.stringify({ id, result } satisfies WireReply);
}

/** Serialises an event (server side). */
export function encodeEvent<E extends EventName>(event: E, payload: EventMap[E]): string {
  return JSON.stringify({ event, payload } satisfies WireEvent<E>);
}

/** Reads one server frame (client side); undefined for anything that is neither a reply nor an event. */
export function decodeServerMessage(text: string): WireServerMessage | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (typeof m.event === 'string' && 'payload' in m) return m as unknown as WireEvent;
  if ((typeof m.id === 'number' || m.id === null) && typeof m.result === 'object' && m.result !== null) {
    return m as unknown as WireReply;
  }
  return undefined;
}

/**
 * Terminal flow control (CONVENTIONS 7), the same over both transports. The host sends
 * onTermData in chunks of at most FLOW_CHUNK characters and stops once FLOW_HIGH_WATER
 * characters are unacknowledged; the client sends `term:ack { bytes }` with the total
 * `data.length` of the onTermData payloads it has written to its terminal since its last
 * ack (acking every FLOW_ACK_EVERY characters or so is enough); the host resumes once the
 * unacknowledged count falls to FLOW_LOW_WATER or below.
 */
export const FLOW_CHUNK = 100_000;
export const FLOW_HIGH_WATER = 400_000;
export const FLOW_LOW_WATER = 100_000;
export const FLOW_ACK_EVERY = 20_000;
