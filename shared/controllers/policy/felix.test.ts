import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { felixHash } from './felix';

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
  });
});
