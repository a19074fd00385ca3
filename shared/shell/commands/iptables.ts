/**
 * `iptables` (IPv4, iptables v1.8.9 (nf_tables)): -L/-S listings, -A/-I/-D/-R/-C rule edits,
 * -N/-X/-F/-Z/-P chain commands on the node's netfilter tables, with iptables' own error
 * texts and exit codes (1 for a failed operation, 2 for bad usage, 3 for a missing table,
 * 4 for a refused kernel change). Edits are real: the next packet walk sees them.
 */
import type { Command, CommandContext } from '../command';
import { formatRulesS, IPTABLES_VERSION } from '../../kernel/netfilter/format';
import { formatList } from '../../kernel/netfilter/format-list';
import { parseRule } from '../../kernel/netfilter/parse';
import * as ops from '../../kernel/netfilter/ops';
import { isTableName, type Table } from '../../kernel/netfilter/state';

const CMDS: Record<string, string> = {
  '-A': 'A', '--append': 'A', '-C': 'C', '--check': 'C', '-D': 'D', '--delete': 'D', '-I': 'I', '--insert': 'I',
  '-R': 'R', '--replace': 'R', '-L': 'L', '--list': 'L', '-S': 'S', '--list-rules': 'S', '-F': 'F', '--flush': 'F',
  '-Z': 'Z', '--zero': 'Z', '-N': 'N', '--new-chain': 'N', '-X': 'X', '--delete-chain': 'X', '-P': 'P', '--policy': 'P',
  '-V': 'V', '--version': 'V', '-h': 'h', '--help': 'h',
};
const SHORT_CMDS = 'ACDIRLSFZNXPVh';
const SHORT_OPTS = 'nvx';

/** Options that are iptables' own, not part of the rule spec. */
interface Parsed {
  cmd?: string;
  /** -L together with -Z. */
  zeroToo: boolean;
  chain?: string;
  /** Positional after the chain: rule number or policy. */
  extra: string[];
  table: string;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  rule: string[];
}

/** Every short option iptables 1.8 knows (commands, options, rule matches); others are refused. */
const IPTABLES_SHORT = 'ACDEFhILNPRSVXZ46cdfgijmnopstvwWx';

type Fail = { error: string; code: number; tryLine: boolean };

function usage(msg: string): Fail {
  return { error: `iptables ${IPTABLES_VERSION}: ${msg}`, code: 2, tryLine: true };
}

function parseArgs(argv: string[]): Parsed | Fail {
  const p: Parsed = { zeroToo: false, extra: [], table: 'filter', numeric: false, verbose: false, exact: false, lineNumbers: false, rule: [] };
  const setCmd = (c: string): Fail | undefined => {
    if (p.cmd && !(p.cmd === 'L' && c === 'Z') && !(p.cmd === 'Z' && c === 'L')) return usage("Can't use -" + c + ' with -' + p.cmd + '\n');
    if ((p.cmd === 'L' && c === 'Z') || (p.cmd === 'Z' && c === 'L')) {
      p.zeroToo = true;
      p.cmd = 'L';
    } else p.cmd = c;
    return undefined;
  };
  let i = 0;
  const takePositional = (needChain: boolean): Fail | undefined => {
    const next = argv[i + 1];
    if (next !== undefined && (!next.startsWith('-') || /^-\d/.test(next))) {
      p.chain = next;
      i++;
      while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-') && argv[i + 1] !== '!') p.extra.push(argv[++i]!);
    } else if (needChain) return usage(`option "${argv[i]}" requires an argument`);
    return undefined;
  };
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    const cmd = CMDS[a];
    if (cmd) {
      const e = setCmd(cmd) ?? takePositional('ACDIRNP'.includes(cmd));
      if (e) return e;
      continue;
    }
    if (a === '-t' || a === '--table') {
      const t = argv[++i];
      if (t === undefined) return usage(`option "${a}" requires an argument`);
      p.table = t;
    } else if (a === '-n' || a === '--numeric') p.numeric = true;
    else if (a === '-v' || a === '--verbose') p.verbose = true;
    else if (a === '-x' || a === '--exact') p.exact = true;
    else if (a === '--line-numbers') p.lineNumbers = true;
    else if (a === '-w' || a === '--wait') {
      if (argv[i + 1] !== undefined && /^\d+$/.test(argv[i + 1]!)) i++;
    } else if (/^-[A-Za-z]{2,}$/.test(a) && [...a.slice(1)].every((c) => SHORT_CMDS.includes(c) || SHORT_OPTS.includes(c))) {
      // Clustered short options: -nvL, -vnL, -LZ.
      for (const c of a.slice(1)) {
        if (c === 'n') p.numeric = true;
        else if (c === 'v') p.verbose = true;
        else if (c === 'x') p.exact = true;
        else {
          const e = setCmd(c);
          if (e) return e;
        }
      }
      const last = a[a.length - 1]!;
      if (SHORT_CMDS.includes(last)) {
        const e = takePositional('ACDIRNP'.includes(last));
        if (e) return e;
      }
    } else if (/^-[A-Za-z0-9]$/.test(a) && !IPTABLES_SHORT.includes(a[1]!)) {
      // getopt refuses a letter iptables does not have before any command is looked at.
      return usage(`unknown option "${a}"`);
    } else p.rule.push(a);
  }
  return p;
}

