/**
 * Finds an element's IPv4 address in its details (the "trace to here" destination).
 */
import type { TopoNode } from '../../../shared/api/topology';

const IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})(?:\/\d+)?\b/;

/** The first address in keys that name one (ip, address, inet, clusterIP...), else any address. */
export function addressOf(n: TopoNode | null | undefined, children: TopoNode[] = []): string | null {
  for (const el of [n, ...children]) {
    if (!el?.details) continue;
    const entries = Object.entries(el.details);
    const named = entries.filter(([k]) => /ip|addr|inet/i.test(k) && !/mac|lladdr/i.test(k));
    for (const [, v] of [...named, ...entries]) {
      const m = IPV4.exec(v);
      if (m && !m[1]!.startsWith('127.')) return m[1]!;
    }
  }
  return null;
}
