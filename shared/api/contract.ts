/**
 * The one typed contract between the main process and the renderer (CONVENTIONS 1).
 * Requests: channel → request schema → response type. Events: main → renderer.
 * Both transports (Electron ipc and the WebSocket bridge) validate every request with
 * these schemas at the boundary and answer a malformed one with an ApiError.
 */
import { z } from 'zod';
import type { TopologySnapshot } from './topology';
import type { WalkRecord, WalkSummary } from './walk';
import { labRequestSchemas, type LabResponseMap, type LabStateView } from './labs';
import type { ModeDiff, Mentions } from './inspect';

export const shellTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('node'), name: z.string().min(1).max(253) }),
  z.object({
    kind: z.literal('pod'),
    namespace: z.string().min(1).max(253),
    name: z.string().min(1).max(253),
    container: z.string().min(1).max(253).optional(),
  }),
  z.object({ kind: z.literal('external') }),
]);

const termId = z.string().min(1).max(64);

export const sessionConfigSchema = z.object({
  nodes: z.number().int().min(1).max(250).optional(),
  segments: z.number().int().min(1).max(16).optional(),
  cni: z.string().max(32).optional(),
  proxyMode: z.enum(['iptables', 'ipvs', 'userspace']).optional(),
  seed: z.number().int().min(0).max(2 ** 31).optional(),
  workloads: z.enum(['default', 'none']).optional(),
});

/** Request schemas, by channel (`domain:verb`). */
export const requestSchemas = {
  'session:info': z.object({}),
  'session:reset': sessionConfigSchema,
  'topology:get': z.object({}),
  /** The last CNI / kube-proxy switch's diff; `machines` picks whose hunks to send (the first 3 when absent). */
  'session:diff': z.object({ machines: z.array(z.string().min(1).max(253)).max(250).optional() }),
  /** Routes, neighbours, FDB, iptables and IPVS lines that mention a topology element. */
  'topology:mentions': z.object({ id: z.string().min(1).max(600) }),
  'term:open': z.object({ target: shellTargetSchema, cols: z.number().int().min(2).max(1000).optional(), rows: z.number().int().min(2).max(1000).optional() }),
  'term:write': z.object({ termId, data: z.string().max(1_000_000) }),
  'term:resize': z.object({ termId, cols: z.number().int().min(2).max(1000), rows: z.number().int().min(2).max(1000) }),
  'term:ack': z.object({ termId, bytes: z.number().int().min(0) }),
  'term:close': z.object({ termId }),
  'walk:list': z.object({}),
  'walk:get': z.object({ id: z.string().min(1).max(64) }),
  'walk:trace': z.object({
    from: shellTargetSchema,
    dst: z.string().min(1).max(253),
    proto: z.enum(['tcp', 'udp', 'icmp']),
    dport: z.number().int().min(1).max(65535).optional(),
  }),
  ...labRequestSchemas,
} as const;

export type Channel = keyof typeof requestSchemas;
export type RequestOf<C extends Channel> = z.infer<(typeof requestSchemas)[C]>;

export interface SessionInfo {
  cni: string;
  proxyMode: string;
  seed: number;
  nodes: string[];
  version: string;
}

/** Response types, by channel (the lab:* ones live in ./labs). */
export interface ResponseMap extends LabResponseMap {
  'session:info': SessionInfo;
  'session:reset': SessionInfo;
  'topology:get': TopologySnapshot;
  /** null when the last reset did not change the CNI or the proxy mode. */
  'session:diff': ModeDiff | null;
  'topology:mentions': Mentions;
  'term:open': { termId: string; title: string };
  'term:write': void;
  'term:resize': void;
  'term:ack': void;
  'term:close': void;
  'walk:list': WalkSummary[];
  'walk:get': WalkRecord;
  'walk:trace': WalkRecord;
}

/** Events, main → renderer. */
export interface EventMap {
  onTermData: { termId: string; data: string };
  onTermExit: { termId: string; code: number };
  onTopologyChanged: TopologySnapshot;
  onWalk: WalkRecord;
  /** The open lab changed (a check turned green, a step unlocked, a hot reload). */
  onLabState: LabStateView;
}
export type EventName = keyof EventMap;

/** Errors cross the api as data (CONVENTIONS 8). */
export interface ApiError {
  code: 'BadRequest' | 'NotFound' | 'Internal' | 'Forbidden';
  message: string;
}

export type ApiResult<C extends Channel> = { ok: true; value: ResponseMap[C] } | { ok: false; error: ApiError };

/** Validates a request; returns a BadRequest error that says which field was wrong. */
export function parseRequest<C extends Channel>(channel: string, payload: unknown): { ok: true; channel: C; value: RequestOf<C> } | { ok: false; error: ApiError } {
  if (!Object.prototype.hasOwnProperty.call(requestSchemas, channel)) {
    return { ok: false, error: { code: 'BadRequest', message: `unknown channel "${String(channel).slice(0, 64)}"` } };
  }
  const r = requestSchemas[channel as Channel].safeParse(payload);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'payload';
    return { ok: false, error: { code: 'BadRequest', message: `${channel}: ${where}: ${issue?.message ?? 'invalid'}` } };
  }
  return { ok: true, channel: channel as C, value: r.data as RequestOf<C> };
}

/** The client interface the renderer talks to; the preload bridge and the WebSocket both implement it. */
export interface NetlabApi {
  request<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseMap[C]>;
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
}