function fail(ctx: CommandContext, e: ops.NfError | Fail): number {
  if ('error' in e) {
    ctx.err(`${e.error}\n${e.tryLine ? "Try `iptables -h' or 'iptables --help' for more information.\n" : ''}`);
    return e.code;
  }
  if (!e.prefixed) ctx.err(`${e.message}\n`);
  else ctx.err(`iptables ${IPTABLES_VERSION}: ${e.message}\n${e.code === 2 ? "Try `iptables -h' or 'iptables --help' for more information.\n" : ''}`);
  return e.code;
}

function num(s: string | undefined): number | undefined {
  return s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined;
}

export const iptables: Command = {
  name: 'iptables',
  summary: 'administration tool for IPv4 packet filtering and NAT',
  availableOn: (t) => t.kind !== 'pod',
  run(ctx) {
    const parsed = parseArgs(ctx.argv.slice(1));
    if ('error' in parsed) return fail(ctx, parsed);
    const p = parsed;
    if (p.cmd === 'V') {
      ctx.out(`iptables ${IPTABLES_VERSION}\n`);
      return 0;
    }
    if (p.cmd === 'h') {
      ctx.out(`iptables ${IPTABLES_VERSION}\n\nUsage: iptables -[ACD] chain rule-specification [options]\n       iptables -I chain [rulenum] rule-specification [options]\n       iptables -R chain rulenum rule-specification [options]\n       iptables -D chain rulenum [options]\n       iptables -[LS] [chain [rulenum]] [options]\n       iptables -[FZ] [chain] [options]\n       iptables -[NX] chain\n       iptables -E old-chain-name new-chain-name\n       iptables -P chain target [options]\n       iptables -h (print this help information)\n`);
      return 0;
    }
    if (!p.cmd) return fail(ctx, usage('no command specified'));
    if (!isTableName(p.table)) {
      ctx.err(`iptables ${IPTABLES_VERSION}: table '${p.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`);
      return 3;
    }
    const table: Table = ctx.netns.nf.tables[p.table];
    table.touched = true;
    const chain = p.chain;
    const needRule = 'ACIR'.includes(p.cmd) || (p.cmd === 'D' && num(p.extra[0]) === undefined);
    if (!needRule && p.rule.length) {
      const bad = p.rule[0]!;
      return fail(ctx, bad.startsWith('-') ? usage(`unknown option "${bad}"`) : usage(`Bad argument \`${bad}'`));
    }
    let rule;
    if (needRule) {
      const r = parseRule(p.rule);
      if (!r.ok) return fail(ctx, usage(r.error));
      // No controller wrote it: the inspector says it was typed in a shell.
      rule = { ...r.rule, origin: { controller: 'iptables', detail: 'typed in a shell' } };
    }
    let res: ops.OpResult = { ok: true };
    switch (p.cmd) {
      case 'L':
      case 'S': {
        const c = chain ? table.chains.get(chain) : undefined;
        if (chain && !c) return fail(ctx, ops.incompatibleChain(table, chain));
        if (p.cmd === 'L') {
          ctx.out(formatList(table, c, p));
          if (p.zeroToo) ops.zero(table, chain);
        } else {
          const n = num(p.extra[0]);
          let text = formatRulesS(table, c, p.verbose);
          if (c && n !== undefined) {
            if (n < 1 || n > c.rules.length) return fail(ctx, { message: 'iptables: Index of deletion too big.', code: 1, prefixed: false });
            text = text.split('\n')[n] + '\n';
          }
          ctx.out(text);
        }
        return 0;
      }
      case 'A':
        res = ops.appendRule(table, chain!, rule!);
        break;
      case 'I': {
        const n = p.extra.length ? num(p.extra[0]) : 1;
        if (n === undefined) return fail(ctx, usage(`Bad argument \`${p.extra[0]}'`));
        res = ops.insertRule(table, chain!, rule!, n);
        break;
      }
      case 'D': {
        const n = num(p.extra[0]);
        res = n !== undefined ? ops.deleteRuleNum(table, chain!, n) : ops.deleteRule(table, chain!, rule!);
        break;
      }
      case 'R': {
        const n = num(p.extra[0]);
        if (n === undefined) return fail(ctx, usage('-R requires a rule number'));
        res = ops.replaceRule(table, chain!, n, rule!);
        break;
      }
      case 'C':
        res = ops.checkRule(table, chain!, rule!);
        break;
      case 'N':
        res = ops.newChain(table, chain!);
        break;
      case 'X':
        res = ops.deleteChain(table, chain);
        break;
      case 'F':
        res = ops.flush(table, chain);
        break;
      case 'Z':
        res = ops.zero(table, chain);
        break;
      case 'P': {
        const pol = p.extra[0];
        if (pol === undefined) return fail(ctx, usage('-P requires a chain and a policy'));
        res = ops.setPolicy(table, chain!, pol);
        break;
      }
    }
    if (!res.ok) return fail(ctx, res.error);
    return 0;
  },
};
