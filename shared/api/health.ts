/**
 * Why a pair of nodes' pod network is broken, as a code and its values, so the window can
 * word it in the learner's language (renderer i18n `healthWhy.<code>`, same placeholders). The
 * English templates here are the engine's own text (`TopoEdge.reason`, tests, the CLI) and
 * the window's English messages; the codes are part of the api the window relies on.
 */
import type { HealthWhy as ApiHealthWhy } from './topology';

/** The English sentence of each reason; `{name}` is filled from the params. */
export const HEALTH_EN = {
  bgpDown: 'the BGP session {a} ↔ {b} is down, so {a} has not learned {subnet}',
  bgpSessionDown: 'the BGP session {a} ↔ {b} is down',
  devDown: '{dev} on {node} is down',
  devDownRoutesGone: '{dev} on {node} is down, and the kernel removed its routes',
  noDevice: '{node} has no {dev} device',
  hostGwSegments: 'flannel host-gw needs every node on one L2 segment: {b} ({bip}) is on {bseg}, not {aseg}, so {a} cannot route {subnet} via it',
  bgpNextHop: "BIRD cannot install {subnet} via {bip}: {b} is on {bseg}, not on {a}'s segment {aseg}, so the BGP next hop is not directly reachable (use IPIP or VXLAN across subnets)",
  noRoute: '{a} has no route to {subnet}',
  nonUnicast: "{a} has a {type} route for {dst}, so it drops {b}'s pod traffic",
  followsOther: '{a} has no route to {subnet}: the packet would follow "{route}"',
  followsOtherDev: '{a} has no route to {subnet} via {dev}: the packet would follow "{route}"',
  wrongVtep: "{a} routes {subnet} via {via}, not {b}'s VTEP {want}",
  wrongNodeIp: "{a} routes {subnet} via {via}, not {b}'s node IP {want}",
  noGatewayVtep: "{a} routes {subnet} via no gateway, not {b}'s VTEP {want}",
  noGatewayNodeIp: "{a} routes {subnet} via no gateway, not {b}'s node IP {want}",
  noLease: 'flanneld on {a} has no lease for {subnet}',
  noUnderlayRoute: "{a} has no route to {b}'s node IP {bip}",
  noNeigh: '{a} has no neighbour entry for {via} on {dev} (nolearning VXLAN cannot ARP for it)',
  wrongNeigh: "{a}'s neighbour {via} on {dev} is {mac}, but {b}'s {dev} is {remote}",
  noFdb: '{a} has no FDB entry for {mac} on {dev}',
  wrongFdb: "{a}'s FDB entry for {mac} sends to {dst}, not {b} ({bip})",
} as const;

export type HealthCode = keyof typeof HEALTH_EN;

/** One reason (shared/api/topology.ts), with a code this file words. */
export interface HealthWhy extends ApiHealthWhy {
  code: HealthCode;
}

/** A reason (code and values). */
export function why(code: HealthCode, params: Record<string, string>): HealthWhy {
  return { code, params };
}

/** The English sentence of a reason, with its direction in front when it has one. */
export function whyText(w: HealthWhy): string {
  const text = HEALTH_EN[w.code].replace(/\{(\w+)\}/g, (_, k: string) => w.params[k] ?? `{${k}}`);
  return w.from && w.to ? `${w.from} → ${w.to}: ${text}` : text;
}
