/**
 * `ipset list [-n|-t] [NAME]` / `ipset -L`: the node's ipsets (kube-proxy's IPVS mode
 * fills them) in ipset v7.19's listing format, references counted from iptables rules.
 */
import type { Command } from '../command';
import type { IpSet } from '../../kernel/ipvs/state';
import type { NetNS } from '../../kernel/netns';

const VERSION = 'v7.19';
const REVISION: Record<IpSet['type'], number> = { 'hash:ip': 4, 'hash:ip,port': 5, 'hash:ip,port,ip': 5, 'hash:ip,port,net': 7, 'hash:net': 6, 'bitmap:port': 3 };

function references(ns: NetNS, name: string): number {
  let n = 0;
  for (const t of Object.values(ns.nf.tables)) for (const c of t.chains.values()) for (const r of c.rules) if (r.matches.some((m) => m.m === 'set' && m.name === name)) n++;
  return n;
}

function memory(s: IpSet): number {
  if (s.type === 'bitmap:port') return 8264;
  // hash:net with one /17 shows 512 on a real node (calico's cali40masq-ipam-pools).
  if (s.type === 'hash:net') return 488 + 24 * s.entries.size;
  const per = s.type === 'hash:ip,port,ip' || s.type === 'hash:ip,port,net' ? 48 : s.type === 'hash:ip' ? 16 : 24;
  return 392 + per * s.entries.size;
}

function show(ns: NetNS, s: IpSet, terse: boolean): string {
  const header = s.type === 'bitmap:port' ? `range ${s.range ?? '0-65535'}` : `family inet hashsize 1024 maxelem ${s.maxelem ?? 65536}`;
  let out = `Name: ${s.name}\nType: ${s.type}\nRevision: ${REVISION[s.type]}\nHeader: ${header}\nSize in memory: ${memory(s)}\nReferences: ${references(ns, s.name)}\nNumber of entries: ${s.entries.size}\n`;
  if (!terse) out += `Members:\n${[...s.entries].map((e) => e + '\n').join('')}`;
  return out;
}

export const ipset: Command = {
  name: 'ipset',
  summary: 'administration tool for IP sets',
  availableOn: (t) => t.kind !== 'pod',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let names = false;
    let terse = false;
    let cmd: string | undefined;
    let name: string | undefined;
    for (const a of args) {
      if (a === 'list' || a === '-L' || a === '-list' || a === '--list') cmd = 'list';
      else if (a === '-n' || a === '-name' || a === '--name') names = true;
      else if (a === '-t' || a === '-terse' || a === '--terse') terse = true;
      else if (a === 'version' || a === '-v' || a === '--version') cmd = 'version';
      else if (a.startsWith('-') || cmd === undefined) {
        ctx.err(`ipset ${VERSION}: ${cmd === undefined && !a.startsWith('-') ? `No command specified: unknown argument ${a}` : `Unknown argument: \`${a}'`}\nTry \`ipset help' for more help.\n`);
        return 1;
      } else name = a;
    }
    if (cmd === 'version') {
      ctx.out(`ipset ${VERSION}, protocol version: 7\n`);
      return 0;
    }
    if (cmd !== 'list') {
      ctx.err(`ipset ${VERSION}: No command specified.\nTry \`ipset help' for more help.\n`);
      return 1;
    }
    const sets = [...ctx.netns.ipsets.sets.values()];
    const chosen = name === undefined ? sets : sets.filter((s) => s.name === name);
    if (name !== undefined && !chosen.length) {
      ctx.err(`ipset ${VERSION}: The set with the given name does not exist\n`);
      return 1;
    }
    if (names) ctx.out(chosen.map((s) => s.name + '\n').join(''));
    else ctx.out(chosen.map((s) => show(ctx.netns, s, terse)).join('\n'));
    return 0;
  },
};
