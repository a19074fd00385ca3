/**
 * `ip route` (show / get / add / del / replace / change / append / flush) over the
 * namespace's FIB. `get` runs the same lookup the walker does and prints the chosen
 * route, source address and the `    cache ` line.
 */
import type { Route } from '../../../kernel/types';
import { addRoute, delRoute, lookup, normaliseDst, routesInOrder } from '../../../kernel/routes';
import { sourceAddressFor } from '../../../kernel/addrs';
import { parseIPv4, parsePrefix } from '../../../kernel/ip';
import { dstText, formatRoute } from './routefmt';
import { ROUTE_USAGE } from './usage';
import { changed, fail, matches, nextArg, unknownCommand, type IpRun } from './common';

const TYPES = new Set(['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit']);

function showRoutes(run: IpRun, args: string[]): number {
  let table: 'main' | 'local' | 'all' = 'main';
  let dev: string | undefined;
  let proto: string | undefined;
  let type: string | undefined;
  let scope: string | undefined;
  let prefix: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'table') {
      const t = nextArg(args, i++);
      if (t === 'main' || t === 'local' || t === 'all') table = t;
      else if (t === '254') table = 'main';
      else if (t === '255') table = 'local';
      else return fail(run, `Error: argument "${t ?? ''}" is wrong: table id value is invalid`, 255);
    } else if (a === 'dev' || a === 'oif') dev = nextArg(args, i++);
    else if (a === 'proto') proto = nextArg(args, i++);
    else if (a === 'scope') scope = nextArg(args, i++);
    else if (a === 'type') type = nextArg(args, i++);
    else if (TYPES.has(a)) type = a;
    else if (a === 'root' || a === 'match' || a === 'exact') prefix = nextArg(args, i++);
    else {
      if (prefix !== undefined || !normaliseDst(a)) return fail(run, `Error: any valid prefix is expected rather than "${a}".`, 1);
      prefix = a;
    }
  }
  if (dev !== undefined && !run.ns.link(dev)) return fail(run, `Cannot find device "${dev}"`, 1);
  const want = prefix !== undefined ? normaliseDst(prefix) : undefined;
  const tables: Route['table'][] = table === 'all' ? ['main', 'local'] : [table];
  let out = '';
  for (const t of tables) {
    for (const r of routesInOrder(run.ns, t)) {
      if (dev !== undefined && r.dev !== dev) continue;
      if (proto !== undefined && (r.proto ?? 'boot') !== proto) continue;
      if (type !== undefined && r.type !== type) continue;
      if (scope !== undefined && (r.scope ?? 'global') !== scope) continue;
      if (want !== undefined && r.dst !== want) continue;
      out += `${formatRoute(run.engine, run.ns, r, { hideDev: dev !== undefined, hideProto: proto !== undefined, hideScope: scope !== undefined, showTable: table === 'all', details: run.opts.details })}\n`;
    }
  }
  run.ctx.out(out);
  return 0;
}

function getRoute(run: IpRun, args: string[]): number {
  let target: string | undefined;
  let from: string | undefined;
  let iif: string | undefined;
  let oif: string | undefined;
  let mark: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'from') from = nextArg(args, i++);
    else if (a === 'iif') iif = nextArg(args, i++);
    else if (a === 'oif') oif = nextArg(args, i++);
    else if (a === 'mark') mark = nextArg(args, i++);
    else if (a === 'tos' || a === 'dport' || a === 'sport' || a === 'ipproto' || a === 'uid' || a === 'vrf') nextArg(args, i++);
    else if (a === 'to') target = nextArg(args, i++);
    else if (a === 'fibmatch' || a === 'connected') continue;
    else target = a;
  }
  if (target === undefined) return fail(run, 'need at least a destination address', 1);
  const p = parsePrefix(target);
  if (!p || target === 'default') return fail(run, `Error: any valid prefix is expected rather than "${target}".`, 1);
  if (from !== undefined && parseIPv4(from.split('/')[0]!) === undefined) return fail(run, `Error: any valid prefix is expected rather than "${from}".`, 1);
  for (const d of [iif, oif]) if (d !== undefined && !run.ns.link(d)) return fail(run, `Cannot find device "${d}"`, 1);
  const dst = p.addr;
  const shown = dstText(`${target.split('/')[0]}/32`);
  const fromText = from !== undefined ? `from ${from.split('/')[0]} ` : '';
  const own = from !== undefined && run.ns.addrs.some((a) => a.ip === from.split('/')[0]);
  // Without iif the packet is locally generated: its source must be one of ours.
  if (from !== undefined && iif === undefined && !own) return fail(run, 'RTNETLINK answers: Network is unreachable', 2);
  let r = lookup(run.ns, dst, oif !== undefined && iif === undefined ? { dev: oif } : {});
  if (r?.table === 'local' && r.type === 'local') {
    const iifText = iif !== undefined ? `iif ${iif} ` : '';
    const src = from === undefined ? `src ${r.src ?? shown} uid 0 ` : iif === undefined ? 'uid 0 ' : '';
    run.ctx.out(`local ${shown} ${fromText}dev lo ${src}\n    cache <local> ${iifText}\n`);
    return 0;
  }
  if (!r && oif !== undefined && iif === undefined) r = { table: 'main', type: 'unicast', dst: `${shown}/32`, dev: oif, scope: 'link' };
  if (!r) return fail(run, 'RTNETLINK answers: Network is unreachable', 2);
  if (r.type === 'blackhole') return fail(run, 'RTNETLINK answers: Invalid argument', 2);
  if (r.type === 'unreachable') return fail(run, 'RTNETLINK answers: No route to host', 2);
  if (r.type === 'prohibit') return fail(run, 'RTNETLINK answers: Permission denied', 2);
  const via = r.via ? `via ${r.via} ` : '';
  if (iif !== undefined) {
    // A forwarded packet: the input path, which needs net.ipv4.ip_forward.
    if (!run.ns.sysctl.ipForward) return fail(run, 'RTNETLINK answers: No route to host', 2);
    run.ctx.out(`${shown} ${fromText}${via}dev ${r.dev} \n    cache iif ${iif} \n`);
    return 0;
  }
  const src = from !== undefined ? '' : `src ${r.src ?? sourceAddressFor(run.ns, r.dev, parseIPv4(r.via ?? '') ?? dst)} `;
  const brd = r.type === 'broadcast' ? 'broadcast ' : '';
  run.ctx.out(`${brd}${shown} ${fromText}${via}dev ${r.dev} ${src}${mark !== undefined ? `mark ${mark} ` : ''}uid 0 \n    cache ${brd ? '<local,brd> ' : ''}\n`);
  return 0;
}

