/**
 * The hop recorder: every decision the walker makes becomes one Hop with the packet as
 * it is at that point, plus a capture (for tcpdump) whenever a packet crosses a device.
 */
import type { NetNS } from '../../kernel/netns';
import type { Packet } from '../../kernel/packet';
import type { Hop, HopStage, WalkLayer } from '../../api/walk';
import { layersOf, markChanges } from './layers';

/** A packet seen on a device, as tcpdump on that device would see it. */
export interface Capture {
  /** Virtual time in microseconds since the epoch. */
  atUs: number;
  netns: string;
  device: string;
  direction: 'in' | 'out';
  packet: Packet;
  walkId: string;
  /** Set on the packets of an answered TCP walk: tcpdump shows the whole conversation (tcpflow.ts). */
  tcp?: { client: boolean; roundUs: number; reqLen: number; resLen: number };
  /** Seen only by a capture in promiscuous mode (a bridge forwarding between ports): not counted on the link. */
  promisc?: boolean;
}

/** The owner part of topology ids: `node-1`, `default/web-x`, `router`, `external`. */
export function ownerOf(ns: NetNS): string {
  return ns.kind === 'node' ? ns.id.slice('node/'.length) : ns.kind === 'pod' ? ns.id.slice('pod/'.length) : ns.id;
}

/** Topology element ids for a namespace and device (shared/sim/topology.ts conventions). */
export function elementsFor(ns: NetNS, device?: string): string[] {
  const owner = ownerOf(ns);
  const host = ns.kind === 'node' ? `node:${owner}` : ns.kind === 'pod' ? `pod:${owner}` : ns.id;
  return device ? [host, `if:${owner}:${device}`] : [host];
}

/** Per-stage latency in microseconds: what the virtual clock charges for each hop. */
const COST_US: Partial<Record<HopStage, number>> = { underlay: 180, encap: 12, decap: 10, bridge: 4, proxy: 40, deliver: 8, socket: 6 };

/** Collects the hops of one direction of a walk and the captures they produce. */
export class HopRecorder {
  readonly hops: Hop[] = [];
  private prev: WalkLayer[] | undefined;
  private prevPacket: Packet | undefined;
  /** Edges crossed since the last hop (a veth), shown with the next hop. */
  private carried: string[] = [];
  /** Elapsed virtual time in this direction, microseconds. */
  elapsedUs = 0;

  constructor(
    private readonly walkId: string,
    private readonly startUs: number,
    private readonly captures: Capture[],
  ) {}

  /** Records one hop; `extra` carries route/neigh/fdb/rules/nat details. */
  add(ns: NetNS, stage: HopStage, direction: Hop['direction'], device: string | undefined, summary: string, packet: Packet, extra: Partial<Hop> = {}): Hop {
    this.elapsedUs += COST_US[stage] ?? 2;
    // Consecutive hops often see the very same packet object: reuse its layers (nothing changed).
    let layers: WalkLayer[];
    if (packet === this.prevPacket && this.prev) layers = this.prev;
    else {
      const raw = layersOf(packet);
      layers = markChanges(raw, this.prev);
      this.prev = raw;
      this.prevPacket = packet;
    }
    const hop: Hop = {
      seq: this.hops.length,
      netns: ns.id,
      host: ns.hostname,
      ...(device !== undefined ? { device } : {}),
      direction,
      stage,
      summary,
      layers,
      elements: elementsFor(ns, device),
      ...extra,
    };
    if (this.carried.length) {
      hop.elements = [...this.carried, ...hop.elements];
      this.carried = [];
    }
    this.hops.push(hop);
    return hop;
  }

  /** Topology ids (an edge just crossed) to highlight with the next recorded hop. */
  carry(...ids: string[]): void {
    this.carried.push(...ids);
  }

  /** Records that `packet` crossed `device` of `ns` (what tcpdump -i device sees). */
  capture(ns: NetNS, device: string, direction: 'in' | 'out', packet: Packet, promisc = false): void {
    this.captures.push({ atUs: this.startUs + this.elapsedUs, netns: ns.id, device, direction, packet, walkId: this.walkId, ...(promisc ? { promisc } : {}) });
  }
}
