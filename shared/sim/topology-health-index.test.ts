import { describe, expect, it } from 'vitest';
import { createEngine } from './create';
import { createEnv } from '../model/env';
import { defaultClusterSpec } from '../model/spec';
import { runScript } from '../shell/script';
import { lookup } from '../kernel/routes';
import { formatIPv4 } from '../kernel/ip';
import { nsIndexes } from './topology-health-index';

describe('route health indexes', () => {
  it('look up routes exactly as the kernel FIB does (local first, longest prefix, lowest metric)', () => {
    const engine = createEngine(defaultClusterSpec({ cni: { plugin: 'calico', backend: 'ipip', ipipMode: 'Always' } }), createEnv(3));
    runScript({ engine, target: { kind: 'node', name: 'node-1' }, script: 'ip route add 10.244.0.0/16 dev eth0 metric 50\nip route add 10.244.0.0/16 dev eth0 metric 10\nip route add blackhole 10.9.0.0/16' });
    const idx = nsIndexes();
    for (const ns of engine.netns.values()) {
      const i = idx(ns);
      for (let n = 0; n < 4000; n++) {
        // A spread of addresses: pod blocks, nodes, services, the default route's world.
        const dst = ((n * 2654435761) >>> 0) % 4 === 0 ? (0x0af40000 + n * 37) >>> 0 : (n * 2654435761) >>> 0;
        expect(i.lookup(dst), `${ns.hostname} ${formatIPv4(dst)}`).toBe(lookup(ns, dst));
      }
    }
  });

  it('finds neighbours (not proxy entries) and FDB entries that name a remote VTEP', () => {
    const engine = createEngine(defaultClusterSpec(), createEnv(1));
    const ns = engine.netns.get('node/node-1')!;
    const i = nsIndexes()(ns);
    const peer = engine.cni!.state.nodes['node-2']!;
    expect(i.neigh(peer.tunnelIp!, 'flannel.1')).toMatchObject({ lladdr: peer.vtepMac, state: 'PERMANENT' });
    expect(i.neigh(peer.tunnelIp!, 'eth0')).toBeUndefined();
    expect(i.fdbDst(peer.vtepMac!, 'flannel.1')).toMatchObject({ dst: peer.ip });
  });
});
