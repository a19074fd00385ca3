/**
 * `traceroute [-n] [-m MAX_TTL] [-q NQUERIES] [-p PORT] [-f FIRST_TTL] HOST`: UDP probes
 * with growing TTL through the packet walker, printed as traceroute 2.1.x prints them
 * (checked in network namespaces): a header, one line per TTL with each probe's answer
 * and time, `*` for silence, `!H` / `!N` / `!X` for unreachables. Each probe is a walk.
 */
import type { Command, CommandContext } from '../command';
import { parseOpts } from '../tool-util';
import { walkDetailed, type WalkDetail } from '../../sim/walk/walk';
import { resolveName } from '../../sim/walk/resolve';
import { lookupRoute } from '../../sim/walk/route';
import { connectError } from './ping';

const USAGE = `Usage:
  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]
`;

/** The annotation traceroute appends for an ICMP unreachable (none for port unreachable at the target). */
export function annotation(d: WalkDetail): string {
  const l4 = d.received?.l4;
  if (l4?.kind !== 'icmp' || l4.type !== 3) return '';
  if (l4.code === 0) return ' !N';
  if (l4.code === 1) return ' !H';
  if (l4.code === 3) return '';
  if (l4.code === 13 || l4.code === 10 || l4.code === 9) return ' !X';
  return ` !<${l4.code}>`;
}

function intArg(ctx: CommandContext, v: string | undefined, what: string, min: number, max: number): number | undefined | false {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) {
    ctx.err(`Cannot handle \`${what}' option with arg \`${v}' (argc 2)\n`);
    return false;
  }
  const n = Number(v);
  if (n < min || n > max) {
    ctx.err(what === '-m' ? 'max hops cannot be more than 255\n' : what === '-q' ? 'no more than 10 probes per hop\n' : `Cannot handle \`${what}' option with arg \`${v}' (argc 2)\n`);
    return false;
  }
  return n;
}

function run(ctx: CommandContext): number {
  const p = parseOpts(ctx, { flags: 'nI4deFTUrADV', withValue: 'mqpfwszNtil' }, { tryHelp: false });
  if (!p) {
    ctx.err(USAGE);
    return 2;
  }
  const last = (k: string): string | undefined => p.opts.get(k)?.at(-1);
  const numeric = p.opts.has('n');
  const maxTtl = intArg(ctx, last('m'), '-m', 1, 255);
  const nq = intArg(ctx, last('q'), '-q', 1, 10);
  const port0 = intArg(ctx, last('p'), '-p', 0, 65535);
  const first = intArg(ctx, last('f'), '-f', 1, 255);
  if (maxTtl === false || nq === false || port0 === false || first === false) return 2;
  const max = maxTtl ?? 30;
  const queries = nq ?? 3;
  const host = p.args[0];
  if (host === undefined) {
    ctx.err(USAGE);
    return 2;
  }
  if (p.opts.has('I') || p.opts.has('T')) {
    // ICMP / TCP probes: same path; the walker carries UDP probes, which is what traceroute sends by default.
  }
  const hosts = ctx.fs.read('/etc/hosts');
  const ip = resolveName(ctx.engine, ctx.target, host, hosts.ok ? hosts.data : undefined);
  if (!ip) {
    ctx.err(`${host}: Name or service not known\nCannot handle "host" cmdline arg \`${host}' on position 1 (argc ${ctx.argv.length - 1})\n`);
    return 2;
  }
  if ((first ?? 1) > max) {
    ctx.err('first hop out of range\n');
    return 2;
  }
  ctx.out(`traceroute to ${host} (${ip}), ${max} hops max, 60 byte packets`);
  const route = lookupRoute(ctx.netns, ip);
  const refused = connectError(route?.kind);
  if (refused) {
    // The header line is complete (hop lines start with their own newline); then the probe's connect() fails.
    ctx.out('\n');
    ctx.err(`connect: ${refused}\n`);
    return 1;
  }
  let port = port0 ?? 33434;
  for (let ttl = first ?? 1; ttl <= max; ttl++) {
    let line = `\n${String(ttl).padStart(2)} `;
    let lastAddr: string | undefined;
    let done = false;
    for (let q = 0; q < queries; q++) {
      const d = walkDetailed(ctx.engine, { from: ctx.target, dst: ip, proto: 'udp', dport: port++, ttl, size: 32, title: `traceroute ${ip} from ${ctx.netns.hostname} (ttl ${ttl})` });
      const from = d.received?.ip.src;
      if (!from || d.outcome === 'silent' || d.outcome === 'unroutable') {
        line += ' *';
        continue;
      }
      if (from !== lastAddr) {
        line += numeric ? ` ${from}` : ` ${from} (${from})`;
        lastAddr = from;
      }
      const note = annotation(d);
      line += `  ${(d.rttUs / 1000).toFixed(3)} ms${note}`;
      if (from === ip || note) done = true;
    }
    ctx.out(line);
    if (done) break;
  }
  ctx.out('\n');
  return 0;
}

export const traceroute: Command = {
  name: 'traceroute',
  summary: 'print the route packets trace to network host',
  run,
};
