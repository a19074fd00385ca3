/**
 * pcap-filter(7) expressions as libpcap 1.10 reads them: primitives `[proto] [dir] [type] id`
 * (`tcp port 80`, `src host 10.0.0.1`, `dst net 10.244.0.0/16`, `udp`, `icmp`, `arp`, `ip`),
 * `not`/`!`, `and`/`&&`, `or`/`||` (and/or of equal precedence, left to right, as pcap has
 * them), parentheses, and the abbreviation `port 80 or 443` (a bare id keeps the previous
 * qualifiers). Errors in tcpdump's words.
 */
import type { Packet } from '../../kernel/packet';

/** A compiled filter. */
export type Pred = (p: Packet) => boolean;

/** A compiled filter, or the message tcpdump prints after `tcpdump: `. */
export type FilterResult = { ok: true; pred: Pred } | { ok: false; error: string };

type Dir = 'src' | 'dst' | 'src or dst' | 'src and dst';
interface Quals {
  proto?: 'ip' | 'tcp' | 'udp' | 'icmp' | 'arp';
  dir?: Dir;
  type?: 'host' | 'net' | 'port';
}

const PROTOS = new Set(['ip', 'tcp', 'udp', 'icmp', 'arp']);
const PORT_NAMES: Record<string, number> = { http: 80, https: 443, domain: 53, ssh: 22, ftp: 21, telnet: 23, smtp: 25, ntp: 123, bgp: 179, snmp: 161 };
const SYNTAX = "can't parse filter expression: syntax error";

class FilterError extends Error {}

/** Splits like pcap's lexer: words, and `(`, `)`, `!`, `&&`, `||` even when glued to words. */
function tokens(text: string): string[] {
  return text.match(/&&|\|\||[()!]|[^\s()!&|]+|[&|]/g) ?? [];
}

function ipNum(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length < 1 || parts.length > 4 || parts.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return undefined;
  let n = 0;
  for (let i = 0; i < 4; i++) n = n * 256 + Number(parts[i] ?? 0);
  return n;
}

function addrPred(dir: Dir | undefined, test: (a: string) => boolean): Pred {
  return (p) => {
    const s = test(p.ip.src);
    const d = test(p.ip.dst);
    if (dir === 'src') return s;
    if (dir === 'dst') return d;
    if (dir === 'src and dst') return s && d;
    return s || d;
  };
}

function portPred(q: Quals, n: number): Pred {
  return (p) => {
    const l4 = p.l4;
    if (!l4 || l4.kind === 'icmp') return false;
    if (q.proto && q.proto !== 'ip' && q.proto !== l4.kind) return false;
    if (q.dir === 'src') return l4.sport === n;
    if (q.dir === 'dst') return l4.dport === n;
    if (q.dir === 'src and dst') return l4.sport === n && l4.dport === n;
    return l4.sport === n || l4.dport === n;
  };
}

function protoPred(proto: NonNullable<Quals['proto']>): Pred {
  // Captures hold IP packets only (ARP is resolved outside the packet history).
  if (proto === 'arp') return () => false;
  if (proto === 'ip') return () => true;
  return (p) => p.ip.proto === proto;
}

