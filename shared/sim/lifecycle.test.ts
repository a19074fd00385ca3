import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from './create';
import { ENGINE_CONTROLLERS } from '../controllers/index';
import { defaultClusterSpec, parseCni, type CniSpec } from '../model/spec';
import { createEnv } from '../model/env';
import type { Deployment, KubeNode, Pod } from '../model/objects';

type Op = { kind: 'scale'; n: number } | { kind: 'delete'; i: number } | { kind: 'cordon'; node: number; on: boolean } | { kind: 'cni'; cni: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('scale' as const), n: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('delete' as const), i: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('cordon' as const), node: fc.integer({ min: 0, max: 3 }), on: fc.boolean() }),
  fc.record({ kind: fc.constant('cni' as const), cni: fc.constantFrom('flannel:vxlan', 'calico:ipip', 'calico:bgp', 'flannel:host-gw', 'bridge') }),
);

/** Random kubectl-like histories: nothing leaks, nothing is double-allocated. */
describe('pod lifecycle under random operations', () => {
  it('keeps namespaces, veths and IPAM in step with the running pods', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), fc.integer({ min: 0, max: 99 }), (ops, seed) => {
        const e = createEngine(defaultClusterSpec({ nodes: 4 }), createEnv(seed), { controllers: ENGINE_CONTROLLERS });
        for (const o of ops) {
          if (o.kind === 'scale') {
            const d = e.store.get<Deployment>('Deployment', 'default', 'web')!;
            d.spec.replicas = o.n;
            e.store.update(d);
          } else if (o.kind === 'delete') {
            const pods = e.store.list<Pod>('Pod');
            const p = pods[o.i % Math.max(1, pods.length)];
            if (p) e.store.delete('Pod', p.metadata.namespace, p.metadata.name);
          } else if (o.kind === 'cordon') {
            const n = e.store.get<KubeNode>('Node', undefined, `node-${o.node + 1}`)!;
            (n.spec as { unschedulable?: boolean }).unschedulable = o.on;
            e.store.update(n);
          } else e.setCni(parseCni(o.cni) as CniSpec);
        }
        const pods = e.store.list<Pod>('Pod');
        const running = pods.filter((p) => p.status?.phase === 'Running');
        // Every running pod has exactly one namespace; no namespace outlives its pod.
        const podNs = [...e.netns.keys()].filter((k) => k.startsWith('pod/')).sort();
        expect(podNs).toEqual(running.map((p) => `pod/${p.metadata.namespace}/${p.metadata.name}`).sort());
        // IPAM holds exactly the running pods' addresses (plus tunnel addresses).
        const used = Object.entries(e.cni!.state.ipam).flatMap(([, pool]) => Object.entries(pool.used).filter(([, who]) => who !== 'tunnel').map(([ip]) => ip)).sort();
        expect(used).toEqual(running.map((p) => p.status!.podIP!).sort());
        // Host-side veths match pods one to one.
        let veths = 0;
        for (const n of e.spec.nodes) veths += e.netns.get(`node/${n.name}`)!.links.filter((l) => l.kind === 'veth').length;
        expect(veths).toBe(running.length);
        // Pending pods are exactly those the scheduler could not place.
        for (const p of pods) if (p.status?.phase !== 'Running') expect(p.spec.nodeName).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
