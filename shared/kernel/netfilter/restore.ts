/**
 * `iptables-restore` semantics: `*table` blocks of `:CHAIN POLICY [p:b]` declarations and
 * `-A/-I/-D/-N/-X/-F` lines up to `COMMIT`. Without --noflush every table named is replaced
 * whole; with it, a declared chain is created or flushed and everything else is kept (how
 * kube-proxy syncs). All or nothing: the input is applied to copies of the tables, which
 * replace the live ones only when every line succeeded.
 */
import { parseRule, splitWords } from './parse';
import { appendRule, deleteChain, deleteRule, deleteRuleNum, flush, insertRule, newChain, type NfError } from './ops';
import { emptyTable, isBuiltin, isTableName, type Chain, type NetfilterState, type Table, type TableName } from './state';

export interface RestoreOptions {
  noflush?: boolean;
  counters?: boolean;
  /** Only this table (`-T`). */
  table?: TableName;
}

export type RestoreResult = { ok: true; tables: TableName[] } | { ok: false; error: NfError; line: number };

export function cloneTable(t: Table): Table {
  const chains = new Map<string, Chain>();
  for (const [k, c] of t.chains) chains.set(k, { ...c });
  return { name: t.name, chains, counters: new Map(t.counters), policyCounters: new Map(t.policyCounters), touched: t.touched };
}

export function restore(nf: NetfilterState, input: string, opts: RestoreOptions = {}): RestoreResult {
  const staged = new Map<TableName, Table>();
  let cur: Table | undefined;
  const lines = input.split('\n');
  const fail = (line: number, message: string, code = 2, prefixed = true): RestoreResult => ({
    ok: false,
    line,
    error: { message, code, prefixed },
  });
  for (let n = 1; n <= lines.length; n++) {
    const raw = lines[n - 1]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    if (raw.startsWith('*')) {
      const name = raw.slice(1);
      if (!isTableName(name)) return fail(n, `table '${name}' does not exist`, 1);
      const base = staged.get(name) ?? (opts.noflush ? cloneTable(nf.tables[name]) : freshTable(nf.tables[name]));
      base.touched = true;
      staged.set(name, base);
      cur = base;
      continue;
    }
    if (!cur) return fail(n, 'no command specified', 1);
    if (raw === 'COMMIT') {
      cur = undefined;
      continue;
    }
    if (raw.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?$/.exec(raw);
      if (!m) return fail(n, `Bad chain declaration: ${raw}`, 1);
      const [, name, policy, p, b] = m;
      if (isBuiltin(cur.name, name!)) {
        const c = cur.chains.get(name!)!;
        if (policy !== 'ACCEPT' && policy !== 'DROP') return fail(n, `Can't set policy \`${policy}' on \`${name}' line ${n}: Bad built-in chain name`, 1);
        c.policy = policy;
        if (opts.counters && p !== undefined) cur.policyCounters.set(name!, { pkts: Number(p), bytes: Number(b) });
      } else if (cur.chains.has(name!)) {
        flush(cur, name);
      } else {
        const r = newChain(cur, name!);
        if (!r.ok) return fail(n, r.error.message, r.error.code);
      }
      continue;
    }
    let words = splitWords(raw);
    if (!words) return fail(n, 'Bad argument: unterminated quoted string', 2);
    let counters: { pkts: number; bytes: number } | undefined;
    const cm = /^\[(\d+):(\d+)\]$/.exec(words[0] ?? '');
    if (cm) {
      counters = { pkts: Number(cm[1]), bytes: Number(cm[2]) };
      words = words.slice(1);
    }
    const [cmd, chain, ...rest] = words;
    if (!chain) return fail(n, `option "${cmd}" requires an argument`);
    let r: { ok: true } | { ok: false; error: NfError };
    if (cmd === '-N') r = newChain(cur, chain);
    else if (cmd === '-X') r = deleteChain(cur, chain);
    else if (cmd === '-F') r = flush(cur, chain);
    else if (cmd === '-D' && rest.length === 1 && /^\d+$/.test(rest[0]!)) r = deleteRuleNum(cur, chain, Number(rest[0]));
    else if (cmd === '-A' || cmd === '-I' || cmd === '-D') {
      let args = rest;
      let num = 1;
      if (cmd === '-I' && args[0] !== undefined && /^\d+$/.test(args[0])) {
        num = Number(args[0]);
        args = args.slice(1);
      }
      const parsed = parseRule(args);
      if (!parsed.ok) return fail(n, parsed.error);
      const rule = parsed.rule;
      r = cmd === '-A' ? appendRule(cur, chain, rule) : cmd === '-I' ? insertRule(cur, chain, rule, num) : deleteRule(cur, chain, rule);
      const c = counters ?? parsed.counters;
      if (r.ok && c && opts.counters && cmd !== '-D') cur.counters.set(rule, { ...c });
    } else return fail(n, `unknown option "${cmd}"`);
    if (!r.ok) return fail(n, r.error.message, r.error.code, r.error.prefixed);
  }
  if (cur) return fail(lines.length, "COMMIT expected at line " + lines.length, 1, true);
  for (const [name, t] of staged) {
    if (opts.table && opts.table !== name) continue;
    nf.tables[name] = t;
  }
  return { ok: true, tables: [...staged.keys()] };
}

/** A table emptied as a flushing restore leaves it: built-ins keep their policies and counters. */
function freshTable(old: Table): Table {
  const t = emptyTable(old.name);
  for (const [k, c] of t.chains) c.policy = old.chains.get(k)?.policy ?? 'ACCEPT';
  t.policyCounters = new Map(old.policyCounters);
  return t;
}
