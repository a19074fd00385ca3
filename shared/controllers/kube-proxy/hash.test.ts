import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { base32, probability, sepChain, sha256, svcChain } from './hash';
import { parseRule } from '../../kernel/netfilter/parse';
import { ruleSpec } from '../../kernel/netfilter/format';

describe('kube-proxy chain names', () => {
  it('default/kubernetes:https over tcp is KUBE-SVC-NPX46M4PTMTKRN6Y on every cluster', () => {
    expect(svcChain('default/kubernetes:https', 'TCP')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
  });
  it('kube-dns ports match real captures', () => {
    expect(svcChain('kube-system/kube-dns:dns-tcp', 'tcp')).toBe('KUBE-SVC-ERIFXISQEP7F7OF4');
    expect(svcChain('kube-system/kube-dns:dns', 'udp')).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(svcChain('kube-system/kube-dns:metrics', 'tcp')).toBe('KUBE-SVC-JD5MR3NA4I4DYORP');
  });
  it('endpoint chains match a real capture (iptables-save-kubeproxy-2)', () => {
    expect(sepChain('default/kubernetes:https', 'tcp', '192.168.1.5:6443')).toBe('KUBE-SEP-54IUPJM2TTG4TKF2');
    expect(sepChain('kube-system/kube-dns:dns', 'udp', '10.1.0.67:53')).toBe('KUBE-SEP-O5LSP4IVD436RT3J');
  });
  it('sha256 and base32 agree with node:crypto and RFC 4648', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => Buffer.from(sha256(s)).toString('hex') === createHash('sha256').update(s).digest('hex')));
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI======');
  });
  it('probability formatting: 1/3 prints as 0.33333333349, 1/2 as 0.50000000000', () => {
    const p = (n: number) => {
      const r = parseRule(['-m', 'statistic', '--mode', 'random', '--probability', probability(n), '-j', 'X']);
      return r.ok ? ruleSpec(r.rule) : '';
    };
    expect(p(3)).toContain('--probability 0.33333333349');
    expect(p(2)).toContain('--probability 0.50000000000');
    expect(p(5)).toContain('--probability 0.20000000019');
    expect(p(4)).toContain('--probability 0.25000000000');
  });
});
