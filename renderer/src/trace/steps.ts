/**
 * Flattens a walk into playback steps (request hops, then reply hops) and classifies each
 * as plain, encapsulated (outer headers present) or dropped, for the graph and the list.
 */
import type { Hop, WalkRecord } from '../../../shared/api/walk';

/** One playback step. */
export interface WalkStep {
  hop: Hop;
  dir: 'request' | 'reply';
  /** True when the packet travels inside an outer header here (VXLAN, IPIP, flannel UDP). */
  encapsulated: boolean;
  dropped: boolean;
}

const ENCAP_LAYERS = new Set(['VXLAN', 'IPIP', 'FlannelUDP']);

/** Whether the packet at this hop carries an encapsulation header. */
export function isEncapsulated(hop: Hop): boolean {
  return hop.layers.some((l) => ENCAP_LAYERS.has(l.name)) || hop.layers.some((l) => l.inner);
}

/** The steps of a walk in playback order. */
export function walkSteps(r: WalkRecord): WalkStep[] {
  const mk = (dir: WalkStep['dir']) => (hop: Hop): WalkStep => ({ hop, dir, encapsulated: isEncapsulated(hop), dropped: hop.stage === 'drop' });
  return [...r.hops.map(mk('request')), ...(r.replyHops ?? []).map(mk('reply'))];
}

/** The encapsulation's display tag ("VXLAN 8472", "IPIP", "UDP 8285"), or null; the port comes from the outer UDP header. */
export function encapTag(hop: Hop): string | null {
  const outerUdp = hop.layers.find((l) => l.name === 'UDP' && !l.inner);
  const port = outerUdp?.fields.find((f) => /^(dst|dport|destination)/i.test(f.name))?.value;
  const withPort = (name: string) => (port ? `${name} ${port}` : name);
  if (hop.layers.some((l) => l.name === 'VXLAN')) return withPort('VXLAN');
  if (hop.layers.some((l) => l.name === 'IPIP')) return 'IPIP';
  if (hop.layers.some((l) => l.name === 'FlannelUDP')) return withPort('UDP');
  return null;
}

/**
 * The tunnel edges an encapsulated packet rides at step `i`: those joining an element of the
 * stretch's encap hop to an element of its decap hop. Empty outside an encapsulated stretch.
 */
export function stretchEdges(steps: WalkStep[], i: number, edges: Array<{ id: string; kind: string; source: string; target: string }>): string[] {
  if (!steps[i]?.encapsulated && steps[i]?.hop.stage !== 'decap') return [];
  let a = i;
  while (a > 0 && steps[a]!.hop.stage !== 'encap' && steps[a - 1]!.encapsulated) a--;
  let b = i;
  while (b < steps.length - 1 && steps[b]!.hop.stage !== 'decap') b++;
  const from = new Set(steps[a]!.hop.elements);
  const to = new Set(steps[b]!.hop.elements);
  return edges.filter((e) => e.kind === 'tunnel' && ((from.has(e.source) && to.has(e.target)) || (from.has(e.target) && to.has(e.source)))).map((e) => e.id);
}
