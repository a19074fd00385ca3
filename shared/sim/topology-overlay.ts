/**
 * The service overlay of the topology: Services, Ingresses and NetworkPolicies as their
 * own elements, linked (`selects`) to what they pick — a Service to the pods its selector
 * matches, an Ingress to the Services its rules route to, a policy to the pods it governs.
 * The window draws them as a layer the learner can toggle.
 */
import type { TopoEdge, TopoNode } from '../api/topology';
import type { Engine } from './engine';
import { mapSelectorMatches, selectorMatches, type KubeObject, type LabelSelector, type Pod, type Service } from '../model/objects';

/** Kinds whose changes redraw the overlay. */
export const OVERLAY_KINDS = ['Service', 'Ingress', 'NetworkPolicy'];

interface IngressLike extends KubeObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: { service?: { name: string } };
    rules?: { host?: string; http?: { paths?: { path?: string; backend?: { service?: { name: string } } }[] } }[];
  };
}

interface PolicyLike extends KubeObject {
  spec?: { podSelector?: LabelSelector; policyTypes?: string[] };
}

function servicePorts(svc: Service): string {
  return (svc.spec.ports ?? []).map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

export function overlayElements(engine: Engine, pods: Pod[]): { nodes: TopoNode[]; edges: TopoEdge[] } {
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const podsIn = (ns: string) => pods.filter((p) => (p.metadata.namespace ?? 'default') === ns);

  for (const svc of engine.store.list<Service>('Service')) {
    const ns = svc.metadata.namespace ?? 'default';
    const id = `svc:${ns}/${svc.metadata.name}`;
    const type = svc.spec.type ?? 'ClusterIP';
    const lb = svc.status?.loadBalancer?.ingress?.map((i) => i.ip ?? i.hostname).join(',');
    nodes.push({
      id, kind: 'service', label: `${svc.metadata.name} ${svc.spec.clusterIP ?? ''}`.trim(),
      details: {
        namespace: ns, type, clusterIP: svc.spec.clusterIP ?? '', ports: servicePorts(svc),
        ...(lb ? { loadBalancer: lb } : {}),
        ...(svc.spec.externalTrafficPolicy ? { externalTrafficPolicy: svc.spec.externalTrafficPolicy } : {}),
        selector: Object.entries(svc.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>',
      },
    });
    for (const p of podsIn(ns)) {
      if (mapSelectorMatches(svc.spec.selector, p.metadata.labels)) {
        edges.push({ id: `selects:${id}:${p.metadata.name}`, kind: 'selects', source: id, target: `pod:${ns}/${p.metadata.name}` });
      }
    }
  }

  for (const ing of engine.store.list<IngressLike>('Ingress')) {
    const ns = ing.metadata.namespace ?? 'default';
    const id = `ing:${ns}/${ing.metadata.name}`;
    const hosts = (ing.spec?.rules ?? []).map((r) => r.host ?? '*');
    nodes.push({ id, kind: 'ingress', label: ing.metadata.name, details: { namespace: ns, class: ing.spec?.ingressClassName ?? '<none>', hosts: hosts.join(',') || '*' } });
    const backends = new Set<string>();
    if (ing.spec?.defaultBackend?.service) backends.add(ing.spec.defaultBackend.service.name);
    for (const r of ing.spec?.rules ?? []) for (const p of r.http?.paths ?? []) if (p.backend?.service) backends.add(p.backend.service.name);
    for (const b of [...backends].sort()) edges.push({ id: `selects:${id}:${b}`, kind: 'selects', source: id, target: `svc:${ns}/${b}` });
  }

  for (const pol of engine.store.list<PolicyLike>('NetworkPolicy')) {
    const ns = pol.metadata.namespace ?? 'default';
    const id = `netpol:${ns}/${pol.metadata.name}`;
    nodes.push({ id, kind: 'policy', label: pol.metadata.name, details: { namespace: ns, policyTypes: (pol.spec?.policyTypes ?? ['Ingress']).join(',') } });
    const sel = pol.spec?.podSelector ?? {};
    const all = !sel.matchLabels && !sel.matchExpressions;
    for (const p of podsIn(ns)) {
      if (all || selectorMatches(sel, p.metadata.labels)) edges.push({ id: `selects:${id}:${p.metadata.name}`, kind: 'selects', source: id, target: `pod:${ns}/${p.metadata.name}` });
    }
  }
  // An edge to an element that is not drawn would break the graph: keep only resolvable ones.
  const known = new Set([...nodes.map((n) => n.id), ...pods.map((p) => `pod:${p.metadata.namespace ?? 'default'}/${p.metadata.name}`)]);
  return { nodes, edges: edges.filter((e) => known.has(e.source) && known.has(e.target)) };
}
