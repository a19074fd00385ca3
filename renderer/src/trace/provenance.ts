/**
 * Resolves a hop's provenance to the graph: each entry names the object that produced the
 * route, rule or entry (kind + namespace/name), which maps to one topology id. Records
 * from before provenance was structured carry one free-text string; for those the old
 * name matching is kept as a fallback.
 */
import type { TopoNode } from '../../../shared/api/topology';
import type { Hop, Provenance, ProvenanceObject } from '../../../shared/api/walk';

/** The topology id of a provenance object (shared/sim/topology.ts, topology-overlay.ts). */
export function objectElementId(o: ProvenanceObject): string | undefined {
  const ns = o.namespace ?? 'default';
  switch (o.kind) {
    case 'Service': return `svc:${ns}/${o.name}`;
    // The graph draws Services, not their slices: an EndpointSlice links to its Service.
    case 'EndpointSlice': return o.service ? `svc:${ns}/${o.service}` : undefined;
    case 'NetworkPolicy': return `netpol:${ns}/${o.name}`;
    case 'Ingress': return `ing:${ns}/${o.name}`;
    case 'Pod': return `pod:${ns}/${o.name}`;
    case 'Node': return `node:${o.name}`;
    default: return undefined;
  }
}

/** The hop's provenance entries; an old free-text provenance becomes one entry without an object. */
export function hopProvenance(h: Hop): Provenance[] {
  const p = h.provenance as Provenance[] | string | undefined;
  if (!p) return [];
  if (typeof p === 'string') return [{ what: '', controller: p, text: p }];
  return p;
}

/** Graph ids one entry links to: its object's element when the graph has it, else names found in free text. */
export function entryTargets(p: Provenance, byId: ReadonlyMap<string, TopoNode>, nodes: TopoNode[]): string[] {
  if (p.object) {
    const id = objectElementId(p.object);
    return id && byId.has(id) ? [id] : [];
  }
  return p.what ? [] : provenanceTargets(p.text, nodes);
}

/** The graph element of the pod the entry's controller runs in, when the graph shows it. */
export function controllerTarget(p: Provenance, byId: ReadonlyMap<string, TopoNode>): string | undefined {
  if (!p.controllerPod) return undefined;
  const id = `pod:${p.controllerPod.namespace}/${p.controllerPod.name}`;
  return byId.has(id) ? id : undefined;
}

const LINKABLE = new Set(['service', 'ingress', 'policy', 'node', 'pod', 'tunnel', 'bridge']);

/** Fallback for free text: ids of the elements named in `text`, longest name first (so "web-2" beats "web"). */
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
