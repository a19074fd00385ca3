import { describe, expect, it } from 'vitest';
import { provenanceTargets } from './provenance';
import type { TopoNode } from '../../../shared/api/topology';

const nodes: TopoNode[] = [
  { id: 'svc/default/web', kind: 'service', label: 'web' },
  { id: 'svc/default/web-2', kind: 'service', label: 'web-2' },
  { id: 'node/node-1', kind: 'node', label: 'node-1' },
  { id: 'if/node-1/eth0', kind: 'iface', label: 'eth0', parent: 'node/node-1' },
];

describe('provenanceTargets', () => {
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
