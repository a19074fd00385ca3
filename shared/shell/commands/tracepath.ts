/**
 * `tracepath [-n] [-b] [-m MAX_HOPS] [-p PORT] DEST`: the path with growing TTL, printed as
 * iputils tracepath prints it (checked in network namespaces): a `[LOCALHOST]` line with
 * the first link's MTU, one line per hop (the first hop twice, as tracepath probes it
 * twice), `reached` at the destination, `!H` / `!N` for unreachables, and the Resume
 * line. Without -n, names come from /etc/hosts, else `???` (no reverse DNS here).
 * Path-MTU discovery is not modelled: the pmtu is the smallest MTU on the walked path.
 */
import type { Command, CommandContext } from '../command';
import { parseOpts } from '../tool-util';
import { walkDetailed, type WalkDetail } from '../../sim/walk/walk';
import { resolveName } from '../../sim/walk/resolve';
import { lookupRoute } from '../../sim/walk/route';

const USAGE = `
Usage
  tracepath [options] <destination>

Options:
  -4             use IPv4
  -6             use IPv6
  -b             print both name and ip
  -l <length>    use packet <length>
  -m <hops>      use maximum <hops>
  -n             no dns name resolution
  -p <port>      use destination <port>
  -V             print version and exit
  <destination>  dns name or ip address

For more details see tracepath(8).
`;

/** `%3ld.%03ldms` of microseconds. */
function msText(us: number): string {
  return `${String(Math.floor(us / 1000)).padStart(3)}.${String(us % 1000).padStart(3, '0')}ms`;
}

function reverse(hosts: string | undefined, ip: string): string | undefined {
  for (const raw of (hosts ?? '').split('\n')) {
    const [addr, name] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (addr === ip && name) return name;
  }
  return undefined;
}

function pathMtu(ctx: CommandContext, d: WalkDetail, first: number): number {
  let mtu = first;
  for (const h of d.record.hops) {
    if (h.direction !== 'out' || !h.device) continue;
    const l = ctx.engine.netns.get(h.netns)?.link(h.device);
    if (l && l.mtu < mtu) mtu = l.mtu;
  }
  return mtu;
}

function run(ctx: CommandContext): number {
  const p = parseOpts(ctx, { flags: 'nb46V', withValue: 'mpl' }, { tryHelp: false });
  if (!p) {
    ctx.err(USAGE);
    return 1;
  }
  if (p.opts.has('V')) {
    ctx.out('tracepath from iputils 20240117\n');
    return 0;
  }
  const mv = p.opts.get('m')?.at(-1);
  const max = mv === undefined ? 30 : Number(mv);
  if (!Number.isInteger(max) || max < 1 || max > 255) {
    ctx.err(`tracepath: invalid argument: '${mv}': out of range: 1 <= value <= 255\n`);
    return 1;
  }
  const pv = p.opts.get('p')?.at(-1);
  let port = pv === undefined ? 44444 : Number(pv);
  const dest = p.args[0];
  if (dest === undefined || p.args.length > 1) {
    ctx.err(USAGE);
    return 1;
  }
  const hostsRead = ctx.fs.read('/etc/hosts');
  const hosts = hostsRead.ok ? hostsRead.data : undefined;
  const ip = resolveName(ctx.engine, ctx.target, dest, hosts);
  if (!ip) {
    ctx.err(`tracepath: ${dest}: Name or service not known\n`);
    return 1;
  }
  const route = lookupRoute(ctx.netns, ip);
  if (!route || route.kind === 'unreachable' || route.kind === 'prohibit') {
    ctx.err('tracepath: connect: Network is unreachable\n');
    return 1;
  }
  const firstMtu = route.link?.mtu ?? 1500;
  const show = (addr: string): string => {
    if (p.opts.has('n')) return addr;
    const name = reverse(hosts, addr) ?? '???';
    return p.opts.has('b') ? `${name} (${addr})` : name;
  };
  const line = (ttl: number, host: string, rest: string): string => `${String(ttl).padStart(2)}:  ${host.padEnd(52)}${rest}\n`;
  ctx.out(`${String(1).padStart(2)}?: ${'[LOCALHOST]'.padEnd(32)} pmtu ${firstMtu}\n`);
  let mtu = firstMtu;
  for (let ttl = 1; ttl <= max; ttl++) {
    const probes = ttl === 1 ? 2 : 1;
    for (let k = 0; k < probes; k++) {
      const d = walkDetailed(ctx.engine, { from: ctx.target, dst: ip, proto: 'udp', dport: port++, ttl, size: Math.max(0, firstMtu - 28), title: `tracepath ${ip} from ${ctx.netns.hostname} (ttl ${ttl})` });
      const got = d.received;
      if (!got || d.outcome === 'silent' || d.outcome === 'unroutable') {
        ctx.out(`${String(ttl).padStart(2)}:  no reply\n`);
        break;
      }
      const icmp = got.l4?.kind === 'icmp' ? got.l4 : undefined;
      const rtt = msText(d.rttUs);
      if (icmp?.type === 3 && icmp.code === 3) {
        mtu = pathMtu(ctx, d, mtu);
        const back = 64 - got.ip.ttl + 1;
        ctx.out(line(ttl, show(got.ip.src), `${rtt} ${back !== ttl ? `asymm ${String(back).padStart(2)} ` : ''}reached`));
        ctx.out(`     Resume: pmtu ${mtu} hops ${ttl} back ${back} \n`);
        return 0;
      }
      if (icmp?.type === 3) {
        ctx.out(line(ttl, show(got.ip.src), `${rtt} ${icmp.code === 0 ? '!N' : icmp.code === 1 ? '!H' : '!A'}`));
        ctx.out(`     Resume: pmtu ${mtu} \n`);
        return 0;
      }
      mtu = pathMtu(ctx, d, mtu);
      ctx.out(line(ttl, show(got.ip.src), `${rtt} `));
    }
  }
  ctx.out(`     Too many hops: pmtu ${mtu}\n     Resume: pmtu ${mtu} \n`);
  return 0;
}

export const tracepath: Command = {
  name: 'tracepath',
  summary: 'traces path to a network host discovering MTU along this path',
  run,
};
