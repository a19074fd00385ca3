/**
 * MAC addresses as the kernel makes them: random, locally administered, unicast
 * (eth_random_addr), drawn from the engine's seeded rng so they are reproducible.
 */
import ipaddr from 'ipaddr.js';
import type { Rng } from '../model/env';

/** A random locally administered unicast MAC like `3e:85:1f:fc:43:52`. */
export function randomMac(rng: Rng): string {
  let s = BYTE_HEX[(rng.int(256) & 0xfe) | 0x02]!;
  for (let i = 1; i < 6; i++) s += `:${BYTE_HEX[rng.int(256)]!}`;
  return s;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The IPv6 link-local address the kernel derives from a MAC (EUI-64), as `ip addr` prints it. */
export function linkLocalOf(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] = b[0]! ^ 0x02;
  const bytes = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, b[0]!, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  return (ipaddr.fromByteArray(bytes) as ipaddr.IPv6).toRFC5952String();
}
