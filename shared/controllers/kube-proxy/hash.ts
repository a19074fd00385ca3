/**
 * kube-proxy's chain names: `KUBE-SVC-` / `KUBE-EXT-` / `KUBE-SVL-` / `KUBE-FW-` + the first
 * 16 characters of base32(sha256(servicePortName + protocol)), and `KUBE-SEP-` + the same over
 * servicePortName + protocol + `ip:port` (pkg/proxy/iptables/proxier.go, portProtoHash /
 * servicePortEndpointChainName). SHA-256 from @noble/hashes: shared/ may not use node:crypto.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** SHA-256 of a UTF-8 string. */
export function sha256(text: string): Uint8Array {
  return nobleSha256(utf8ToBytes(text));
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (Go's base32.StdEncoding), padding included. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8) out += '=';
  return out;
}

const memo = new Map<string, string>();

/** First 16 base32 characters of sha256(text), memoised (kube-proxy caches them too). */
function hash16(text: string): string {
  let h = memo.get(text);
  if (h === undefined) {
    if (memo.size > 200_000) memo.clear();
    memo.set(text, (h = base32(sha256(text)).slice(0, 16)));
  }
  return h;
}

/** portProtoHash: the 16-character suffix of a service port's chains. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol.toLowerCase());
}

export const svcChain = (spn: string, proto: string) => `KUBE-SVC-${portProtoHash(spn, proto)}`;
export const svlChain = (spn: string, proto: string) => `KUBE-SVL-${portProtoHash(spn, proto)}`;
export const extChain = (spn: string, proto: string) => `KUBE-EXT-${portProtoHash(spn, proto)}`;
export const fwChain = (spn: string, proto: string) => `KUBE-FW-${portProtoHash(spn, proto)}`;

/** servicePortEndpointChainName: `KUBE-SEP-` over name + protocol + `ip:port`. */
export function sepChain(spn: string, proto: string, endpoint: string): string {
  return `KUBE-SEP-${hash16(spn + proto.toLowerCase() + endpoint)}`;
}

/**
 * kube-proxy's probability(n): fmt.Sprintf("%0.10f", 1.0/float64(n)); iptables then prints
 * the kernel's u32 form with 11 digits (0.3333333333 → 0.33333333349).
 */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}
