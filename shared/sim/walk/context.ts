/**
 * What one direction of a walk carries along: the engine, the hop recorder, a step
 * budget against routing loops, and how that direction ended.
 */
import type { Engine } from '../engine';
import type { NetNS } from '../../kernel/netns';
import type { Packet } from '../../kernel/packet';
import type { Link } from '../../kernel/types';
import type { HopRecorder } from './record';

/** The step budget: a routing loop ends as a drop instead of a stack overflow. */
export const MAX_STEPS = 400;

export interface CarryCtx {
  engine: Engine;
  rec: HopRecorder;
  steps: number;
  /** Next IP id for packets the walker builds (ICMP errors, encapsulation). */
  nextIpId(): number;
}

/** An ICMP error (or TCP RST) the kernel sends back to the packet's source. */
export interface ErrorReply {
  /** Where it is generated. */
  ns: NetNS;
  packet: Packet;
  /** How ping / traceroute word it: `Destination Host Unreachable`, `Time to live exceeded`... */
  text: string;
  /** Generated in the sender's own namespace: reported to the socket directly, no walk back. */
  local: boolean;
}

/** How one direction of a walk ended. */
export type CarryEnd =
  | { kind: 'delivered'; ns: NetNS; link: Link | undefined; packet: Packet }
  | { kind: 'dropped'; reason: string; ns: NetNS; error?: ErrorReply }
  | { kind: 'rejected'; reason: string; ns: NetNS; error?: ErrorReply }
  /** The sender had no route at all: the socket call itself fails (`connect: Network is unreachable`). */
  | { kind: 'unroutable'; reason: string; ns: NetNS };

/** Counts a step; returns a drop when the budget is spent. */
export function step(ctx: CarryCtx, ns: NetNS): CarryEnd | undefined {
  ctx.steps++;
  if (ctx.steps > MAX_STEPS) return { kind: 'dropped', reason: `routing loop: gave up after ${MAX_STEPS} steps (last at ${ns.hostname})`, ns };
  return undefined;
}
