/**
 * Why a drop happened, beyond where: when the CNI could not install a route (host-gw or
 * BGP next hops on another segment, recorded by the CNI runtime as rejections) and the
 * walk passed the node that lacks it towards that prefix, the drop reason says so.
 */
import type { Engine } from '../engine';
import type { Hop } from '../../api/walk';
import { inPrefix, ipToInt, parsePrefix } from './ip';

/** `reason`, extended with the CNI's explanation when a rejected route explains it. */
export function explainDrop(engine: Engine, hops: Hop[], dsts: string[], reason: string): string {
  const rejected = engine.cni?.state.rejected;
  if (!rejected?.length) return reason;
  const visited = new Set(hops.map((h) => h.netns));
  for (const r of rejected) {
    if (!visited.has(`node/${r.node}`)) continue;
    const p = parsePrefix(r.dst);
    if (p && dsts.some((d) => inPrefix(ipToInt(d), p))) return `${reason} — ${r.why}`;
  }
  return reason;
}
