import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { calicoVethName, sha1Hex } from './sha1';

describe('sha1Hex', () => {
  it('agrees with node:crypto', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      expect(sha1Hex(s)).toBe(createHash('sha1').update(s, 'utf8').digest('hex'));
    }), { numRuns: 300 });
  });
  it('agrees with node:crypto on non-ASCII text and on every padding boundary', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      expect(sha1Hex(s)).toBe(createHash('sha1').update(s, 'utf8').digest('hex'));
    }), { numRuns: 300 });
    for (let n = 0; n <= 200; n++) {
      const s = 'x'.repeat(n);
      expect(sha1Hex(s)).toBe(createHash('sha1').update(s, 'utf8').digest('hex'));
    }
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    // Surrogate pairs, lone surrogates (U+FFFD, as Node encodes them) and 2- and 3-byte characters.
    for (const s of ['网络策略', 'x\ud83d\ude00y', '\ud800', 'a\udc00', '\ud83d', 'é€\u07ff\u0800\uffff']) {
      expect(sha1Hex(s)).toBe(createHash('sha1').update(s, 'utf8').digest('hex'));
    }
  });
  it('names Calico veths as calico does', () => {
    expect(calicoVethName('default', 'client')).toBe(`cali${createHash('sha1').update('default.client').digest('hex').slice(0, 11)}`);
  });
});
