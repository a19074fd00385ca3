/**
 * The seam between the packet walker and netfilter / conntrack / IPVS. The walker calls
 * these at the kernel's hook points without knowing what is behind them; the services
 * work plugs its evaluator in with setPacketHooks() and the walker never changes.
 */
import type { NetNS } from './netns';
import type { FlowTuple, Packet } from './packet';
import type { Origin } from './types';

export type NfHook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

export interface HookInput {
  hook: NfHook;
  packet: Packet;
  inDev?: string;
  outDev?: string;
}

/** One rule that matched, as the inspector shows it. */
export interface RuleHit {
  table: string;
  chain: string;
  /** 1-based, as `--line-numbers` shows it. */
  ruleNum: number;
  /** The rule in `iptables -S` form. */
  ruleText: string;
  target: string;
  /** Which controller wrote the rule, and for which object (provenance). */
  owner?: string;
  /** The rule's structured provenance, when its writer recorded one. */
  origin?: Origin;
  /** For `statistic --mode random`: the probability and what was drawn. */
  probability?: number;
}

export interface HookOutcome {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** The packet after this hook (DNAT, SNAT, MARK may have rewritten it). */
  packet: Packet;
  hits: RuleHit[];
  /** Rules evaluated, as the kernel would walk them. */
  evaluated: number;
  nat?: { kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT'; before: FlowTuple; after: FlowTuple };
  conntrack?: { state: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'REPLY'; entry?: string };
  /** For REJECT: what the sender sees (`icmp-port-unreachable`, `tcp-reset`). */
  rejectWith?: string;
  /** One sentence for the inspector when the verdict is not ACCEPT. */
  reason?: string;
}

/** IPVS at LOCAL_IN: a virtual service matched and a real server was chosen. */
export interface IpvsOutcome {
  packet: Packet;
  virtualService: string;
  realServer: string;
  scheduler: string;
  reason: string;
  /** Who wrote the virtual service (the Service) and the real server chosen (its EndpointSlice). */
  origins?: { virtual?: Origin; real?: Origin };
}

export interface PacketHooks {
  netfilter(ns: NetNS, input: HookInput): HookOutcome;
  ipvs(ns: NetNS, packet: Packet): IpvsOutcome | undefined;
}

/** Before the services work plugs in: an empty, working pipeline that accepts everything. */
export const passThroughHooks: PacketHooks = {
  netfilter: (_ns, input) => ({ verdict: 'ACCEPT', packet: input.packet, hits: [], evaluated: 0 }),
  ipvs: () => undefined,
};
