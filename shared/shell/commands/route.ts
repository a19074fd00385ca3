/**
 * `route` (net-tools 2.10): the `Kernel IP routing table` view of the main table, as
 * /proc/net/route feeds it (flags U, G, H, `!` for reject routes; `*` for a route without
 * a device), with `-n` for numeric output. Changing routes is left to `ip route`.
 */
import type { Command } from '../command';
import { routePrefix, routesInOrder } from '../../kernel/routes';
import { formatIPv4, maskOf } from '../../kernel/ip';

const USAGE = `Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables
       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.

       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.
       route {-V|--version}                  Display version/author and exit.

        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -e, --extend             display other/more information
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB

  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) 
    ddp (Appletalk DDP) x25 (CCITT X.25) 
`;

export const route: Command = {
  name: 'route',
  summary: 'show the IP routing table (net-tools)',
  run(ctx) {
    let numeric = false;
    for (const a of ctx.argv.slice(1)) {
      if (a === '-n' || a === '--numeric') numeric = true;
      else if (a === '-4' || a === '-F' || a === '--fib' || a === '-v' || a === '--verbose' || a === '-A' || a === 'inet' || a === '--inet') continue;
      else if (a === 'add' || a === 'del' || a === 'flush') {
        ctx.err('route: changing routes is not modelled here; use "ip route add|del" instead\n');
        return 1;
      } else if (a === '-h' || a === '--help') {
        ctx.out(USAGE);
        return 0;
      } else {
        const bad = a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a.slice(1, 2) || a}'`;
        ctx.err(`route: ${bad}\n${USAGE}`);
        return 0;
      }
    }
    const col = (s: string, n: number) => s.padEnd(n);
    let out = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
    for (const r of routesInOrder(ctx.netns, 'main')) {
      const p = routePrefix(r);
      const reject = r.type === 'unreachable' || r.type === 'prohibit';
      const dst = !numeric && p.len === 0 ? 'default' : formatIPv4(p.net);
      const gw = reject ? '-' : r.via ?? '0.0.0.0';
      let flags = 'U';
      if (r.via) flags += 'G';
      if (p.len === 32) flags += 'H';
      if (reject) flags = '!';
      const ref = reject ? '-' : '0';
      const iface = reject ? '-' : r.dev ?? '*';
      out += `${col(dst, 15)} ${col(gw, 15)} ${col(formatIPv4(maskOf(p.len)), 15)} ${col(flags, 5)} ${col(String(r.metric ?? 0), 6)} ${col(ref, 3)} ${String(0).padStart(6)} ${iface}\n`;
    }
    ctx.out(out);
    return 0;
  },
};
