/**
 * `conntrack -L|-D [-p PROTO] [-s IP] [-d IP] [--sport N] [--dport N] [-n] [-g]`,
 * `conntrack -C`, `conntrack -F`: the node's connection tracking table in conntrack-tools
 * v1.4.7's format, timeouts counting down on the virtual clock.
 */
import type { Command } from '../command';
import { expire, removeEntry, type CtEntry } from '../../kernel/conntrack/table';
import { CONNTRACK_VERSION, formatEntry, summaryLine } from '../../kernel/conntrack/format';

const ME = `conntrack ${CONNTRACK_VERSION} (conntrack-tools)`;

export const conntrack: Command = {
  name: 'conntrack',
  summary: 'command line interface for netfilter connection tracking',
  availableOn: (t) => t.kind !== 'pod',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let cmd: string | undefined;
    const filters: ((e: CtEntry) => boolean)[] = [];
    const bad = (msg: string, code = 2) => {
      ctx.err(`${ME}: ${msg}\nTry \`conntrack -h' or 'conntrack --help' for more information.\n`);
      return code;
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const val = () => args[++i];
      if (['-L', '--dump', '-D', '--delete', '-F', '--flush', '-C', '--count'].includes(a)) {
        if (cmd) return bad(`Invalid parameters: cannot use ${a} with -${cmd}`);
        cmd = a.replace(/^--?/, '')[0]!.toUpperCase();
        if (args[i + 1] === 'conntrack') i++;
      } else if (a === '-p' || a === '--proto') {
        const p = val()?.toLowerCase();
        if (!p || !['tcp', 'udp', 'icmp'].includes(p)) return bad(`proto \`${p ?? ''}' not found`);
        filters.push((e) => e.proto === p);
      } else if (['-s', '--src', '--orig-src', '-d', '--dst', '--orig-dst', '-r', '--reply-src', '-q', '--reply-dst'].includes(a)) {
        const ip = val();
        if (!ip || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return bad(`Bad parameter \`${ip ?? ''}'`);
        if (a === '-s' || a === '--src' || a === '--orig-src') filters.push((e) => e.orig.src === ip);
        else if (a === '-d' || a === '--dst' || a === '--orig-dst') filters.push((e) => e.orig.dst === ip);
        else if (a === '-r' || a === '--reply-src') filters.push((e) => e.reply.src === ip);
        else filters.push((e) => e.reply.dst === ip);
      } else if (a === '--sport' || a === '--orig-port-src' || a === '--dport' || a === '--orig-port-dst') {
        const n = Number(val());
        if (!Number.isInteger(n)) return bad('Bad parameter');
        filters.push(a === '--sport' || a === '--orig-port-src' ? (e) => e.orig.sport === n : (e) => e.orig.dport === n);
      } else if (a === '-n' || a === '--src-nat') filters.push((e) => e.snat);
      else if (a === '-g' || a === '--dst-nat') filters.push((e) => e.dnat);
      else if (a === '-V' || a === '--version') {
        ctx.out(`${ME}\n`);
        return 0;
      } else return bad(`unknown option \`${a}'`);
    }
    if (!cmd) return bad('no command specified');
    const now = ctx.engine.env.clock.now();
    const ct = ctx.netns.nf.conntrack;
    expire(ct, now);
    const sel = [...ct.entries.values()].filter((e) => filters.every((f) => f(e)));
    if (cmd === 'C') {
      ctx.out(`${ct.entries.size}\n`);
      return 0;
    }
    if (cmd === 'F') {
      for (const id of [...ct.entries.keys()]) removeEntry(ct, id);
      ctx.err(`${ME}: connection tracking table has been emptied.\n`);
      return 0;
    }
    if (cmd === 'D') {
      for (const e of sel) {
        ctx.out(formatEntry(e, now) + '\n');
        removeEntry(ct, e.id);
      }
      ctx.err(`${ME}: ${sel.length} flow entries have been deleted.\n`);
      return sel.length ? 0 : 1;
    }
    ctx.out(sel.map((e) => formatEntry(e, now) + '\n').join(''));
    ctx.err(summaryLine(sel.length));
    return 0;
  },
};
