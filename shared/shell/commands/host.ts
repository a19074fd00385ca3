/**
 * `host NAME [SERVER]` (bind9): `NAME has address IP`, `NAME domain name pointer X` for
 * addresses, `Host NAME not found: 3(NXDOMAIN)` with status 1.
 */
import type { Command } from '../command';
import { resolve } from '../../controllers/dns/index';
import { hostResolvConf, isIpv4, reverseName } from './dns-util';

export const host: Command = {
  name: 'host',
  summary: 'DNS lookup utility',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const t = args.indexOf('-t');
    const qt = t >= 0 ? args[t + 1]?.toUpperCase() : undefined;
    const pos = args.filter((a, i) => !a.startsWith('-') && !(t >= 0 && i === t + 1));
    const name = pos[0];
    if (!name) {
      ctx.err('Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]\n');
      return 1;
    }
    const ptr = isIpv4(name);
    const qtype = ptr ? 'PTR' : qt === 'SRV' ? 'SRV' : 'A';
    const r = resolve(ctx.engine, ctx.target, ptr ? reverseName(name) : name, { resolvConf: hostResolvConf(ctx), qtype, ...(pos[1] ? { server: pos[1] } : {}), search: !ptr });
    let out = pos[1] ? `Using domain server:\nName: ${pos[1]}\nAddress: ${pos[1]}#53\nAliases: \n\n` : '';
    if (r.rcode === 'TIMEOUT') {
      ctx.out(`${out};; connection timed out; no servers could be reached\n`);
      return 1;
    }
    if (r.rcode !== 'NOERROR') {
      ctx.out(`${out}Host ${ptr ? reverseName(name) : name} not found: ${r.rcode === 'NXDOMAIN' ? '3(NXDOMAIN)' : '2(SERVFAIL)'}\n`);
      return 1;
    }
    for (const rec of r.records) {
      const n = rec.name.replace(/\.$/, '');
      if (rec.type === 'A') out += `${n} has address ${rec.data}\n`;
      else if (rec.type === 'PTR') out += `${n} domain name pointer ${rec.data}\n`;
      else out += `${n} has SRV record ${rec.data}\n`;
    }
    ctx.out(out);
    return 0;
  },
};
