import { describe, expect, it } from 'vitest';
import { NetNS } from './netns';
import { mustAddLink } from './links';
import type { Link } from './types';

describe('NetNS link lookups', () => {
  it('stay right through renames, in-place replacement and new arrays', () => {
    const ns = new NetNS('node/t', 'node', 't');
    for (const name of ['lo', 'eth0', 'cni0']) mustAddLink(ns, { kind: 'ether', name, mac: '02:00:00:00:00:01', mtu: 1500, up: true });
    expect(ns.link('eth0')?.ifindex).toBe(2);
    ns.link('eth0')!.name = 'ens3';
    expect(ns.link('eth0')).toBeUndefined();
    expect(ns.link('ens3')?.ifindex).toBe(2);
    const other = { ...ns.links[2]!, name: 'br0', ifindex: 9 } as Link;
    ns.links[2] = other;
    expect(ns.link('cni0')).toBeUndefined();
    expect(ns.link('br0')).toBe(other);
    expect(ns.linkByIndex(9)).toBe(other);
    ns.links = ns.links.filter((l) => l.name !== 'lo');
    expect(ns.link('lo')).toBeUndefined();
    expect(ns.linkByIndex(2)?.name).toBe('ens3');
  });
});
