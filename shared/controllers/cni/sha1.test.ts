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
  it('names Calico veths as calico does', () => {
    expect(calicoVethName('default', 'client')).toBe(`cali${createHash('sha1').update('default.client').digest('hex').slice(0, 11)}`);
  });
});
