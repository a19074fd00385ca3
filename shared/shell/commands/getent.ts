/**
 * `getent hosts|ahosts NAME`: /etc/hosts first, then DNS through the resolver (the glibc
 * `files dns` order). Prints `IP<spaces>NAME`; status 2 when the name is unknown.
 */
import type { Command } from '../command';
import { resolve } from '../../controllers/dns/index';
import { hostResolvConf, hostsLookup } from './dns-util';

export const getent: Command = {
  name: 'getent',
  summary: 'get entries from Name Service Switch libraries',
  run(ctx) {
    const [db, ...keys] = ctx.argv.slice(1);
    if (!db) {
      ctx.err('Usage: getent [OPTION...] database [key ...]\nTry `getent --help\' or `getent --usage\' for more information.\n');
      return 1;
    }
    if (db !== 'hosts' && db !== 'ahosts' && db !== 'ahostsv4') {
      ctx.err(`Unknown database: ${db}\nTry \`getent --help' or \`getent --usage' for more information.\n`);
      return 1;
    }
    let code = 0;
    for (const key of keys) {
      const h = hostsLookup(ctx, key);
      let ip = h?.ip;
      let canon = h ? h.names.join(' ') : key;
      if (!ip) {
        const r = resolve(ctx.engine, ctx.target, key, { resolvConf: hostResolvConf(ctx) });
        const a = r.records.find((x) => x.type === 'A');
        if (a) {
          ip = a.data;
          canon = r.name;
        }
      }
      if (!ip) {
        code = 2;
        continue;
      }
      if (db === 'hosts') ctx.out(`${ip.padEnd(15)} ${canon}\n`);
      else ctx.out(`${ip.padEnd(15)} STREAM ${canon.split(' ')[0]}\n${ip.padEnd(15)} DGRAM  \n${ip.padEnd(15)} RAW    \n`);
    }
    return code;
  },
};
