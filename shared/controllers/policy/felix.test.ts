import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { felixHash } from './felix';
import { syncPolicies } from './index';
import { calicoVethName } from '../cni/sha1';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { appendRule } from '../../kernel/netfilter/ops';
import { countersOf } from '../../kernel/netfilter/state';
import type { Pod } from '../../model/objects';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** The definition: one base64url character per byte (mod 64) of sha1(text) ‖ sha1(text + '#'). */
function reference(text: string, n: number): string {
  const hex = createHash('sha1').update(text).digest('hex') + createHash('sha1').update(`${text}#`).digest('hex');
  let out = '';
  for (let i = 0; i < n; i++) out += B64[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 64];
  return out;
}

describe('felixHash', () => {
  it('is base64url over the two SHA-1 digests, memoised or not', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 40 }), (s, n) => {
      expect(felixHash(s, n)).toBe(reference(s, n));
      expect(felixHash(s, n)).toBe(reference(s, n));
    }), { numRuns: 300 });
  });
  it('gives the ids a policy chain and its rules carry', () => {
    expect(felixHash('default/knp.default.test-network-policy', 19)).toBe(reference('default/knp.default.test-network-policy', 19));
    expect(felixHash('cali-FORWARD#0', 16)).toBe(reference('cali-FORWARD#0', 16));
    // A short id first, a long one of the same text after (the second digest is added then).
    expect(felixHash('default/web', 19)).toBe(reference('default/web', 19));
    expect(felixHash('default/web', 22)).toBe(reference('default/web', 22));
    expect(felixHash('default/web', 40)).toBe(reference('default/web', 40));
  });
});

describe('felix resyncs', () => {
  it('leave unchanged workload chains as they are, and restore an edited one with fresh counters', () => {
    const e = createEngine(defaultClusterSpec({ cni: { plugin: 'calico', backend: 'bgp' } }), createEnv(1));
    const client = e.store.get<Pod>('Pod', 'default', 'client')!;
    const filter = e.netns.get(`node/${client.spec.nodeName}`)!.nf.tables.filter;
    const name = `cali-fw-${calicoVethName('default', 'client')}`;
    const before = filter.chains.get(name)!;
    syncPolicies(e);
    expect(filter.chains.get(name)!.rules).toBe(before.rules);
    // Count a packet on the first rule, then edit the chain as a learner would.
    filter.counters.set(before.rules[0]!, { pkts: 3, bytes: 180 });
    appendRule(filter, name, { matches: [], target: { t: 'ACCEPT' } });
    expect(filter.chains.get(name)!.rules).toHaveLength(before.rules.length + 1);
    syncPolicies(e);
    const after = filter.chains.get(name)!.rules;
    expect(JSON.stringify(after)).toBe(JSON.stringify(before.rules));
    expect(after.map((r) => countersOf(filter, r).pkts)).toEqual(after.map(() => 0));
  });
});
