/**
 * SHA-1 over a UTF-8 string, from @noble/hashes (shared/ has no node:crypto).
 * Calico names a pod's host veth `cali` + the first 11 hex digits of
 * sha1("<namespace>.<pod>"), so the same pod gets the same interface name as on a real node.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The SHA-1 digest of `text` as 40 lowercase hex digits. */
export function sha1Hex(text: string): string {
  return bytesToHex(sha1(utf8ToBytes(text)));
}

/** Calico's host-side veth name for a pod. */
export function calicoVethName(namespace: string, pod: string): string {
  return `cali${sha1Hex(`${namespace}.${pod}`).slice(0, 11)}`;
}
