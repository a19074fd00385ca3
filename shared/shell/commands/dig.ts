/**
 * `dig [@SERVER] NAME [TYPE] [+short] [+search]` (BIND 9.18): the full answer with header,
 * question and answer sections laid out on BIND's tab columns, or `+short`'s bare data.
 * Like dig, it does not use the search list unless asked (+search).
 */
import type { Command } from '../command';
import { resolve } from '../../controllers/dns/index';
import { parseResolvConf } from '../../controllers/dns/resolver';
import { hostResolvConf, isIpv4, reverseName } from './dns-util';

/** The query types the cluster DNS answers here. */
const TYPES = /^(A|AAAA|SRV|PTR)$/i;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Expands tabs only to measure; returns the visible column after `s`. */
function visible(s: string): number {
  let col = 0;
  for (const c of s) col = c === '\t' ? col + 8 - (col % 8) : col + 1;
  return col;
}

/** Places fields at BIND's tab stops (real tabs in the output, as dig writes them). */
export function tabColumns(fields: string[], stops: number[]): string {
  let s = fields[0]!;
  for (let i = 1; i < fields.length; i++) {
    const stop = stops[i - 1]!;
    if (visible(s) >= stop) s += ' ';
    else while (visible(s) < stop) s += '\t';
    s += fields[i]!;
  }
  return s;
}

function when(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

export const dig: Command = {
  name: 'dig',
  summary: 'DNS lookup utility',
  run(ctx) {
    let server: string | undefined;
    let name: string | undefined;
    let qtype: 'A' | 'SRV' | 'PTR' | 'AAAA' = 'A';
    let short = false;
    let search = false;
    let reverse: string | undefined;
    let typeSet = false;
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a.startsWith('@')) server = a.slice(1);
      else if (a === '+short') short = true;
      else if (a === '+search') search = true;
      else if (a.startsWith('+')) continue;
      else if (a === '-x') reverse = args[++i];
      else if (a.startsWith('-t') || a.startsWith('-q')) {
        // `-t TYPE` and `-q NAME` take a value, attached or next (dig -tSRV, dig -t SRV).
        const v = a.length > 2 ? a.slice(2) : args[++i];
        if (v === undefined) {
          ctx.err(`dig: option requires an argument -- '${a[1]}'\n`);
          return 1;
        }
        if (a[1] === 'q') name = v;
        else if (TYPES.test(v)) {
          qtype = v.toUpperCase() as typeof qtype;
          typeSet = true;
        } else ctx.err(`;; Warning, ignoring invalid type ${v}\n`);
      } else if (/^-[pcbfky]$/.test(a)) i++;
      else if (a.startsWith('-')) continue;
      // As dig does, the first bare word that names a type is the type, wherever it stands.
      else if (!typeSet && TYPES.test(a)) {
        qtype = a.toUpperCase() as typeof qtype;
        typeSet = true;
      } else name = a;
    }
    if (reverse) {
      if (!isIpv4(reverse)) {
        ctx.err(`Invalid IP address ${reverse}\n`);
        return 1;
      }
      name = reverseName(reverse);
      qtype = 'PTR';
    }
    name ??= '.';
    const conf = hostResolvConf(ctx);
    server ??= parseResolvConf(conf).nameservers[0];
    const r = resolve(ctx.engine, ctx.target, name, { resolvConf: conf, qtype, search, ...(server ? { server } : {}) });
    if (r.rcode === 'TIMEOUT' || !server) {
      ctx.out(`;; communications error to ${server}#53: timed out\n`.repeat(3).replace(/^/, short ? '' : `\n; <<>> DiG 9.18.30-0ubuntu0.24.04.2-Ubuntu <<>> ${args.join(' ')}\n;; global options: +cmd\n`) + ';; no servers could be reached\n');
      return 9;
    }
    if (short) {
      ctx.out(r.records.map((x) => `${x.data}\n`).join(''));
      return 0;
    }
    const fq = `${r.name.replace(/\.$/, '')}.`;
    const id = ctx.engine.env.rng.fork(`dig:${ctx.engine.env.clock.now()}:${fq}`).int(65536);
    const aa = r.rcode !== 'SERVFAIL';
    let out = `\n; <<>> DiG 9.18.30-0ubuntu0.24.04.2-Ubuntu <<>> ${args.join(' ')}\n;; global options: +cmd\n;; Got answer:\n`;
    out += `;; ->>HEADER<<- opcode: QUERY, status: ${r.rcode}, id: ${id}\n`;
    // CoreDNS answers "no such name" (or no data) in its zone with the zone's SOA in AUTHORITY.
    const domain = ctx.engine.spec.clusterDomain;
    const inZone = fq === `${domain}.` || fq.endsWith(`.${domain}.`);
    const soa = inZone && !r.records.length && r.rcode !== 'SERVFAIL' ? tabColumns([`${domain}.`, '30', 'IN', 'SOA', `ns.dns.${domain}. hostmaster.${domain}. ${Math.floor(ctx.engine.env.clock.now() / 1000)} 7200 1800 86400 30`], [24, 32, 40, 48]) : undefined;
    out += `;; flags: qr${aa ? ' aa' : ''} rd; QUERY: 1, ANSWER: ${r.records.length}, AUTHORITY: ${soa ? 1 : 0}, ADDITIONAL: 1\n`;
    out += ';; WARNING: recursion requested but not available\n\n';
    out += ';; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n';
    out += `;; QUESTION SECTION:\n${tabColumns([`;${fq}`, 'IN', qtype], [32, 40])}\n\n`;
    if (r.records.length) {
      out += ';; ANSWER SECTION:\n';
      for (const x of r.records) out += `${tabColumns([x.name, String(x.ttl), 'IN', x.type, x.data], [24, 32, 40, 48])}\n`;
      out += '\n';
    }
    if (soa) out += `;; AUTHORITY SECTION:\n${soa}\n\n`;
    const size = (soa ? 60 + domain.length * 3 : 0) + 12 + fq.length + 1 + 4 + r.records.reduce((n, x) => n + 12 + (x.type === 'A' ? 4 : x.data.length + 2), 0) + 11;
    out += `;; Query time: ${Math.max(0, Math.round(r.elapsedMs))} msec\n;; SERVER: ${server}#53(${server}) (UDP)\n;; WHEN: ${when(ctx.engine.env.clock.now())}\n;; MSG SIZE  rcvd: ${size}\n\n`;
    ctx.out(out);
    return 0;
  },
};
