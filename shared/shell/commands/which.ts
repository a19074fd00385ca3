/** `which NAME...`: where a command of this host lives (shell-only builtins have no file). */
import type { Command } from '../command';
import { allCommands } from './index';

/** Commands Debian installs under /usr/sbin rather than /usr/bin. */
const SBIN = new Set(['ip', 'bridge', 'iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'ipvsadm', 'ipset', 'conntrack', 'tcpdump', 'traceroute', 'sysctl', 'arp', 'ifconfig', 'route', 'ss', 'nft']);
/** Builtins with no file on disk (which finds nothing for them; type calls them builtins). */
export const NO_FILE = new Set(['alias', 'cd', 'exit', 'export', 'history', 'help', 'read', 'type', 'unalias', 'unset']);

/** Where Debian installs a command. */
export function commandPath(name: string): string {
  return `${SBIN.has(name) ? '/usr/sbin' : '/usr/bin'}/${name}`;
}

export const which: Command = {
  name: 'which',
  summary: 'locate a command',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => a !== '-a');
    if (!args.length) return 1;
    let status = 0;
    for (const a of args) {
      const c = allCommands().find((x) => x.name === a);
      const here = c && !NO_FILE.has(a) && (!c.availableOn || c.availableOn(ctx.target, ctx.engine));
      if (here) ctx.out(commandPath(a) + '\n');
      else status = 1;
    }
    return status;
  },
};
