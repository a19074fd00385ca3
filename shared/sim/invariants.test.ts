import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from './create';
import { ENGINE_CONTROLLERS } from '../controllers/index';
import { CNI_CHOICES, defaultClusterSpec, parseCni, type CniSpec } from '../model/spec';
import { createEnv } from '../model/env';
import type { Deployment, Pod } from '../model/objects';
import { cidrContains, parseIPv4 } from '../kernel/ip';
import { lookup } from '../kernel/routes';

/** Properties every cluster the engine builds must have, whatever its size, segments and CNI. */
describe('cluster invariants (random clusters)', () => {
  it('pods are addressed, wired and routable as their CNI promises', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(...CNI_CHOICES),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 1000 }),
        (nodes, segments, cniName, replicas, seed) => {
          const cni = parseCni(cniName) as CniSpec;
          const spec = defaultClusterSpec({ nodes, segments: Math.min(segments, nodes), cni });
          const e = createEngine(spec, createEnv(seed), { controllers: ENGINE_CONTROLLERS });
          const d = e.store.get<Deployment>('Deployment', 'default', 'web')!;
          d.spec.replicas = replicas;
          e.store.update(d);
          const pods = e.store.list<Pod>('Pod');
          expect(pods.filter((p) => p.metadata.labels?.app === 'web')).toHaveLength(replicas);
          const ips = new Set<string>();
          for (const p of pods) {
            expect(p.status?.phase).toBe('Running');
            const ip = p.status!.podIP!;
            expect(ips.has(ip)).toBe(false);
            ips.add(ip);
            expect(cidrContains(e.cni!.state.nodes[p.spec.nodeName!]!.subnet, ip)).toBe(true);
            const ns = e.netns.get(`pod/default/${p.metadata.name}`)!;
            const eth0 = ns.link('eth0')!;
            expect(ns.addrsOf('eth0').map((a) => a.ip)).toEqual([ip]);
            // The veth pair points both ways.
            expect(eth0.kind).toBe('veth');
            const hostNs = e.netns.get(`node/${p.spec.nodeName}`)!;
            const host = hostNs.linkByIndex((eth0 as { peer: { ifindex: number } }).peer.ifindex)!;
            expect(host.kind === 'veth' && host.peer.netns === ns.id && host.peer.ifindex === eth0.ifindex).toBe(true);
            // The pod has a default route, and its node routes the pod IP to that veth (or its bridge).
            expect(lookup(ns, 0x08080808)?.dev).toBe('eth0');
            const back = lookup(hostNs, parseIPv4(ip)!)!;
            expect(back.dev === host.name || back.dev === host.master).toBe(true);
          }
          // Every node reaches every other node's pod subnet, except where the CNI cannot (recorded).
          for (const a of spec.nodes) {
            for (const b of spec.nodes) {
              if (a.name === b.name) continue;
              const sub = e.cni!.state.nodes[b.name]!.subnet;
              const probe = parseIPv4(sub.split('/')[0]!)! + 1;
              const r = lookup(e.netns.get(`node/${a.name}`)!, probe);
              const rejected = e.cni!.state.rejected.some((x) => x.node === a.name && x.dst === sub);
              if (cni.plugin === 'bridge') expect(r?.dst).toBe('0.0.0.0/0');
              // flannel udp: one /16 into the TUN, flanneld picks the peer in user space.
              else if (cni.plugin === 'flannel' && cni.backend === 'udp') expect(r).toMatchObject({ dst: spec.podCIDR, dev: 'flannel0' });
              else if (rejected) expect(a.segment).not.toBe(b.segment);
              else expect(r?.dst).toBe(sub);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
