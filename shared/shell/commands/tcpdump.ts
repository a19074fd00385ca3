/**
 * `tcpdump [-i IFACE|any] [-n] [-e] [-v] [-c N] [EXPRESSION]`: prints the packets that
 * crossed an interface of this host in recent walks (the walker records what each device
 * saw), in tcpdump 4.99's format with its header lines on stderr. The lab's commands
 * finish at once, so tcpdump shows what was captured instead of waiting for new traffic;
 * `-c N` keeps the last N. Filters: pcap-filter syntax, compiled in tcpdump-filter.ts.
 */
import type { Command, CommandContext } from '../command';
import { parseOpts } from '../tool-util';
import { capturesOn } from '../../sim/walk/history';
import { anyPrefix, decode, timestamp } from './tcpdump-format';
import { compileFilter, type Pred } from './tcpdump-filter';

/** Compiles the filter words (kept for callers of the old API); undefined on any error. */
export function parseFilter(words: string[]): Pred | undefined {
  const r = compileFilter(words.join(' '));
  return r.ok ? r.pred : undefined;
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
  const compiled = compileFilter(p.args.join(' '));
  if (!compiled.ok) {
    ctx.err(`tcpdump: ${compiled.error}\n`);
    return 1;
  }
  const filter = compiled.pred;
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
