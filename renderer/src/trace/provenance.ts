/**
 * Resolves a hop's provenance text ("Service default/web via kube-proxy") to the graph
 * elements it names, so clicking it highlights the object that produced the rule.
 */
import type { TopoNode } from '../../../shared/api/topology';

const LINKABLE = new Set(['service', 'ingress', 'policy', 'node', 'pod', 'tunnel', 'bridge']);

/** Ids of the elements named in `text`, longest name first (so "web-2" beats "web"). */
export function provenanceTargets(text: string, nodes: TopoNode[]): string[] {
  const hay = ` ${text} `;
  const hits: Array<{ id: string; len: number }> = [];
  for (const n of nodes) {
    if (!LINKABLE.has(n.kind)) continue;
    for (const name of [n.id, n.label]) {
      if (!name) continue;
      const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(^|[\\s/(:,"'])${esc}($|[\\s)/:,"'.])`).test(hay)) { hits.push({ id: n.id, len: name.length }); break; }
    }
  }
  hits.sort((a, b) => b.len - a.len);
  const best = hits[0]?.len ?? 0;
  return hits.filter((h) => h.len === best).map((h) => h.id);
}
