/**
 * `tcpdump [-i IFACE|any] [-n] [-e] [-v] [-c N] [EXPRESSION]`: prints the packets that
 * crossed an interface of this host in recent walks (the walker records what each device
 * saw), in tcpdump 4.99's format with its header lines on stderr. The lab's commands
 * finish at once, so tcpdump shows what was captured instead of waiting for new traffic;
 * `-c N` keeps the last N. Filters: `icmp`, `tcp`, `udp`, `[src|dst] host A`,
 * `[src|dst] port N`, joined with `and` / `&&`, each may be negated with `not` / `!`.
 */
import type { Command, CommandContext } from '../command';
import type { Packet } from '../../kernel/packet';
import { parseOpts } from '../tool-util';
import { capturesOn } from '../../sim/walk/history';
import { anyPrefix, decode, timestamp } from './tcpdump-format';

type Pred = (p: Packet) => boolean;

/** Parses the small filter language; undefined on a syntax error. */
export function parseFilter(words: string[]): Pred | undefined {
  const preds: Pred[] = [];
  let i = 0;
  while (i < words.length) {
    let neg = false;
    while (words[i] === 'not' || words[i] === '!') {
      neg = !neg;
      i++;
    }
    let dir: 'src' | 'dst' | undefined;
    if (words[i] === 'src' || words[i] === 'dst') dir = words[i++] as 'src' | 'dst';
    const w = words[i++];
    let pred: Pred | undefined;
    if (!dir && (w === 'icmp' || w === 'tcp' || w === 'udp')) pred = (p) => p.ip.proto === w;
    else if (!dir && w === 'ip') pred = () => true;
    else if (w === 'host' || (dir && w !== 'port' && w !== undefined && /^\d+\.\d+\.\d+\.\d+$/.test(w))) {
      const a = w === 'host' ? words[i++] : w;
      if (!a || !/^\d+\.\d+\.\d+\.\d+$/.test(a)) return undefined;
      pred = (p) => (dir !== 'dst' && p.ip.src === a) || (dir !== 'src' && p.ip.dst === a);
    } else if (w === 'port') {
      const n = Number(words[i++]);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return undefined;
      pred = (p) => !!p.l4 && p.l4.kind !== 'icmp' && ((dir !== 'dst' && p.l4.sport === n) || (dir !== 'src' && p.l4.dport === n));
    }
    if (!pred) return undefined;
    const base = pred;
    preds.push(neg ? (p) => !base(p) : base);
    if (i < words.length) {
      if (words[i] !== 'and' && words[i] !== '&&') return undefined;
      i++;
      if (i >= words.length) return undefined;
    }
  }
  return (p) => preds.every((f) => f(p));
}

function linkType(ctx: CommandContext, dev: string): string {
  const l = ctx.netns.link(dev);
  return l && (l.kind === 'tun' || l.kind === 'ipip') ? 'RAW (Raw IP)' : 'EN10MB (Ethernet)';
}

function run(ctx: CommandContext): number {
  const p = parseOpts(ctx, { flags: 'nevlqpStuxXAD#', withValue: 'icswWCGEFBTyzZQ', long: { count: '#' } }, { tryHelp: false });
  if (!p) {
    ctx.err('tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nUsage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]\n');
    return 1;
  }
  const links = ctx.netns.links;
  if (p.opts.has('D')) {
    const lines = ['any (Pseudo-device that captures on all interfaces) [Up, Running]', ...links.map((l) => `${l.name}${l.kind === 'loopback' ? ' [Up, Running, Loopback]' : l.up ? ' [Up, Running, Connected]' : ' [none]'}`)];
    ctx.out(lines.map((l, k) => `${k + 1}.${l}\n`).join(''));
    return 0;
  }
  const c = p.opts.get('c')?.at(-1);
  if (c !== undefined && !/^[1-9]\d*$/.test(c)) {
    ctx.err(`tcpdump: invalid packet count ${c}\n`);
    return 1;
  }
  const dev = p.opts.get('i')?.at(-1) ?? links.find((l) => l.kind !== 'loopback' && l.up)?.name ?? 'lo';
  if (dev !== 'any' && !ctx.netns.link(dev)) {
    ctx.err(`tcpdump: ${dev}: No such device exists\n(No such device exists)\n`);
    return 1;
  }
  const filter = parseFilter(p.args.join(' ').split(/\s+/).filter(Boolean));
  if (!filter) {
    ctx.err("tcpdump: can't parse filter expression: syntax error\n");
    return 1;
  }
  const verbose = p.opts.has('v');
  const o = { numeric: p.opts.has('n'), link: p.opts.has('e'), verbose, any: dev === 'any' };
  if (dev === 'any') ctx.err('tcpdump: data link type LINUX_SLL2\n');
  if (!verbose) ctx.err('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n');
  const lt = dev === 'any' ? 'LINUX_SLL2 (Linux cooked v2)' : linkType(ctx, dev);
  ctx.err(`${verbose ? 'tcpdump: ' : ''}listening on ${dev}, link-type ${lt}, snapshot length 262144 bytes\n`);
  const seen = capturesOn(ctx.engine, ctx.netns.id, dev);
  let shown = seen.filter((cap) => filter(cap.packet));
  if (c !== undefined) shown = shown.slice(-Number(c));
  for (const cap of shown) {
    ctx.out(`${timestamp(cap.atUs)} ${o.any ? anyPrefix(cap.device, cap.direction) : ''}${decode(cap.packet, o)}\n`);
  }
  const n = shown.length;
  ctx.err(`${n} packet${n === 1 ? '' : 's'} captured\n${seen.length} packet${seen.length === 1 ? '' : 's'} received by filter\n0 packets dropped by kernel\n`);
  return 0;
}

export const tcpdump: Command = {
  name: 'tcpdump',
  summary: 'dump traffic on a network',
  run,
};
