/**
 * `nslookup NAME [SERVER]` (bind9 dnsutils' output): the server line, then the answer,
 * `** server can't find NAME: NXDOMAIN` with status 1, or the timeout message. The query
 * really walks to the nameserver (from a pod: kube-dns via kube-proxy).
 */
import type { Command } from '../command';
import { resolve } from '../../controllers/dns/index';
import { hostResolvConf, isIpv4, reverseName } from './dns-util';
import { parseResolvConf } from '../../controllers/dns/resolver';

export const nslookup: Command = {
  name: 'nslookup',
  summary: 'query Internet name servers interactively',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const opts = ctx.argv.slice(1).filter((a) => a.startsWith('-'));
    const typeOpt = opts.map((o) => /^-(?:type|query|q)=(\w+)$/i.exec(o)?.[1]?.toUpperCase()).find(Boolean);
    const name = args[0];
    if (!name) {
      ctx.err('nslookup: interactive mode is not available in this lab; give a name: nslookup NAME [SERVER]\n');
      return 1;
    }
    const conf = hostResolvConf(ctx);
    const server = args[1] ?? parseResolvConf(conf).nameservers[0];
    if (!server) {
      ctx.err(';; connection timed out; no servers could be reached\n\n');
      return 1;
    }
    const ptr = isIpv4(name);
    const qtype = ptr ? 'PTR' : typeOpt === 'SRV' ? 'SRV' : 'A';
    const r = resolve(ctx.engine, ctx.target, ptr ? reverseName(name) : name, { resolvConf: conf, qtype, server, search: !ptr });
    if (r.rcode === 'TIMEOUT') {
      ctx.out(`;; communications error to ${server}#53: timed out\n`.repeat(3) + ';; no servers could be reached\n\n');
      return 1;
    }
    let out = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
    if (r.rcode !== 'NOERROR' || !r.records.length) {
      out += r.rcode === 'NOERROR' ? `*** Can't find ${name}: No answer\n\n` : `** server can't find ${ptr ? reverseName(name) : name}: ${r.rcode}\n\n`;
      ctx.out(out);
      return 1;
    }
    for (const rec of r.records) {
      const n = rec.name.replace(/\.$/, '');
      if (rec.type === 'A') out += `Name:\t${n}\nAddress: ${rec.data}\n`;
      else if (rec.type === 'PTR') out += `${n}\tname = ${rec.data}\n`;
      else out += `${n}\tservice = ${rec.data}\n`;
    }
    ctx.out(`${out}\n`);
    return 0;
  },
};
