/**
 * exchange(): a connection as an application experiences it — the request walked to
 * whoever answers, the listening app's reply walked back — summarised the way curl, dig
 * and the proxies need it: ok, the reply payload, or why it failed.
 */
import type { Engine } from '../engine';
import type { Payload } from '../../kernel/packet';
import type { ShellTarget } from '../../model/target';
import type { WalkRecord } from '../../api/walk';
import { walkDetailed } from './walk';

/** What a client asks for. */
export interface ExchangeRequest {
  from: ShellTarget;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  dport?: number;
  sport?: number;
  payload?: Payload;
  title?: string;
  /** Store the walk in the history (default true); a proxy's second leg passes false and hands its walk up. */
  record?: boolean;
}

/** Why a connection failed, in the categories clients report. */
export type ExchangeError = 'refused' | 'timeout' | 'no-route' | 'unreachable' | 'reset';

/** What the client got. */
export interface ExchangeResult {
  ok: boolean;
  reply?: Payload;
  error?: ExchangeError;
  /** One sentence: where and why it failed. */
  reason?: string;
  walks: WalkRecord[];
  /** Namespace id of the socket that answered (`pod/default/web-x`). */
  answeredBy?: string;
  /** Virtual time the exchange took (a timeout counts as nothing back: callers add their own wait). */
  elapsedMs: number;
  /** The client's own address and port as it sent them. */
  local?: { ip: string; port: number };
  /** The address that answered as the client saw it (after any un-NAT). */
  remote?: { ip: string; port: number };
}

/** Runs one request/reply exchange through the walker. */
export function exchange(engine: Engine, req: ExchangeRequest): ExchangeResult {
  const d = walkDetailed(engine, { ...req });
  const walks = [d.record];
  const elapsedMs = d.rttUs / 1000;
  const l4 = d.sent?.l4;
  const local = d.sent && l4 ? { ip: d.sent.ip.src, port: l4.kind === 'icmp' ? l4.id ?? 0 : l4.sport } : undefined;
  const base = { walks, elapsedMs, ...(local ? { local } : {}), ...(d.record.answeredBy ? { answeredBy: d.record.answeredBy } : {}) };
  const reason = d.record.dropReason;
  if (d.outcome === 'unroutable') return { ok: false, error: 'no-route', ...(reason ? { reason } : {}), ...base };
  if (d.outcome === 'silent') return { ok: false, error: 'timeout', ...(reason ? { reason } : {}), ...base };
  const got = d.received;
  const gl4 = got?.l4;
  const remote = got && gl4 && gl4.kind !== 'icmp' ? { remote: { ip: got.ip.src, port: gl4.sport } } : {};
  if (d.outcome === 'error') {
    const text = d.errorText ?? '';
    const error: ExchangeError = /reset/i.test(text) ? 'reset' : /Port Unreachable|refused/i.test(text) || gl4?.kind === 'tcp' ? 'refused' : 'unreachable';
    return { ok: false, error, reason: reason ?? text, ...base, ...remote };
  }
  return { ok: true, ...(got ? { reply: got.payload } : {}), ...base, ...remote };
}
