/** `hostname`: the host's name (`-s` short name); `-i`/`-I` the addresses from the namespace. */
import type { Command } from '../command';

export const hostname: Command = {
  name: 'hostname',
  summary: 'show the system host name',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const name = ctx.netns.hostname;
    if (!args.length || args.every((a) => a === '-s' || a === '--short' || a === '-f' || a === '--fqdn')) {
      ctx.out((args.includes('-s') || args.includes('--short') ? name.split('.')[0] : name) + '\n');
      return 0;
    }
    if (args.length === 1 && (args[0] === '-I' || args[0] === '-i' || args[0] === '--all-ip-addresses')) {
      const lo = ctx.netns.links.find((l) => l.kind === 'loopback')?.ifindex;
      const ips = ctx.netns.addrs.filter((a) => a.ifindex !== lo && !a.ip.startsWith('127.')).map((a) => a.ip);
      ctx.out(ips.join(' ') + (args[0] === '-I' ? ' ' : '') + '\n');
      return 0;
    }
    if (args[0].startsWith('-')) {
      ctx.err(`hostname: invalid option -- '${args[0].slice(1, 2)}'\nUsage: hostname [-s|-f|-i|-I]\n`);
      return 1;
    }
    ctx.err('hostname: you must be root to change the host name\n');
    return 1;
  },
};
