/**
 * Value parsers iptables shares between matches, targets and iptables-restore: dotted quads
 * and prefixes (normalised as iptables stores them), numbers and mark/mask pairs, service
 * port names, and the shell-like word splitting of restore lines.
 */

/** Well-known port names iptables accepts (from /etc/services). */
export const SERVICE_PORTS: Record<string, number> = { ssh: 22, domain: 53, http: 80, https: 443, 'http-alt': 8080 };

/** Parses a dotted quad, or undefined. */
export function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    v = v * 256 + o;
  }
  return v;
}

export function ipv4ToString(v: number): string {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** `10.244.1.7/16` → `10.244.0.0/16`, `10.96.0.1` → `10.96.0.1/32`, as iptables stores it. */
export function normalizeCidr(s: string): string | undefined {
  const [ip, len, extra] = s.split('/');
  if (extra !== undefined || ip === undefined) return undefined;
  const v = parseIpv4(ip);
  if (v === undefined) return undefined;
  let prefix = 32;
  if (len !== undefined) {
    if (!/^\d{1,2}$/.test(len) || Number(len) > 32) return undefined;
    prefix = Number(len);
  }
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return `${ipv4ToString((v & mask) >>> 0)}/${prefix}`;
}

/** A decimal or 0x-hex number, or undefined. */
export function parseNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
  if (/^\d+$/.test(s)) return Number(s);
  return undefined;
}

/** `0x4000/0x4000` → value and mask (mask 0xffffffff when absent). */
export function parseMarkMask(s: string): { value: number; mask: number } | undefined {
  const [v, m] = s.split('/');
  const value = parseNumber(v);
  const mask = m === undefined ? 0xffffffff : parseNumber(m);
  if (value === undefined || mask === undefined || value > 0xffffffff || mask > 0xffffffff) return undefined;
  return { value, mask };
}

/**
 * Splits one `iptables-restore` line into words as the shell would: double and single
 * quotes group, a backslash escapes inside double quotes.
 */
export function splitWords(line: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else if (c === '"' || c === "'") {
      has = true;
      let j = i + 1;
      for (; j < line.length && line[j] !== c; j++) {
        if (c === '"' && line[j] === '\\' && j + 1 < line.length) j++;
        cur += line[j];
      }
      if (j >= line.length) return undefined;
      i = j;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}
