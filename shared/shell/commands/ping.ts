/**
 * `ping [-c COUNT] [-i INTERVAL] [-W TIMEOUT] [-s SIZE] [-t TTL] [-I ADDR|IFACE] [-n] [-q] DEST`: ICMP
 * echo through the packet walker, printed as iputils-ping prints it (checked against
 * iputils 20221126 in a network namespace; 20240117 prints the same lines). Every probe
 * is a real walk (stored for the inspector); times come from the walk's virtual latency
 * and the clock advances by the interval between probes. It is a job (job.ts): in a
 * terminal one probe goes out per interval of real time, without -c until Ctrl-C, which
 * prints the statistics as iputils does on SIGINT; a script cuts an endless ping after its
 * virtual-time budget the same way.
 */
import type { Command, CommandContext } from '../command';
import { drain, Interrupt, SCRIPT_BUDGET_MS, type Job } from '../job';
import { parseOpts } from '../tool-util';
import { walkDetailed } from '../../sim/walk/walk';
import { resolveName } from '../../sim/walk/resolve';
import { lookupRoute } from '../../sim/walk/route';

/** How long the kernel tries ARP before reporting Destination Host Unreachable. */
const ARP_GIVE_UP_MS = 3000;

const USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
`;

/** A reply time as iputils prints it: 3 decimals under 1 ms, 2 under 10, 1 under 100, none above. */
export function formatRtt(us: number): string {
  if (us >= 100000 - 50) return String(Math.floor((us + 500) / 1000));
  if (us >= 10000 - 5) return `${Math.floor((us + 50) / 1000)}.${Math.floor(((us + 50) % 1000) / 100)}`;
  if (us >= 1000) return `${Math.floor((us + 5) / 1000)}.${String(Math.floor(((us + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `0.${String(us).padStart(3, '0')}`;
}

/** `%ld.%03ld` of a microsecond value, as the rtt summary prints it. */
function msec3(us: number): string {
  return `${Math.floor(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
}

/** C's `%g` for the loss percentage (6 significant digits, no trailing zeros). */
function pctG(x: number): string {
  return String(Number(x.toPrecision(6)));
}

/** The statistics block iputils prints at the end. */
export function pingSummary(name: string, sent: number, received: number, errors: number, timeMs: number, rtts: number[], pipe: number): string {
  let s = `\n--- ${name} ping statistics ---\n${sent} packets transmitted, ${received} received`;
  if (errors) s += `, +${errors} errors`;
  s += `, ${pctG(((sent - received) * 100) / sent)}% packet loss, time ${timeMs}ms\n`;
  let comma = '';
  if (received && rtts.length) {
    const n = rtts.length;
    const sum = rtts.reduce((a, b) => a + b, 0);
    const sum2 = rtts.reduce((a, b) => a + b * b, 0);
    const avg = Math.floor(sum / n);
    const mdev = Math.floor(Math.sqrt(Math.max(0, sum2 / n - (sum / n) ** 2)));
    s += `rtt min/avg/max/mdev = ${msec3(Math.min(...rtts))}/${msec3(avg)}/${msec3(Math.max(...rtts))}/${msec3(mdev)} ms`;
    comma = ', ';
  }
  if (pipe > 1) s += `${comma}pipe ${pipe}`;
  return `${s}\n`;
}

function num(ctx: CommandContext, v: string, min: number, max: number): number | undefined {
  if (!/^-?\d+$/.test(v)) {
    ctx.err(`ping: invalid argument: '${v}'\n`);
    return undefined;
  }
  const n = Number(v);
  if (n < min || n > max) {
    ctx.err(`ping: invalid argument: '${v}': out of range: ${min} <= value <= ${max === 2 ** 63 - 1 ? '9223372036854775807' : max}\n`);
    return undefined;
  }
  return n;
}

function* pingJob(ctx: CommandContext): Job {
  const p = parseOpts(ctx, { flags: 'nqvaAbBdDfhLOrRUV46', withValue: 'ciWstwIlmMpQSeT' }, { tryHelp: false });
  if (!p) {
    ctx.err(USAGE);
    return 2;
  }
  const last = (k: string): string | undefined => p.opts.get(k)?.at(-1);
  if (p.opts.has('V')) {
    ctx.out('ping from iputils 20240117\n');
    return 0;
  }
  if (p.opts.has('h')) {
    ctx.err(USAGE);
    return 2;
  }
  const cnt = last('c');
  // No -c: until interrupted.
  const count = cnt !== undefined ? num(ctx, cnt, 1, 2 ** 63 - 1) : Infinity;
  if (count === undefined) return 1;
  const sz = last('s');
  const size = sz !== undefined ? num(ctx, sz, 0, 65507) : 56;
  if (size === undefined) return 1;
  const tt = last('t');
  const ttl = tt !== undefined ? num(ctx, tt, 0, 255) : 64;
  if (ttl === undefined) return 1;
  if (ttl === 0) {
    ctx.err('ping: cannot set unicast time-to-live: Invalid argument\n');
    return 2;
  }
  const w = last('W');
  if (w !== undefined && !(Number(w) >= 0)) {
    ctx.err(`ping: bad linger time: ${w}\n`);
    return 2;
  }
  const iv = last('i');
  let intervalMs = 1000;
  if (iv !== undefined) {
    const f = Number.parseFloat(iv);
    if (!Number.isFinite(f) || f < 0) {
      ctx.err(`ping: bad timing interval: ${iv}\n`);
      return 2;
    }
    if (!/^\d*\.?\d+$/.test(iv)) ctx.err(`ping: option argument contains garbage: ${iv.replace(/^[\d.]*/, '')}\nping: this will become fatal error in the future\n`);
    intervalMs = Math.round(f * 1000);
  }
  const quiet = p.opts.has('q');
  const dest = p.args[0];
  if (dest === undefined) {
    ctx.err('ping: usage error: Destination address required\n');
    return 1;
  }
  const hosts = ctx.fs.read('/etc/hosts');
  const ip = resolveName(ctx.engine, ctx.target, dest, hosts.ok ? hosts.data : undefined);
  if (!ip) {
    ctx.err(`ping: ${dest}: Name or service not known\n`);
    return 2;
  }
  const route = lookupRoute(ctx.netns, ip);
  const refused = connectError(route?.kind);
  if (refused) {
    ctx.err(`ping: connect: ${refused}\n`);
    return 2;
  }
  // -I ADDR binds the source address; -I IFACE binds the device (and takes its address).
  const bind = last('I');
  let src: string | undefined;
  let from = '';
  if (bind !== undefined) {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(bind)) {
      if (!ctx.netns.addrs.some((a) => a.ip === bind)) {
        ctx.err('ping: bind: Cannot assign requested address\n');
        return 2;
      }
      src = bind;
      from = ` from ${bind} `;
    } else {
      const link = ctx.netns.link(bind);
      if (!link) {
        ctx.err(`ping: SO_BINDTODEVICE ${bind}: No such device\n`);
        return 2;
      }
      src = ctx.netns.addrs.find((a) => a.ifindex === link.ifindex && a.scope === 'global')?.ip;
      if (src) from = ` from ${src} ${bind}`;
    }
  }
  const byName = dest !== ip;
  ctx.out(`PING ${dest} (${ip})${from ? `${from}:` : ''} ${size}(${size + 28}) bytes of data.\n`);
  const id = 1 + ((ctx.engine.env.clock.now() / 1000) % 65535 | 0);
  const rtts: number[] = [];
  let errors = 0;
  let localErrors = 0;
  let lastRtt = 0;
  let sent = 0;
  for (let seq = 1; seq <= count; seq++) {
    if (seq > 1) {
      try {
        yield { kind: 'sleep', ms: intervalMs, unbounded: count === Infinity };
      } catch (e) {
        // SIGINT: iputils stops sending and prints its statistics.
        if (!(e instanceof Interrupt)) throw e;
        break;
      }
    }
    sent = seq;
    const d = walkDetailed(ctx.engine, { from: ctx.target, dst: ip, proto: 'icmp', icmp: { id, seq }, ttl, size, ...(src ? { src } : {}), title: `ping ${ip} from ${ctx.netns.hostname}` });
    if (d.outcome === 'reply' && d.received?.l4?.kind === 'icmp' && d.received.l4.type === 0) {
      rtts.push(d.rttUs);
      lastRtt = d.rttUs;
      if (!quiet) ctx.out(`${size + 8} bytes from ${byName ? `${dest} (${ip})` : ip}: icmp_seq=${seq} ttl=${d.received.ip.ttl} time=${formatRtt(d.rttUs)} ms\n`);
    } else if (d.outcome === 'error' || d.outcome === 'unroutable') {
      errors++;
      if (d.outcome === 'unroutable' || d.errorFrom === d.sent?.ip.src) localErrors++;
      const from = d.errorFrom ?? d.sent?.ip.src ?? ip;
      if (!quiet) ctx.out(`From ${from} icmp_seq=${seq} ${d.errorText ?? 'Destination Host Unreachable'}\n`);
    }
  }
  const received = rtts.length;
  const timeMs = (sent - 1) * intervalMs + (received && rtts.length === sent ? Math.floor(lastRtt / 1000) : 0);
  const pipe = localErrors ? Math.min(sent, Math.floor(ARP_GIVE_UP_MS / Math.max(1, intervalMs)) + 1) : 1;
  ctx.out(pingSummary(dest, sent, received, errors, timeMs, rtts, pipe));
  return received ? 0 : 1;
}

export const ping: Command = {
  name: 'ping',
  summary: 'send ICMP ECHO_REQUEST to network hosts',
  // Called directly (no shell to Ctrl-C it), an endless ping stops after the script budget.
  run: (ctx) => drain(pingJob(ctx), ctx.engine.env.clock, SCRIPT_BUDGET_MS),
  job: pingJob,
};

/**
 * The errno text connect() fails with for a route of this kind (undefined: it succeeds).
 * The kernel refuses locally, before any packet: no route → ENETUNREACH, blackhole →
 * EINVAL, unreachable → EHOSTUNREACH, prohibit → EACCES (fib_props in net/ipv4/fib_semantics.c).
 */
export function connectError(kind: string | undefined): string | undefined {
  if (kind === undefined) return 'Network is unreachable';
  if (kind === 'blackhole') return 'Invalid argument';
  if (kind === 'unreachable') return 'No route to host';
  if (kind === 'prohibit') return 'Permission denied';
  return undefined;
}
