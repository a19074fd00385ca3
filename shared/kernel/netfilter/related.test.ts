import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { runScript } from '../../shell/script';

/** Hop addresses of a `traceroute -n` output. */
const hops = (out: string) =>
  out
    .split('\n')
    .slice(1)
    .map((l) => /^\s*\d+\s+(\S+)/.exec(l)?.[1])
    .filter(Boolean);

describe('ICMP errors are RELATED to their flow', () => {
  it('are not masqueraded on the way back (traceroute through host-gw sees the pod)', () => {
    const engine = createEngine(defaultClusterSpec({ cni: { plugin: 'flannel', backend: 'host-gw' } }), createEnv(1));
    const pod = engine.store.list<any>('Pod', 'default').find((p) => p.spec.nodeName === 'node-2' && p.metadata.name.startsWith('web-'))!;
    const r = runScript({ engine, target: { kind: 'node', name: 'node-1' }, script: `traceroute -n -q 1 -m 4 ${pod.status.podIP}` });
    // The kernel checked this: `1 192.168.56.12` then the pod itself (conformance/ flannel-host-gw).
    expect(hops(r.output)).toEqual(['192.168.56.12', pod.status.podIP]);
  });
});
