/**
 * `brctl show [BRIDGE...]` (bridge-utils): each bridge's id (priority 8000 and its MAC),
 * STP state and ports, tab-separated exactly as brctl prints it, from the node's links.
 */
import type { Command, CommandContext } from '../command';
import type { Link } from '../../kernel/types';

const USAGE = `Usage: brctl [commands]
commands:
\taddbr     \t<bridge>\t\tadd bridge
\tdelbr     \t<bridge>\t\tdelete bridge
\taddif     \t<bridge> <device>\tadd interface to bridge
\tdelif     \t<bridge> <device>\tdelete interface from bridge
\tshow      \t[ <bridge> ]\t\tshow a list of bridges
\tshowmacs  \t<bridge>\t\tshow a list of mac addrs
\tshowstp   \t<bridge>\t\tshow bridge stp info
\tstp       \t<bridge> {on|off}\tturn stp on/off
`;

/** One bridge's lines: the ports after the first go on their own lines, 7 tabs in. */
function bridgeLines(ctx: CommandContext, br: Link): string {
  const ports = ctx.netns.links.filter((l) => l.master === br.name).map((l) => l.name).sort();
  // Bridges are created with STP off (the kernel default; CNI plugins leave it off).
  let s = `${br.name}\t${br.name.length < 8 ? '\t' : ''}8000.${br.mac.replace(/:/g, '')}\tno\t\t`;
  s += ports.join('\n\t\t\t\t\t\t\t');
  return `${s}\n`;
}

/** `brctl`, on nodes (pods have no bridge-utils). */
export const brctl: Command = {
  name: 'brctl',
  summary: 'ethernet bridge administration',
  availableOn: (t) => t.kind === 'node' || t.kind === 'external',
  run(ctx) {
    const [sub, ...rest] = ctx.argv.slice(1);
    if (sub === undefined) {
      ctx.out(USAGE);
      return 1;
    }
    if (sub === 'show') {
      const bridges = ctx.netns.links.filter((l) => l.kind === 'bridge').sort((a, b) => (a.name < b.name ? -1 : 1));
      let out = 'bridge name\tbridge id\t\tSTP enabled\tinterfaces\n';
      let code = 0;
      if (!rest.length) for (const br of bridges) out += bridgeLines(ctx, br);
      for (const name of rest) {
        const br = bridges.find((b) => b.name === name);
        if (br) out += bridgeLines(ctx, br);
        else {
          ctx.out(out);
          out = '';
          ctx.err(`bridge ${name} does not exist!\n`);
          code = 1;
        }
      }
      ctx.out(out);
      return code;
    }
    if (/^(addbr|delbr|addif|delif|showmacs|showstp|stp|setageing|setbridgeprio|setfd|sethello|setmaxage|setpathcost|setportprio|hairpin)$/.test(sub)) {
      // Changing bridges goes through `ip link` here (ENGINE lane); say so rather than pretend.
      ctx.err(`brctl: '${sub}' is not available in this lab; use 'ip link' / 'bridge fdb show br BRIDGE'\n`);
      return 1;
    }
    ctx.err(`never heard of command [${sub}]\n`);
    ctx.out(USAGE);
    return 1;
  },
};
