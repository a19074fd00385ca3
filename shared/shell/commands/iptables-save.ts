/** `iptables-save [-t TABLE] [-c]`: the node's netfilter tables in iptables-restore format. */
import type { Command } from '../command';
import { formatSave, IPTABLES_VERSION } from '../../kernel/netfilter/format';
import { isTableName } from '../../kernel/netfilter/state';

export const iptablesSave: Command = {
  name: 'iptables-save',
  summary: 'dump iptables rules',
  availableOn: (t) => t.kind !== 'pod',
  run(ctx) {
    let table: string | undefined;
    let counters = false;
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-c' || a === '--counters') counters = true;
      else if (a === '-t' || a === '--table') {
        table = args[++i];
        if (table === undefined) {
          ctx.err(`iptables-save ${IPTABLES_VERSION}: option "${a}" requires an argument\nTry \`iptables-save -h' or 'iptables-save --help' for more information.\n`);
          return 2;
        }
      } else if (/^--table=/.test(a)) table = a.slice(8);
      else if (a === '-V' || a === '--version') {
        ctx.out(`iptables-save ${IPTABLES_VERSION}\n`);
        return 0;
      } else {
        ctx.err(`iptables-save ${IPTABLES_VERSION}: unknown option "${a}"\nTry \`iptables-save -h' or 'iptables-save --help' for more information.\n`);
        return 2;
      }
    }
    if (table !== undefined && !isTableName(table)) {
      ctx.err(`iptables-save ${IPTABLES_VERSION}: Cannot initialize: Table does not exist (do you need to insmod?)\n`);
      return 1;
    }
    ctx.out(formatSave(ctx.netns.nf, ctx.engine.env.clock.now(), { ...(table ? { table } : {}), counters } as { table?: 'nat'; counters: boolean }));
    return 0;
  },
};
