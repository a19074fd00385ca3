import { describe, expect, it } from 'vitest';
import { controllerTarget, entryTargets, hopProvenance, objectElementId, provenanceTargets } from './provenance';
import type { TopoNode } from '../../../shared/api/topology';
import { droppedCurl, vxlanPing } from '../test/walkFixture';

const nodes: TopoNode[] = [
  { id: 'svc/default/web', kind: 'service', label: 'web' },
  { id: 'svc/default/web-2', kind: 'service', label: 'web-2' },
  { id: 'node/node-1', kind: 'node', label: 'node-1' },
  { id: 'if/node-1/eth0', kind: 'iface', label: 'eth0', parent: 'node/node-1' },
];

describe('objectElementId', () => {
  it('maps each kind to the topology id the graph uses', () => {
    expect(objectElementId({ kind: 'Service', namespace: 'default', name: 'web' })).toBe('svc:default/web');
    expect(objectElementId({ kind: 'EndpointSlice', namespace: 'default', name: 'web-x1y2z', service: 'web' })).toBe('svc:default/web');
    expect(objectElementId({ kind: 'NetworkPolicy', namespace: 'prod', name: 'deny' })).toBe('netpol:prod/deny');
    expect(objectElementId({ kind: 'Ingress', namespace: 'default', name: 'shop' })).toBe('ing:default/shop');
    expect(objectElementId({ kind: 'Pod', namespace: 'default', name: 'client' })).toBe('pod:default/client');
    expect(objectElementId({ kind: 'Node', name: 'node-2' })).toBe('node:node-2');
  });
  it('has no element for a slice without its Service, or a kind the graph does not draw', () => {
    expect(objectElementId({ kind: 'EndpointSlice', namespace: 'default', name: 'web-x1y2z' })).toBeUndefined();
    expect(objectElementId({ kind: 'GlobalNetworkPolicy', name: 'deny-all' })).toBeUndefined();
  });
});

describe('entryTargets', () => {
  const graph: TopoNode[] = [{ id: 'svc:default/web', kind: 'service', label: 'web' }, { id: 'node:node-2', kind: 'node', label: 'node-2' }];
  const byId = new Map(graph.map((n) => [n.id, n]));
  it('links an entry to its object when the graph shows it', () => {
    expect(entryTargets(vxlanPing.hops[2]!.provenance![0]!, byId, graph)).toEqual(['node:node-2']);
    expect(droppedCurl.hops[1]!.provenance!.map((p) => entryTargets(p, byId, graph))).toEqual([['svc:default/web'], ['svc:default/web']]);
  });
  it('does not link an object the graph does not have', () => {
    expect(entryTargets(droppedCurl.hops[2]!.provenance![0]!, byId, graph)).toEqual([]);
  });
  it('falls back to name matching for an old free-text provenance', () => {
    const [old] = hopProvenance({ ...vxlanPing.hops[2]!, provenance: 'flanneld lease of node-2' as never });
    expect(old).toEqual({ what: '', controller: 'flanneld lease of node-2', text: 'flanneld lease of node-2' });
    expect(entryTargets(old!, byId, graph)).toEqual(['node:node-2']);
  });
});

describe('controllerTarget', () => {
  it('is the pod the controller runs in, when the graph has it', () => {
    const p = droppedCurl.hops[1]!.provenance![0]!;
    const pod: TopoNode = { id: 'pod:kube-system/kube-proxy-n5r8t', kind: 'pod', label: 'kube-proxy-n5r8t' };
    expect(controllerTarget(p, new Map([[pod.id, pod]]))).toBe('pod:kube-system/kube-proxy-n5r8t');
    expect(controllerTarget(p, new Map())).toBeUndefined();
    expect(controllerTarget(droppedCurl.hops[1]!.provenance![1]!, new Map([[pod.id, pod]]))).toBeUndefined();
  });
});

describe('provenanceTargets (free-text fallback)', () => {
  it('finds the service a rule came from', () => {
    expect(provenanceTargets('Service default/web (kube-proxy)', nodes)).toEqual(['svc/default/web']);
  });
  it('prefers the longest name', () => {
    expect(provenanceTargets('Service default/web-2 via kube-proxy', nodes)).toEqual(['svc/default/web-2']);
  });
  it('does not match inside other words and ignores interfaces', () => {
    expect(provenanceTargets('webhook eth0', nodes)).toEqual([]);
  });
  it('links node leases', () => {
    expect(provenanceTargets('flanneld lease of node-1', nodes)).toEqual(['node/node-1']);
  });
});