function primitive(q: Quals, id: string): Pred {
  if (q.proto === 'arp' && q.type === 'port') throw new FilterError("'port' modifier applied to arp");
  const type = q.type ?? (/^\d+$/.test(id) && q.proto && q.proto !== 'ip' && q.proto !== 'arp' ? undefined : 'host');
  if (type === 'port') {
    const n = /^\d+$/.test(id) ? Number(id) : PORT_NAMES[id];
    if (n === undefined) throw new FilterError(`unknown port '${id}'`);
    if (n > 65535) throw new FilterError(`illegal port number ${n} > 65535`);
    return portPred(q, n);
  }
  if (type === 'net') {
    const [a, len, extra] = id.split('/');
    const base = ipNum(a ?? '');
    if (base === undefined || extra !== undefined) throw new FilterError(SYNTAX);
    const bits = len === undefined ? 8 * (a ?? '').split('.').length : Number(len);
    if (!/^\d*$/.test(len ?? '') || bits > 32) throw new FilterError('mask length must be <= 32');
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if ((base & ~mask) >>> 0 !== 0) throw new FilterError(`non-network bits set in "${id}"`);
    const proto = q.proto;
    const inNet = addrPred(q.dir, (s) => ((ipNum(s) ?? -1) & mask) >>> 0 === base);
    return proto ? (p) => protoPred(proto)(p) && inNet(p) : inNet;
  }
  if (type === undefined) throw new FilterError(SYNTAX);
  if (id.includes('/')) throw new FilterError(`'host' modifier applied to net`);
  if (ipNum(id) === undefined || id.split('.').length !== 4) throw new FilterError(`unknown host '${id}'`);
  const proto = q.proto;
  const isHost = addrPred(q.dir, (s) => s === id);
  return proto ? (p) => protoPred(proto)(p) && isHost(p) : isHost;
}

/** Compiles a filter from tcpdump's trailing words. */
export function compileFilter(text: string): FilterResult {
  const t = tokens(text);
  if (t.length === 0) return { ok: true, pred: () => true };
  let i = 0;
  let last: Quals = {};
  const peek = () => t[i];
  const isOp = (w: string | undefined) => w === 'and' || w === '&&' || w === 'or' || w === '||';

  function qualified(): Pred {
    const q: Quals = {};
    if (PROTOS.has(peek() ?? '')) q.proto = t[i++] as Quals['proto'];
    if (peek() === 'src' || peek() === 'dst') {
      let dir: Dir = t[i++] as 'src' | 'dst';
      // `src or dst port 53` / `src and dst host X` are qualifiers, not operators.
      if ((peek() === 'or' || peek() === 'and') && ((dir === 'src' && t[i + 1] === 'dst') || (dir === 'dst' && t[i + 1] === 'src'))) {
        dir = `src ${t[i]} dst` as Dir;
        i += 2;
      }
      q.dir = dir;
    }
    if (peek() === 'host' || peek() === 'net' || peek() === 'port') q.type = t[i++] as Quals['type'];
    const id = peek();
    if (id === undefined || id === ')' || isOp(id) || id === '(' || id === '!' || id === 'not') {
      if (q.proto && !q.dir && !q.type) {
        last = {};
        return protoPred(q.proto);
      }
      throw new FilterError(SYNTAX);
    }
    i++;
    last = q;
    return primitive(q, id);
  }

  function unary(): Pred {
    const w = peek();
    if (w === 'not' || w === '!') {
      i++;
      const inner = unary();
      return (p) => !inner(p);
    }
    if (w === '(') {
      i++;
      const inner = expr();
      if (t[i++] !== ')') throw new FilterError(SYNTAX);
      return inner;
    }
    if (w === undefined || isOp(w) || w === ')') throw new FilterError(SYNTAX);
    // `port 80 or 443`: a lone id after an operator keeps the previous qualifiers.
    const lone = !PROTOS.has(w) && w !== 'src' && w !== 'dst' && w !== 'host' && w !== 'net' && w !== 'port';
    if (lone && i > 0 && isOp(t[i - 1]) && last.type) {
      i++;
      return primitive(last, w);
    }
    return qualified();
  }

  function expr(): Pred {
    let left = unary();
    while (isOp(peek())) {
      const op = t[i++];
      const right = unary();
      const l = left;
      left = op === 'and' || op === '&&' ? (p) => l(p) && right(p) : (p) => l(p) || right(p);
    }
    return left;
  }

  try {
    const pred = expr();
    if (i < t.length) throw new FilterError(SYNTAX);
    return { ok: true, pred };
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, error: e.message };
    throw e;
  }
}
