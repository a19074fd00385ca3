/**
 * `arp [-n] [-a] [-i IFACE] [HOST]` (net-tools): the IPv4 neighbour table the way
 * /proc/net/arp exposes it (NOARP entries skipped), in arp's fixed-width columns or,
 * with -a, BSD style (`? (10.244.1.0) at ca:6e:... [ether] PERM on flannel.1`).
 */
import type { Command } from '../command';
import type { Neighbour } from '../../kernel/types';

/** Pads or cuts to exactly `n` columns, as printf's %-N.Ns does. */
const col = (s: string, n: number) => s.slice(0, n).padEnd(n);

/** ATF_COM when the entry has a valid link-layer address, ATF_PERM for permanent ones. */
function flags(n: Neighbour): string {
  if (n.state === 'INCOMPLETE' || n.state === 'FAILED' || !n.lladdr) return '';
  return n.state === 'PERMANENT' ? 'CM' : 'C';
}

/** `arp`. */
export const arp: Command = {
  name: 'arp',
  summary: 'manipulate the system ARP cache',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let bsd = false;
    let iface: string | undefined;
    let host: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-i' || a === '--device') {
        iface = args[++i];
        if (iface === undefined) {
          ctx.err("arp: option requires an argument -- 'i'\n");
          return 255;
        }
      } else if (/^-[naev]+$/.test(a)) bsd ||= a.includes('a');
      else if (a === '--numeric' || a === '--verbose') continue;
      else if (a === '--all') bsd = true;
      else if (/^-[dsf]$|^--(delete|set|file)$/.test(a)) {
        // Editing goes through `ip neigh` here (the ENGINE lane's command); say so rather than pretend.
        ctx.err(`arp: ${a}: changing the ARP cache is not available in this lab; use 'ip neigh'\n`);
        return 1;
      }
      else if (a.startsWith('-')) {
        ctx.err(`arp: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'\n`);
        return 255;
      } else host = a;
    }
    // Proxy entries live in the pneigh table, not arp_tbl; the lab's are per device, so skip them.
    const rows = ctx.netns.neigh.filter((n) => !n.ip.includes(':') && n.state !== 'NOARP' && !n.proxy && (!iface || n.dev === iface) && (!host || n.ip === host));
    if (!rows.length) {
      if (host) ctx.out(`${host} (${host}) -- no entry\n`);
      else if (iface) ctx.out(`arp: in 0 entries no match found.\n`);
      return host ? 1 : 0;
    }
    let out = bsd ? '' : 'Address                  HWtype  HWaddress           Flags Mask            Iface\n';
    for (const n of rows) {
      const f = flags(n);
      if (bsd) out += `? (${n.ip}) at ${f ? `${n.lladdr} [ether]${f === 'CM' ? ' PERM' : ''}` : '<incomplete>'} on ${n.dev}\n`;
      else out += `${col(n.ip, 23)}  ${f ? `${col('ether', 8)}${col(n.lladdr!, 20)}` : `${col('', 8)}${col('(incomplete)', 20)}`}${col(f, 6)}${col('', 15)} ${n.dev}\n`;
    }
    ctx.out(out);
    return 0;
  },
};
