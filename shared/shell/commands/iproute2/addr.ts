/**
 * `ip address` (show / add / del / flush): the per-link blocks with inet and inet6
 * lines, `-4`, `-br`, `-o` forms, and the changes with the kernel's side effects.
 */
import type { NetNS } from '../../../kernel/netns';
import type { Address, Link } from '../../../kernel/types';
import { addAddress, delAddress } from '../../../kernel/addrs';
import { linkLocalOf } from '../../../kernel/mac';
import { broadcastOf, formatIPv4, maskOf, parseIPv4, parsePrefix } from '../../../kernel/ip';
import { briefPrefix, linkAddressLine, linkDetails, linkHeader, linkStats, netnsSuffix } from './linkfmt';
import { changed, fail, matches, nextArg, unknownCommand, type IpRun } from './common';
import { selectLinks, type LinkFilter } from './link';

/** Does the link carry an IPv6 link-local address (eui64, while up)? */
function inet6Of(link: Link): string | undefined {
  if (link.kind === 'loopback') return '::1/128';
  if (!link.up || link.kind === 'ipip' || link.kind === 'tun' || !link.mac) return undefined;
  return `${linkLocalOf(link.mac)}/64`;
}

function isSecondary(ns: NetNS, a: Address): boolean {
  const net = (parseIPv4(a.ip)! & maskOf(a.prefixLen)) >>> 0;
  for (const b of ns.addrs) {
    if (b === a) return false;
    if (b.ifindex === a.ifindex && b.prefixLen === a.prefixLen && ((parseIPv4(b.ip)! & maskOf(b.prefixLen)) >>> 0) === net) return true;
  }
  return false;
}

/** The `inet ...` text of one address (without indentation). */
export function inetText(ns: NetNS, link: Link, a: Address): string {
  const brd = a.broadcast ? ` brd ${a.broadcast}` : '';
  return `inet ${a.ip}/${a.prefixLen}${brd} scope ${a.scope}${isSecondary(ns, a) ? ' secondary' : ''} ${link.name}`;
}

const LFT = 'valid_lft forever preferred_lft forever';

/** `ip addr show [dev] NAME` and the forms of it. */
export function showAddresses(run: IpRun, devName?: string, filter: LinkFilter = {}): number {
  const { ns, opts, engine, ctx } = run;
  const links = selectLinks(run, devName, filter);
  if (typeof links === 'number') return links;
  let out = '';
  for (const link of links) {
    const v4 = opts.family === 'inet6' ? [] : ns.addrs.filter((a) => a.ifindex === link.ifindex);
    const v6 = opts.family === 'inet' ? undefined : inet6Of(link);
    if (opts.family && v4.length === 0 && !v6) continue;
    if (opts.brief) {
      out += `${briefPrefix(engine, ns, link)}${[...v4.map((a) => `${a.ip}/${a.prefixLen}`), ...(v6 ? [v6] : [])].map((x) => `${x} `).join('')}\n`;
      continue;
    }
    if (opts.oneline) {
      for (const a of v4) out += `${link.ifindex}: ${link.name}    ${inetText(ns, link, a)}\\       ${LFT}\n`;
      if (v6) out += `${link.ifindex}: ${link.name}    inet6 ${v6} scope ${link.kind === 'loopback' ? 'host' : 'link'} \\       ${LFT}\n`;
      continue;
    }
    out += linkHeader(engine, ns, link, false);
    if (opts.family) {
      // With a family filter iproute2 skips the link/ line but keeps its link-netns on the header.
      out += `${netnsSuffix(engine, link, ns)}\n`;
    } else {
      out += `\n${linkAddressLine(engine, link, ns)}${opts.details ? linkDetails(engine, ns, link) : ''}\n`;
    }
    for (const a of v4) out += `    ${inetText(ns, link, a)}\n       ${LFT}\n`;
    if (v6) out += `    inet6 ${v6} scope ${link.kind === 'loopback' ? 'host' : 'link'} \n       ${LFT}\n`;
    if (opts.stats && !opts.family) out += linkStats(link);
  }
  ctx.out(out);
  return 0;
}

/** `ip addr add|del ADDR [brd X|+] [scope S] dev NAME`. */
function change(run: IpRun, verb: 'add' | 'del', args: string[]): number {
  let cidr: string | undefined;
  let dev: string | undefined;
  let brd: string | undefined;
  let scope: Address['scope'] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') dev = nextArg(args, i++);
    else if (matches(a, 'broadcast') && a.length >= 3) brd = nextArg(args, i++);
    else if (a === 'scope') {
      const s = nextArg(args, i++);
      if (s !== 'host' && s !== 'link' && s !== 'global') return fail(run, `Error: argument "${s}" is wrong: invalid scope value.`, 1);
      scope = s;
    } else if (a === 'label' || a === 'valid_lft' || a === 'preferred_lft') i++;
    else if (a === 'local') cidr = nextArg(args, i++);
    else if (cidr === undefined) cidr = a;
    else return fail(run, `Error: either "local" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (cidr === undefined) return fail(run, 'Not enough information: "dev" argument is required.', 1);
  const p = parsePrefix(cidr);
  if (!p || cidr === 'default') return fail(run, `Error: any valid prefix is expected rather than "${cidr}".`, 1);
  if (dev === undefined) return fail(run, 'Not enough information: "dev" argument is required.', 1);
  if (!run.ns.link(dev)) return fail(run, `Cannot find device "${dev}"`, 1);
  if (verb === 'add') {
    const broadcast = brd === '+' ? formatIPv4(broadcastOf(p)) : brd;
    const r = addAddress(run.ns, dev, cidr, { broadcast, scope });
    if ('error' in r) return fail(run, r.error, 2);
  } else {
    const r = delAddress(run.ns, dev, cidr);
    if ('error' in r) return fail(run, r.error, 2);
  }
  changed(run);
  return 0;
}

/** Entry point for `ip address ...`. */
export function ipAddress(run: IpRun): number {
  const [verb, ...rest] = run.args;
  if (verb === undefined || matches(verb, 'show') || matches(verb, 'list') || verb === 'lst') {
    let dev: string | undefined;
    const filter: LinkFilter = {};
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === 'dev') dev = nextArg(rest, i++);
      else if (a === 'up') filter.up = true;
      else if (a === 'master') filter.master = nextArg(rest, i++);
      else if (a === 'type') filter.type = nextArg(rest, i++);
      else if (a === 'scope' || a === 'label') i++;
      else if (dev === undefined) dev = a;
      else return fail(run, `Error: either "dev" is duplicate, or "${a}" is a garbage.`, 1);
    }
    return showAddresses(run, dev, filter);
  }
  if (matches(verb, 'add')) return change(run, 'add', rest);
  if (matches(verb, 'delete')) return change(run, 'del', rest);
  if (matches(verb, 'flush')) {
    const i = rest.indexOf('dev');
    const dev = i >= 0 ? rest[i + 1] : rest[0];
    if (!dev) return fail(run, 'Flush requires arguments.', 1);
    const link = run.ns.link(dev);
    if (!link) return fail(run, `Device "${dev}" does not exist.`, 1);
    for (const a of run.ns.addrs.filter((x) => x.ifindex === link.ifindex)) delAddress(run.ns, dev, `${a.ip}/${a.prefixLen}`);
    changed(run);
    return 0;
  }
  return unknownCommand(run, verb, 'address');
}
