/**
 * The edits `iptables` makes to a table (-A -I -D -R -C -N -X -F -Z -P), with the errors and
 * exit codes iptables v1.8.9 (nf_tables) gives. Shared by the `iptables` command,
 * `iptables-restore` and the controllers, so a hand edit and a kube-proxy sync change the
 * same state the same way. Chains' rule arrays are replaced, never mutated (they may be
 * shared with other nodes).
 */
import { ruleSpec } from './format';
import { isBuiltin, type Chain, type Rule, type Table } from './state';

/** An iptables failure: `prefixed` errors read `iptables v1.8.9 (nf_tables): ...` plus the `Try` line. */
export interface NfError {
  message: string;
  code: number;
  prefixed: boolean;
}

export type OpResult = { ok: true } | { ok: false; error: NfError };

const OK: OpResult = { ok: true };
const plain = (message: string, code = 1): OpResult => ({ ok: false, error: { message, code, prefixed: false } });
const prefixed = (message: string, code = 2): OpResult => ({ ok: false, error: { message, code, prefixed: true } });

export const NO_CHAIN = 'iptables: No chain/target/match by that name.';

/** A missing chain given to -L/-S: iptables-nft 1.8.9's own (odd) wording. */
export function incompatibleChain(table: Table, chain: string): NfError {
  return { message: `chain \`${chain}' in table \`${table.name}' is incompatible, use 'nft' tool.`, code: 1, prefixed: true };
}

function targetCheck(table: Table, rule: Rule): OpResult {
  const t = rule.target;
  if (t?.t === 'jump' && !table.chains.has(t.chain)) return prefixed(`Chain '${t.chain}' does not exist`);
  const natOnly = t && (t.t === 'DNAT' || t.t === 'SNAT' || t.t === 'MASQUERADE' || t.t === 'REDIRECT');
  if (natOnly && table.name !== 'nat') return { ok: false, error: { message: ` RULE_APPEND failed (Invalid argument): rule in chain`, code: 4, prefixed: true } };
  return OK;
}

function natHookCheck(chain: string, rule: Rule): OpResult {
  const t = rule.target;
  if (!t) return OK;
  const bad =
    ((t.t === 'DNAT' || t.t === 'REDIRECT') && (chain === 'POSTROUTING' || chain === 'INPUT')) ||
    ((t.t === 'SNAT' || t.t === 'MASQUERADE') && (chain === 'PREROUTING' || chain === 'OUTPUT'));
  return bad ? { ok: false, error: { message: ` RULE_APPEND failed (Invalid argument): rule in chain ${chain}`, code: 4, prefixed: true } } : OK;
}

function getChain(table: Table, name: string): Chain | undefined {
  return table.chains.get(name);
}

/** Chains may be shared between nodes (kube-proxy's service chains): never mutate one, replace it. */
export function setRules(table: Table, c: Chain, rules: readonly Rule[]): void {
  table.chains.set(c.name, { ...c, rules });
}

function validate(table: Table, chainName: string, rule: Rule): OpResult {
  const r = targetCheck(table, rule);
  if (!r.ok) {
    if (r.error.code === 4) r.error.message += ` ${chainName}`;
    return r;
  }
  return natHookCheck(chainName, rule);
}

export function appendRule(table: Table, chainName: string, rule: Rule): OpResult {
  const c = getChain(table, chainName);
  if (!c) return prefixed(`Chain '${chainName}' does not exist`);
  const v = validate(table, chainName, rule);
  if (!v.ok) return v;
  setRules(table, c, [...c.rules, rule]);
  table.touched = true;
  return OK;
}

/** -I CHAIN [N]: N is 1-based; N may be one past the end. */
export function insertRule(table: Table, chainName: string, rule: Rule, num = 1): OpResult {
  const c = getChain(table, chainName);
  if (!c) return prefixed(`Chain '${chainName}' does not exist`);
  if (num < 1 || num > c.rules.length + 1) return plain('iptables: Index of insertion too big.');
  const v = validate(table, chainName, rule);
  if (!v.ok) return v;
  const rules = [...c.rules];
  rules.splice(num - 1, 0, rule);
  setRules(table, c, rules);
  table.touched = true;
  return OK;
}

/** Two rules are the same rule when their `-S` forms are equal (how -D/-C compare). */
export function sameRule(a: Rule, b: Rule): boolean {
  return ruleSpec(a) === ruleSpec(b);
}

