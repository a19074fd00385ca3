/**
 * Property tests: for random small topologies (nodes, segments, backends) every pod
 * reaches every pod under every backend that can work there, and host-gw / plain BGP
 * across segments fail with a reason that names the segment problem.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec, parseCni, type CniSpec } from '../../model/spec';
import type { Pod } from '../../model/objects';
import { buildKit, addrOf } from './testkit';
import { walkDetailed } from './walk';

const BACKENDS = ['flannel:vxlan', 'flannel:udp', 'flannel:host-gw', 'calico:bgp', 'calico:ipip', 'calico:vxlan'] as const;
/** Backends whose node-to-node hop is plain L2 routing: they need the peer on the same segment. */
const NEEDS_L2 = new Set(['flannel:host-gw', 'calico:bgp']);

describe('walker properties on hand-built clusters', () => {
  it('every pod reaches every pod unless the backend cannot cross segments, and then it says why', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(...BACKENDS),
        fc.array(fc.nat(10), { minLength: 2, maxLength: 7 }),
        (nodes, segments, backend, placement) => {
          const cni = parseCni(backend) as CniSpec;
          const pods = placement.map((n, k) => ({ name: `p${k}`, node: n % nodes }));
          const e = buildKit({ nodes, segments, cni, pods });
          const segOf = (i: number) => e.spec.nodes[i]!.segment;
          for (const a of pods) {
            for (const b of pods) {
              const d = walkDetailed(e, { from: { kind: 'pod', namespace: 'default', name: a.name }, dst: addrOf(e, `pod/default/${b.name}`), proto: 'icmp', record: false });
              const crossSegment = segOf(a.node) !== segOf(b.node);
              if (NEEDS_L2.has(backend) && crossSegment) {
                expect(d.outcome).not.toBe('reply');
                expect(d.record.dropReason).toMatch(/segment/);
              } else {
                expect(d.outcome, `${backend} ${a.name}@${a.node} → ${b.name}@${b.node}: ${d.record.dropReason}`).toBe('reply');
                expect(d.record.answeredBy).toBe(`pod/default/${b.name}`);
              }
            }
          }
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  }, 120_000);

  it('walks are deterministic: same seed, same records', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BACKENDS), fc.integer({ min: 1, max: 1000 }), (backend, seed) => {
        const mk = () => buildKit({ nodes: 3, cni: parseCni(backend) as CniSpec, pods: [{ name: 'a', node: 1 }, { name: 'b', node: 2 }], seed });
        const [x, y] = [mk(), mk()];
        const w = (e: ReturnType<typeof mk>) => walkDetailed(e, { from: { kind: 'pod', namespace: 'default', name: 'a' }, dst: addrOf(e, 'pod/default/b'), proto: 'tcp', dport: 80 }).record;
        expect(w(x)).toEqual(w(y));
      }),
      { numRuns: 20, seed: 7 },
    );
  }, 60_000);
});

describe('walker properties on real sandboxes (createEngine)', () => {
  it('every pod reaches every pod under every backend that can work; host-gw / BGP across segments fail with the reason', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 2 }), fc.constantFrom(...BACKENDS), fc.integer({ min: 1, max: 99 }), (nodes, segments, backend, seed) => {
        const e = createEngine(defaultClusterSpec({ nodes, segments, cni: parseCni(backend) as CniSpec }), createEnv(seed));
        const pods = e.store.list<Pod>('Pod').filter((p) => !p.spec.hostNetwork && p.status?.podIP && e.netns.has(`pod/${p.metadata.namespace}/${p.metadata.name}`));
        const segOf = (node: string) => e.spec.nodes.find((n) => n.name === node)!.segment;
        for (const a of pods) {
          for (const b of pods) {
            const d = walkDetailed(e, { from: { kind: 'pod', namespace: a.metadata.namespace!, name: a.metadata.name }, dst: b.status!.podIP!, proto: 'icmp', record: false });
            if (NEEDS_L2.has(backend) && segOf(a.spec.nodeName!) !== segOf(b.spec.nodeName!)) {
              expect(d.outcome).not.toBe('reply');
              expect(d.record.dropReason).toMatch(/segment/);
            } else {
              expect(d.outcome, `${backend} ${a.metadata.name} → ${b.metadata.name}: ${d.record.dropReason}`).toBe('reply');
            }
          }
        }
      }),
      { numRuns: 10, seed: 3 },
    );
  }, 120_000);
});
