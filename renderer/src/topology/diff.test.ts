import { describe, expect, it } from 'vitest';
import { linkDiff } from './diff';
import type { TopologySnapshot } from '../../../shared/api/topology';

const snap = (cni: string, links: Array<[string, string, string, string?]>): TopologySnapshot => ({
  version: 1, cni, proxyMode: 'iptables', edges: [],
  nodes: [{ id: 'node:node-1', kind: 'node', label: 'node-1' }, ...links.map(([label, kind, linkKind, addr]) => ({ id: `if:node-1:${label}`, kind: kind as 'iface', label, parent: 'node:node-1', details: { kind: linkKind, ...(addr ? { addresses: addr } : {}) } }))],
});

describe('linkDiff', () => {
  it('shows what a flannel → calico switch did to a machine\'s links', () => {
    const before = snap('flannel:vxlan', [['eth0', 'iface', 'ether', '192.168.56.11/24'], ['flannel.1', 'tunnel', 'vxlan', '10.244.0.0/32'], ['cni0', 'bridge', 'bridge', '10.244.0.1/24'], ['veth1a', 'iface', 'veth'], ['veth2b', 'iface', 'veth']]);
    const after = snap('calico:ipip', [['eth0', 'iface', 'ether', '192.168.56.11/24'], ['tunl0', 'tunnel', 'ipip', '10.244.134.0/32'], ['cali1', 'iface', 'veth']]);
    expect(linkDiff(before, after)).toEqual([{ machine: 'node-1', changed: true, lines: [
      '- cni0 bridge 10.244.0.1/24',
      '  eth0 ether 192.168.56.11/24',
      '- flannel.1 vxlan 10.244.0.0/32',
      '+ tunl0 ipip 10.244.134.0/32',
      '+ veth × 1',
      '- veth × 2',
    ] }]);
  });
  it('marks an unchanged machine as such', () => {
    const s = snap('x', [['eth0', 'iface', 'ether']]);
    expect(linkDiff(s, s)).toEqual([{ machine: 'node-1', changed: false, lines: ['  eth0 ether'] }]);
  });
});
