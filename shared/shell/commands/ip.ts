/**
 * `ip` (iproute2 6.1): global options, then the object (address, link, route, neigh,
 * matched by prefix as iproute2 does) and its command. Output is rendered from the
 * shell's network namespace; changes go through the kernel model with its checks.
 */
import type { Command, CommandContext } from '../command';
import { ipAddress } from './iproute2/addr';
import { ipLink } from './iproute2/link';
import { ipRoute } from './iproute2/route';
import { ipNeigh } from './iproute2/neigh';
import { IncompleteCommand, matches, type IpOptions, type IpRun } from './iproute2/common';

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** Objects in iproute2's table order (so `ip a` is address and `ip n` is neigh). */
const OBJECTS: Array<[string, ((run: IpRun) => number) | undefined]> = [
  ['address', ipAddress],
  ['addrlabel', undefined],
  ['maddress', undefined],
  ['route', ipRoute],
  ['rule', undefined],
  ['neighbor', ipNeigh],
  ['neighbour', ipNeigh],
  ['ntable', undefined],
  ['link', ipLink],
  ['tunnel', undefined],
  ['tuntap', undefined],
  ['netns', undefined],
];

/** Parses the leading options; returns the options and the index of the object, or an exit status. */
function parseOptions(ctx: CommandContext): { opts: IpOptions; at: number } | number {
  const opts: IpOptions = { brief: false, oneline: false, details: false, stats: 0 };
  let i = 1;
  for (; i < ctx.argv.length; i++) {
    const raw = ctx.argv[i]!;
    if (!raw.startsWith('-') || raw === '-') break;
    const a = raw.replace(/^--/, '-');
    const o = a.slice(1);
    if (a === '-4') opts.family = 'inet';
    else if (a === '-6') opts.family = 'inet6';
    else if (o === 'br' || matches(o, 'brief') && o.length >= 2) opts.brief = true;
    else if (matches(o, 'oneline') || a === '-0') opts.oneline = a === '-0' ? opts.oneline : true;
    else if (matches(o, 'details')) opts.details = true;
    else if (matches(o, 'statistics') || matches(o, 'stats')) opts.stats++;
    else if (matches(o, 'color') || matches(o, 'Numeric') || matches(o, 'resolve') || matches(o, 'human-readable') || matches(o, 'all')) continue;
    else if (matches(o, 'family')) {
      const f = ctx.argv[++i];
      if (f === 'inet') opts.family = 'inet';
      else if (f === 'inet6') opts.family = 'inet6';
      else {
        ctx.err(`Error: argument "${f ?? ''}" is wrong: invalid protocol family\n`);
        return 255;
      }
    } else if (matches(o, 'Version') || a === '-V') {
      ctx.out('ip utility, iproute2-6.1.0, libbpf 1.1.2\n');
      return 0;
    } else if (matches(o, 'help') || a === '-h') {
      ctx.err(USAGE);
      return 255;
    } else {
      ctx.err(`Option "${raw}" is unknown, try "ip -help".\n`);
      return 255;
    }
  }
  return { opts, at: i };
}

export const ipCommand: Command = {
  name: 'ip',
  summary: 'show / manipulate routing, network devices, interfaces and tunnels',
  run(ctx) {
    const parsed = parseOptions(ctx);
    if (typeof parsed === 'number') return parsed;
    const { opts, at } = parsed;
    const word = ctx.argv[at];
    if (word === undefined || matches(word, 'help')) {
      ctx.err(USAGE);
      return 255;
    }
    const entry = OBJECTS.find(([name]) => matches(word, name));
    if (!entry) {
      ctx.err(`Object "${word}" is unknown, try "ip help".\n`);
      return 1;
    }
    const handler = entry[1];
    if (!handler) {
      ctx.err(`Object "${entry[0]}" is not available in this lab's network model.\n`);
      return 1;
    }
    const args = ctx.argv.slice(at + 1);
    if (args[0] === 'help') {
      ctx.err(`Usage: ip ${entry[0]} { COMMAND | help }\n`);
      return 255;
    }
    try {
      return handler({ ctx, engine: ctx.engine, ns: ctx.netns, opts, args });
    } catch (e) {
      // A keyword without its value (`ip route add 10.0.0.0/8 via`): iproute2's NEXT_ARG message.
      if (e instanceof IncompleteCommand) {
        ctx.err(`${e.message}\n`);
        return 255;
      }
      throw e;
    }
  },
};