function parseRoute(run: IpRun, args: string[]): Route | number {
  const r: Route = { table: 'main', type: 'unicast', dst: '', owner: 'ip' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const val = () => {
      const v = nextArg(args, i++);
      return v;
    };
    if (a === 'via') {
      const v = val();
      if (v === 'inet') continue;
      if (!v || parseIPv4(v) === undefined) return fail(run, `Error: inet address is expected rather than "${v ?? ''}".`, 1);
      r.via = v;
    } else if (a === 'dev' || a === 'oif') r.dev = val();
    else if (a === 'proto') r.proto = val();
    else if (a === 'scope') {
      const s = val();
      if (s !== 'host' && s !== 'link' && s !== 'global') return fail(run, `Error: argument "${s ?? ''}" is wrong: invalid scope value.`, 1);
      r.scope = s;
    } else if (a === 'src') r.src = val();
    else if (a === 'metric' || a === 'priority' || a === 'preference') {
      const v = val();
      if (!v || !/^\d+$/.test(v)) return fail(run, `Error: argument "${v ?? ''}" is wrong: "metric" value is invalid`, 1);
      r.metric = Number(v);
    } else if (a === 'table') {
      const t = val();
      if (t === 'main' || t === '254') r.table = 'main';
      else if (t === 'local' || t === '255') r.table = 'local';
      else return fail(run, `Error: argument "${t ?? ''}" is wrong: "table" value is invalid`, 255);
    } else if (a === 'onlink') r.onlink = true;
    else if (TYPES.has(a) && !r.dst) r.type = a as Route['type'];
    else if (a === 'to') r.dst = val() ?? '';
    else if (!r.dst) r.dst = a;
    else return fail(run, `Error: either "to" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (!r.dst) return fail(run, 'Error: any valid prefix is expected rather than "".', 1);
  if (!normaliseDst(r.dst)) return fail(run, `Error: any valid prefix is expected rather than "${r.dst}".`, 1);
  if (r.src !== undefined && parseIPv4(r.src) === undefined) return fail(run, `Error: inet prefix is expected rather than "${r.src}".`, 1);
  return r;
}

/** Entry point for `ip route ...`. */
export function ipRoute(run: IpRun): number {
  const [verb, ...rest] = run.args;
  if (verb === undefined || matches(verb, 'show') || matches(verb, 'list') || verb === 'lst') return showRoutes(run, rest);
  if (matches(verb, 'get')) return getRoute(run, rest);
  const kind = matches(verb, 'add') ? 'add' : matches(verb, 'delete') ? 'del' : matches(verb, 'replace') ? 'replace'
    : matches(verb, 'change') ? 'change' : matches(verb, 'append') ? 'append' : matches(verb, 'flush') ? 'flush' : undefined;
  if (!kind) return unknownCommand(run, verb, 'route');
  if (rest.length === 0 && kind !== 'flush') return fail(run, ROUTE_USAGE.replace(/\n$/, ''), 255);
  if (kind === 'flush') {
    const i = rest.indexOf('dev');
    const dev = i >= 0 ? rest[i + 1] : undefined;
    if (dev !== undefined && !run.ns.link(dev)) return fail(run, `Cannot find device "${dev}"`, 1);
    run.ns.routes = run.ns.routes.filter((r) => r.table !== 'main' || (dev !== undefined && r.dev !== dev));
    changed(run);
    return 0;
  }
  const parsed = parseRoute(run, rest);
  if (typeof parsed === 'number') return parsed;
  if (parsed.dev !== undefined && !run.ns.link(parsed.dev)) return fail(run, `Cannot find device "${parsed.dev}"`, 1);
  if (kind === 'del') {
    const m: Partial<Route> & { dst: string } = { dst: parsed.dst, table: parsed.table };
    if (parsed.via) m.via = parsed.via;
    if (parsed.dev) m.dev = parsed.dev;
    if (parsed.metric !== undefined) m.metric = parsed.metric;
    if (parsed.proto) m.proto = parsed.proto;
    if (parsed.type !== 'unicast') m.type = parsed.type;
    const r = delRoute(run.ns, m);
    if ('error' in r) return fail(run, r.error, r.status);
  } else {
    if (kind === 'change' && !run.ns.routes.some((x) => x.table === parsed.table && x.dst === normaliseDst(parsed.dst))) {
      return fail(run, 'RTNETLINK answers: No such file or directory', 2);
    }
    const r = addRoute(run.ns, parsed, { replace: kind === 'replace' || kind === 'change' });
    if ('error' in r) return fail(run, r.error, r.status);
  }
  changed(run);
  return 0;
}