export function findRule(c: Chain, rule: Rule): number {
  const spec = ruleSpec(rule);
  return c.rules.findIndex((r) => ruleSpec(r) === spec);
}

export function deleteRule(table: Table, chainName: string, rule: Rule): OpResult {
  const c = getChain(table, chainName);
  if (!c) return prefixed(`Chain '${chainName}' does not exist`);
  const v = targetCheck(table, rule);
  if (!v.ok) return v;
  const i = findRule(c, rule);
  if (i < 0) return plain('iptables: Bad rule (does a matching rule exist in that chain?).');
  setRules(table, c, c.rules.filter((_, j) => j !== i));
  return OK;
}

export function deleteRuleNum(table: Table, chainName: string, num: number): OpResult {
  const c = getChain(table, chainName);
  if (!c) return plain(NO_CHAIN);
  if (num < 1 || num > c.rules.length) return plain('iptables: Index of deletion too big.');
  setRules(table, c, c.rules.filter((_, j) => j !== num - 1));
  return OK;
}

export function replaceRule(table: Table, chainName: string, num: number, rule: Rule): OpResult {
  const c = getChain(table, chainName);
  if (!c) return prefixed(`Chain '${chainName}' does not exist`);
  if (num < 1 || num > c.rules.length) return plain('iptables: Index of replacement too big.');
  const v = validate(table, chainName, rule);
  if (!v.ok) return v;
  setRules(table, c, c.rules.map((r, j) => (j === num - 1 ? rule : r)));
  return OK;
}

export function checkRule(table: Table, chainName: string, rule: Rule): OpResult {
  const c = getChain(table, chainName);
  if (!c) return prefixed(`Chain '${chainName}' does not exist`);
  const v = targetCheck(table, rule);
  if (!v.ok) return v;
  return findRule(c, rule) >= 0 ? OK : plain('iptables: Bad rule (does a matching rule exist in that chain?).');
}

export function newChain(table: Table, name: string): OpResult {
  if (table.chains.has(name)) return plain('iptables: Chain already exists.');
  if (name.startsWith('-') || name.length > 28 || /\s/.test(name)) return prefixed(`Invalid chain name \`${name}'`);
  table.chains.set(name, { name, rules: [] });
  table.touched = true;
  return OK;
}

function referenced(table: Table, name: string): boolean {
  for (const c of table.chains.values()) for (const r of c.rules) if (r.target?.t === 'jump' && r.target.chain === name) return true;
  return false;
}

/** -X [CHAIN]: without a name deletes every empty, unreferenced user chain. */
export function deleteChain(table: Table, name?: string): OpResult {
  if (name === undefined) {
    for (const c of [...table.chains.values()]) {
      if (c.policy === undefined && c.rules.length === 0 && !referenced(table, c.name)) table.chains.delete(c.name);
    }
    return OK;
  }
  const c = table.chains.get(name);
  if (!c) return plain(NO_CHAIN);
  if (isBuiltin(table.name, name)) return plain('iptables: Invalid argument. Run `dmesg\' for more information.');
  if (referenced(table, name) || c.rules.length > 0) {
    return { ok: false, error: { message: ` CHAIN_DEL failed (Device or resource busy): chain ${name}`, code: 4, prefixed: true } };
  }
  table.chains.delete(name);
  return OK;
}

export function flush(table: Table, name?: string): OpResult {
  if (name !== undefined) {
    const c = table.chains.get(name);
    if (!c) return plain(NO_CHAIN);
    for (const r of c.rules) table.counters.delete(r);
    setRules(table, c, []);
    return OK;
  }
  for (const c of [...table.chains.values()]) setRules(table, c, []);
  table.counters.clear();
  table.touched = true;
  return OK;
}

export function zero(table: Table, name?: string): OpResult {
  if (name !== undefined) {
    const c = table.chains.get(name);
    if (!c) return plain(NO_CHAIN);
    for (const r of c.rules) table.counters.delete(r);
    table.policyCounters.delete(name);
    return OK;
  }
  table.counters.clear();
  table.policyCounters.clear();
  return OK;
}

export function setPolicy(table: Table, name: string, policy: string): OpResult {
  const c = table.chains.get(name);
  if (!c) return plain(NO_CHAIN);
  if (!isBuiltin(table.name, name)) return plain('iptables: Bad built-in chain name.');
  if (policy !== 'ACCEPT' && policy !== 'DROP') return plain("iptables: Bad policy name. Run `dmesg' for more information.");
  table.chains.set(name, { ...c, policy });
  table.touched = true;
  return OK;
}
