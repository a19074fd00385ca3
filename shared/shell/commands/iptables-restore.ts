/**
 * `iptables-restore [-n|--noflush] [-c|--counters] [-t|--test] [-T TABLE] [FILE]`: loads
 * rules from a file in the shell's filesystem or from stdin, all or nothing.
 */
import type { Command } from '../command';
import { IPTABLES_VERSION } from '../../kernel/netfilter/format';
import { restore } from '../../kernel/netfilter/restore';
import { emptyNetfilter, isTableName, type TableName } from '../../kernel/netfilter/state';

const TRY = "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n";

export const iptablesRestore: Command = {
  name: 'iptables-restore',
  summary: 'restore iptables rules',
  availableOn: (t) => t.kind !== 'pod',
  run(ctx) {
    let noflush = false;
    let counters = false;
    let test = false;
    let table: TableName | undefined;
    let file: string | undefined;
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-n' || a === '--noflush') noflush = true;
      else if (a === '-c' || a === '--counters') counters = true;
      else if (a === '-t' || a === '--test') test = true;
      else if (a === '-w' || a === '--wait') {
        if (/^\d+$/.test(args[i + 1] ?? '')) i++;
      } else if (a === '-T' || a === '--table') {
        const t = args[++i] ?? '';
        if (!isTableName(t)) {
          ctx.err(`iptables-restore ${IPTABLES_VERSION}: table '${t}' does not exist\n`);
          return 1;
        }
        table = t;
      } else if (a.startsWith('-') && a !== '-') {
        ctx.err(`iptables-restore ${IPTABLES_VERSION}: unknown option "${a}"\n${TRY}`);
        return 2;
      } else if (file === undefined) file = a;
      else {
        ctx.err(`Unknown arguments found on commandline\n`);
        return 2;
      }
    }
    let input = ctx.stdin;
    if (file !== undefined && file !== '-') {
      const r = ctx.fs.read(ctx.fs.resolve(ctx.cwd, file));
      if (!r.ok) {
        ctx.err(`Can't open ${file}: ${r.error}\n`);
        return 1;
      }
      input = r.data;
    }
    // --test parses into a scratch copy and commits nothing.
    const target = test ? { ...emptyNetfilter(), tables: { ...ctx.netns.nf.tables } } : ctx.netns.nf;
    const res = restore(target, input, { noflush, counters, ...(table ? { table } : {}) });
    if (!res.ok) {
      const m = res.error.message.endsWith('\n') ? res.error.message : `${res.error.message}\n`;
      ctx.err(`iptables-restore ${IPTABLES_VERSION}: ${m}Error occurred at line: ${res.line}\n${TRY}`);
      return res.error.code === 1 ? 1 : 2;
    }
    return 0;
  },
};
