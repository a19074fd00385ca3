/**
 * Names the controllers generate, in Kubernetes' own alphabet: the pod-template-hash
 * (FNV-32a over the template, written with SafeEncodeString) and the 5-character pod
 * suffix (utilrand.String), so `web-7d4b9c8f6d-x2x7k` looks like the real thing.
 */
import { hash32, type Rng } from '../../model/env';

/** Kubernetes' rand alphabet: no vowels, no confusable digits. */
export const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** SafeEncodeString: every character mapped into the alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** JSON with sorted keys, so equal templates hash equally. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The pod-template-hash label value for a template. */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  return safeEncode(String(hash32(stableJson(template) + (collisionCount ? `#${collisionCount}` : ''))));
}

/** A 5-character random suffix (`x2x7k`). */
export function randomSuffix(rng: Rng, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[rng.int(ALPHANUMS.length)];
  return s;
}
