import { describe, expect, it } from 'vitest';
import type { Service } from '../../model/objects';
import { cluster, node, run } from '../../controllers/kube-proxy/testkit';

describe('IPVS mode: a node connecting to a ClusterIP (QA F8)', () => {
  it('one connection is one conntrack entry, and a local endpoint sees the cni0 address after MASQUERADE', () => {
    const e = cluster({ proxyMode: 'ipvs' });
    const vip = e.store.get<Service>('Service', 'default', 'web')!.spec.clusterIP!;
    const first = run(e, node('node-2'), `curl -s ${vip}`);
    expect(first.code).toBe(0);
    // The first pick (seed 1) is a pod on node-2: MASQUERADE chose cni0's address, not eth0's.
    expect(first.out).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} \(client 10\.244\.1\.1:\d+\)\n$/);
    const sport = /:(\d+)\)/.exec(first.out)![1];
    const ct = run(e, node('node-2'), 'conntrack -L -p tcp');
    const lines = ct.out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^tcp      6 120 TIME_WAIT src=${vip} dst=${vip} sport=${sport} dport=80 src=10\\.244\\.1\\.\\d+ dst=10\\.244\\.1\\.1 sport=80 dport=${sport} \\[ASSURED\\] mark=0 use=1$`),
    );
    expect(ct.err).toBe('conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n');
    expect(ct.out).not.toContain('UNREPLIED');
  });
});
