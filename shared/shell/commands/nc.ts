/**
 * `nc [-vzn] [-w SEC] HOST PORT[-PORT]`: a TCP connect through the packet walker, the
 * troubleshooting idiom `nc -zv web 80`. On nodes it speaks netcat-openbsd (Debian's `nc`:
 * `Connection to web (10.96.0.12) 80 port [tcp/http] succeeded!`, checked against
 * netcat-openbsd 1.219 in a network namespace); in pods BusyBox's nc
 * (`web (10.96.0.12:80) open`). The connection opens and closes at once: nothing is sent.
 */
import type { Command, CommandContext } from '../command';
import { exchange } from '../../sim/walk/exchange';
import { parseIpv4 } from '../../kernel/netfilter/parse';
import { resolve } from '../../controllers/dns/index';
import { hostResolvConf, hostsLookup } from './dns-util';
import { SERVICES } from './netstat';

const OPENBSD_USAGE = `usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]
\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]
\t  [destination] [port]
`;

/** A connect that gets no answer: the kernel's SYN retries (tcp_syn_retries=6) when no -w cuts it short. */
const KERNEL_CONNECT_TIMEOUT_MS = 127_000;

function run(ctx: CommandContext): number {
  const busybox = ctx.target.kind === 'pod';
  const flags = new Set<string>();
  let timeoutS: number | undefined;
  const args: string[] = [];
  const argv = ctx.argv.slice(1);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!/^-./.test(a)) {
      args.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]!;
      if (f === 'w') {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) return ctx.err(`nc: option requires an argument -- 'w'\n${OPENBSD_USAGE}`), 1;
        timeoutS = Number(v);
        break;
      }
      if (!'vzn46'.includes(f)) return ctx.err(`nc: invalid option -- '${f}'\n${OPENBSD_USAGE}`), 1;
      flags.add(f);
    }
  }
  const verbose = flags.has('v');
  const [host, portSpec] = args;
  if (host === undefined) return ctx.err(OPENBSD_USAGE), 1;
  if (portSpec === undefined) return ctx.err('nc: missing port number\n'), 1;
  const range = /^(\d+)(?:-(\d+))?$/.exec(portSpec);
  const named = Object.entries(SERVICES).find(([, n]) => n === portSpec)?.[0];
  if (!range && !named) return ctx.err(`nc: service "${portSpec}" unknown\n`), 1;
  const lo = range ? Number(range[1]) : Number(named);
  const hi = range?.[2] !== undefined ? Number(range[2]) : lo;
  let ip: string | undefined = parseIpv4(host) !== undefined ? host : host === 'localhost' && !flags.has('n') ? '127.0.0.1' : undefined;
  if (!ip && !flags.has('n')) {
    ip = hostsLookup(ctx, host)?.ip ?? resolve(ctx.engine, ctx.target, host, { resolvConf: hostResolvConf(ctx) }).records.find((x) => x.type === 'A')?.data;
  }
  if (!ip) {
    ctx.err(busybox ? `nc: bad address '${host}'\n` : `nc: getaddrinfo for host "${host}" port ${lo}: ${flags.has('n') ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
    return 1;
  }
  let status = 1;
  for (let port = lo; port <= hi; port++) {
    const r = exchange(ctx.engine, { from: ctx.target, dst: ip, proto: 'tcp', dport: port, title: `nc ${host} ${port}` });
    // The handshake is all nc needs: a socket that took the connection is open even if the
    // app then reset it or waited for a request nc never sends (a proxy, CoreDNS on TCP).
    const open = r.ok || r.error === 'reset' || (r.error === 'timeout' && r.answeredBy !== undefined);
    const who = host === ip ? ip : `${host} (${ip})`;
    if (open) {
      status = 0;
      if (verbose) ctx.err(busybox ? `${host} (${ip}:${port}) open\n` : `Connection to ${who} ${port} port [tcp/${flags.has('n') ? '*' : (SERVICES[port] ?? '*')}] succeeded!\n`);
      continue;
    }
    if (r.error === 'timeout') ctx.engine.env.clock.advance(timeoutS !== undefined ? Math.round(timeoutS * 1000) : KERNEL_CONNECT_TIMEOUT_MS);
    const why = r.error === 'refused' ? 'Connection refused' : r.error === 'timeout' ? (busybox ? 'Connection timed out' : 'Operation now in progress') : r.error === 'no-route' ? 'Network is unreachable' : 'No route to host';
    // openbsd nc reports a failed connect only with -v (checked: `nc -z` is silent, status 1).
    if (busybox) ctx.err(`nc: ${host} (${ip}:${port}): ${why}\n`);
    else if (verbose) ctx.err(`nc: connect to ${ip} port ${port} (tcp) ${r.error === 'timeout' ? 'timed out' : 'failed'}: ${why}\n`);
  }
  return status;
}

export const nc: Command = {
  name: 'nc',
  summary: 'arbitrary TCP connections (netcat): nc -zv HOST PORT',
  run,
};
