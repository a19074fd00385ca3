import { describe, expect, it } from 'vitest';
import type { Packet } from '../../kernel/packet';
import { layersOf, markChanges } from './layers';

const inner: Packet = { eth: { src: 'aa', dst: 'bb' }, ip: { src: '10.244.1.2', dst: '10.244.2.3', ttl: 63, proto: 'icmp', id: 7 }, l4: { kind: 'icmp', type: 8, code: 0, id: 1, seq: 1 }, payload: { kind: 'none' }, mark: 0, length: 84 };

describe('layers', () => {
  it('lists outer headers first and marks the encapsulated ones inner', () => {
    const outer: Packet = { ip: { src: '192.168.56.12', dst: '192.168.56.13', ttl: 64, proto: 'udp', id: 1 }, l4: { kind: 'udp', sport: 40000, dport: 8472 }, payload: { kind: 'vxlan', vni: 1, inner }, mark: 0, length: 134 };
    const ls = layersOf(outer);
    expect(ls.map((l) => `${l.inner ? '  ' : ''}${l.name}`)).toEqual(['IPv4', 'UDP', 'VXLAN', '  Ethernet', '  IPv4', '  ICMP']);
    expect(ls[4]!.fields.find((f) => f.name === 'ttl')!.value).toBe('63');
  });
  it('marks what changed since the previous hop (TTL, MACs), nothing else', () => {
    const next: Packet = { ...inner, eth: { src: 'cc', dst: 'dd' }, ip: { ...inner.ip, ttl: 62 } };
    const marked = markChanges(layersOf(next), layersOf(inner));
    const changed = marked.flatMap((l) => l.fields.filter((f) => f.changed).map((f) => `${l.name}.${f.name}`));
    expect(changed).toEqual(['Ethernet.src', 'Ethernet.dst', 'IPv4.ttl']);
  });
  it('pairs layers by name when the structure differs (decapsulation)', () => {
    const outer: Packet = { ip: { src: '192.168.56.12', dst: '192.168.56.13', ttl: 64, proto: 'ipip', id: 1 }, payload: { kind: 'ipip', inner }, mark: 0, length: 104 };
    const marked = markChanges(layersOf(inner), layersOf(outer));
    expect(marked.find((l) => l.name === 'IPv4')!.fields.filter((f) => f.changed).map((f) => f.name)).toEqual(['src', 'dst', 'ttl', 'proto', 'id']);
  });
});
