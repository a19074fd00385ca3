/**
 * SHA-1 over a UTF-8 string (shared/ has no node:crypto). Calico names a pod's host veth
 * `cali` + the first 11 hex digits of sha1("<namespace>.<pod>"), so the same pod gets the
 * same interface name as on a real node; felix hashes every rule's comment id with it.
 *
 * A cluster build hashes tens of thousands of new short strings (felix rule ids per pod), so
 * this is a small allocation-free FIPS 180-4 SHA-1 (one reused message schedule, hex from a
 * table) rather than @noble/hashes' general streaming hash, which allocates per call:
 * measured with `npm run bench -- calico` (fresh pod names per build), noble made the
 * 100-node / 3,000-pod Calico builds 30-45 % slower (bgp 1320 vs 908 ms median). The
 * kube-proxy SHA-256 stays on noble (one hash per Service port). sha1.test.ts checks this
 * one against node:crypto, non-ASCII and every padding length included.
 */

const W = new Int32Array(80);
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
let bytes = new Uint8Array(256);

/** The message as UTF-8 in `bytes` (lone surrogates as U+FFFD, as TextEncoder does); its length. */
function encode(text: string): number {
  if (bytes.length < text.length * 3 + 72) bytes = new Uint8Array(text.length * 3 + 72);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes[n++] = c;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    }
    if (c < 0x800) {
      bytes[n++] = 0xc0 | (c >> 6);
    } else if (c < 0x10000) {
      bytes[n++] = 0xe0 | (c >> 12);
      bytes[n++] = 0x80 | ((c >> 6) & 63);
    } else {
      bytes[n++] = 0xf0 | (c >> 18);
      bytes[n++] = 0x80 | ((c >> 12) & 63);
      bytes[n++] = 0x80 | ((c >> 6) & 63);
    }
    bytes[n++] = 0x80 | (c & 63);
  }
  return n;
}

function hex32(v: number): string {
  return HEX[(v >>> 24) & 255]! + HEX[(v >>> 16) & 255]! + HEX[(v >>> 8) & 255]! + HEX[v & 255]!;
}

const H = new Int32Array(5);

/**
 * SHA-1 of `text` into `out` (five big-endian 32-bit words). For callers that want the
 * digest's bytes (felix's base64 ids) without going through hex.
 */
export function sha1Words(text: string, out: Int32Array = H): Int32Array {
  const len = encode(text);
  // Padding: 0x80, zeros, then the bit length as a 64-bit big-endian number.
  const total = (((len + 8) >> 6) + 1) << 6;
  bytes[len] = 0x80;
  bytes.fill(0, len + 1, total);
  const bits = len * 8;
  bytes[total - 4] = (bits >>> 24) & 255;
  bytes[total - 3] = (bits >>> 16) & 255;
  bytes[total - 2] = (bits >>> 8) & 255;
  bytes[total - 1] = bits & 255;
  bytes[total - 5] = Math.floor(bits / 2 ** 32) & 255;
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let off = 0; off < total; off += 64) {
    for (let t = 0; t < 16; t++) {
      const j = off + t * 4;
      W[t] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
    }
    for (let t = 16; t < 80; t++) {
      const x = W[t - 3]! ^ W[t - 8]! ^ W[t - 14]! ^ W[t - 16]!;
      W[t] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let t = 0;
    // Four rounds of twenty steps, each with its own function and constant.
    for (; t < 20; t++) {
      const tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    for (; t < 40; t++) {
      const tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    for (; t < 60; t++) {
      const tmp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + W[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    for (; t < 80; t++) {
      const tmp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + W[t]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  out[0] = h0;
  out[1] = h1;
  out[2] = h2;
  out[3] = h3;
  out[4] = h4;
  return out;
}

/** The SHA-1 digest of `text` as 40 lowercase hex digits. */
export function sha1Hex(text: string): string {
  const h = sha1Words(text);
  return hex32(h[0]!) + hex32(h[1]!) + hex32(h[2]!) + hex32(h[3]!) + hex32(h[4]!);
}

const vethNames = new Map<string, string>();

/** Calico's host-side veth name for a pod (memoised: felix asks for it on every resync). */
export function calicoVethName(namespace: string, pod: string): string {
  const key = `${namespace}.${pod}`;
  let name = vethNames.get(key);
  if (name === undefined) {
    if (vethNames.size > 100_000) vethNames.clear();
    vethNames.set(key, (name = `cali${sha1Hex(key).slice(0, 11)}`));
  }
  return name;
}
