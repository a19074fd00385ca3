import { describe, expect, it } from 'vitest';
import { addressOf } from './address';

describe('addressOf', () => {
  it('prefers keys that name an address', () => {
    expect(addressOf({ id: 'p', kind: 'pod', label: 'web', details: { node: '192.168.56.12 (node-2)', ip: '10.244.2.3' } })).toBe('10.244.2.3');
  });
  it('strips the prefix length and skips loopback', () => {
    expect(addressOf({ id: 'i', kind: 'iface', label: 'lo', details: { inet: '127.0.0.1/8' } })).toBeNull();
    expect(addressOf({ id: 'i', kind: 'iface', label: 'eth0', details: { inet: '10.244.1.7/24' } })).toBe('10.244.1.7');
  });
  it('falls back to children', () => {
    expect(addressOf({ id: 'p', kind: 'pod', label: 'web' }, [{ id: 'e', kind: 'iface', label: 'eth0', details: { address: '10.244.3.9/24' } }])).toBe('10.244.3.9');
  });
  it('returns null when nothing has an address', () => {
    expect(addressOf(null)).toBeNull();
  });
});
