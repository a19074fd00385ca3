/**
 * `ip link` (show / set / add / delete): headers with `mode DEFAULT`, `-d` details,
 * `-s` counters, `-br` and `-o`; set up/down (routes follow), mtu, master; add bridge,
 * dummy, veth pairs; delete (a veth takes its peer along).
 */
import type { Link } from '../../../kernel/types';
import { addLink, delLink, setLinkUp, setMaster } from '../../../kernel/links';
import { randomMac } from '../../../kernel/mac';
import { briefPrefix, linkAddressLine, linkDetails, linkFlags, linkHeader, linkStats } from './linkfmt';
import { changed, fail, matches, nextArg, unknownCommand, type IpRun } from './common';

/** `ip link show` selectors: `master BR`, `type KIND`, `up`. */
export interface LinkFilter {
  master?: string;
  type?: string;
  up?: boolean;
}

/** iproute2's kind names for `type X` filters. */
function kindName(l: Link): string {
  return l.kind === 'ether' ? '' : l.kind === 'loopback' ? '' : l.kind;
}

/** Applies the selectors; an unknown master gets iproute2's argument error. */
export function filterLinks(run: IpRun, links: Link[], f: LinkFilter): Link[] | number {
  if (f.master !== undefined && !run.ns.link(f.master)) return fail(run, `Error: argument "${f.master}" is wrong: Device does not exist\n`, 255);
  return links.filter((l) => (f.master === undefined || l.master === f.master) && (f.type === undefined || kindName(l) === f.type) && (!f.up || l.up));
}

/**
 * The links `ip link show` / `ip addr show` list: one named device (iproute2's error when it
 * does not exist) or all, through the selectors; a number is the exit status of an error.
 */
export function selectLinks(run: IpRun, devName: string | undefined, filter: LinkFilter): Link[] | number {
  if (devName === undefined) return filterLinks(run, run.ns.links, filter);
  const l = run.ns.link(devName);
  if (!l) return fail(run, `Device "${devName}" does not exist.`, 1);
  return filterLinks(run, [l], filter);
}

function showLinks(run: IpRun, devName?: string, filter: LinkFilter = {}): number {
  const { ns, opts, engine, ctx } = run;
  const links = selectLinks(run, devName, filter);
  if (typeof links === 'number') return links;
  let out = '';
  for (const link of links) {
    if (opts.brief) {
      const mac = link.kind === 'ipip' ? '0.0.0.0 ' : link.kind === 'tun' ? '' : `${link.mac} `;
      out += `${briefPrefix(engine, ns, link)}${mac}${linkFlags(engine, ns, link)} \n`;
      continue;
    }
    const body = `${linkAddressLine(engine, link, ns)}${opts.details ? linkDetails(engine, ns, link) : ''}`;
    if (opts.oneline) {
      out += `${linkHeader(engine, ns, link, true)}\\${body.replace(/\n/g, '\\')}\n`;
      continue;
    }
    out += `${linkHeader(engine, ns, link, true)}\n${body}\n`;
    if (opts.stats) out += linkStats(link);
  }
  ctx.out(out);
  return 0;
}

function setLink(run: IpRun, args: string[]): number {
  let dev: string | undefined;
  const ops: Array<() => number> = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') dev = nextArg(args, i++);
    else if (a === 'up' || a === 'down') ops.push(() => (setLinkUp(run.ns, dev!, a === 'up'), 0));
    else if (a === 'mtu') {
      const v = nextArg(args, i++);
      const n = Number(v);
      if (!v || !/^\d+$/.test(v)) return fail(run, `Error: argument "${v ?? ''}" is wrong: Invalid "mtu" value`, 255);
      ops.push(() => {
        const l = run.ns.link(dev!)!;
        if (n < 68) return fail(run, 'Error: mtu less than device minimum.', 2);
        if (n > 65535) return fail(run, 'Error: mtu greater than device maximum.', 2);
        l.mtu = n;
        return 0;
      });
    } else if (a === 'master') {
      const br = nextArg(args, i++)!;
      ops.push(() => {
        const b = run.ns.link(br);
        if (!b) return fail(run, `Device does not exist`, 1);
        if (b.kind !== 'bridge') return fail(run, 'RTNETLINK answers: Operation not supported', 2);
        setMaster(run.ns, dev!, br);
        return 0;
      });
    } else if (a === 'nomaster') ops.push(() => (setMaster(run.ns, dev!, undefined), 0));
    else if (a === 'address') {
      const mac = nextArg(args, i++) ?? '';
      if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(mac)) return fail(run, `"${mac}" is invalid lladdr.`, 1);
      ops.push(() => ((run.ns.link(dev!)!.mac = mac.toLowerCase()), 0));
    } else if (a === 'name') {
      const nn = nextArg(args, i++)!;
      ops.push(() => {
        if (run.ns.link(nn)) return fail(run, 'RTNETLINK answers: File exists', 2);
        const l = run.ns.link(dev!)!;
        for (const r of run.ns.routes) if (r.dev === l.name) r.dev = nn;
        for (const o of run.ns.links) if (o.master === l.name) o.master = nn;
        l.name = nn;
        return 0;
      });
    } else if (dev === undefined) dev = a;
    else return fail(run, `Error: either "dev" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (dev === undefined) return fail(run, 'Not enough information: "dev" argument is required.', 255);
  if (!run.ns.link(dev)) return fail(run, `Cannot find device "${dev}"`, 1);
  for (const op of ops) {
    const rc = op();
    if (rc) return rc;
  }
  changed(run);
  return 0;
}

function addLinkCmd(run: IpRun, args: string[]): number {
  let name: string | undefined;
  let type: string | undefined;
  let peer: string | undefined;
  let mtu: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'name' || a === 'dev') name = nextArg(args, i++);
    else if (a === 'type') type = nextArg(args, i++);
    else if (a === 'peer') {
      if (args[i + 1] === 'name') i++;
      peer = nextArg(args, i++);
    } else if (a === 'mtu') mtu = Number(nextArg(args, i++));
    else if (name === undefined) name = a;
    else return fail(run, `Error: either "dev" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (!type) return fail(run, 'Not enough information: "type" argument is required', 1);
  if (!name) return fail(run, 'Not enough information: "dev" argument is required.', 1);
  const rng = run.engine.env.rng.fork(`ip-link-add:${run.ns.id}:${name}:${run.ns.nextIfindex}`);
  const base = { name, mac: randomMac(rng), up: false, owner: 'ip' };
  let r: Link | { error: string };
  if (type === 'bridge') r = addLink(run.ns, { ...base, kind: 'bridge', mtu: mtu ?? 1500, qlen: 1000 });
  else if (type === 'dummy') r = addLink(run.ns, { ...base, kind: 'dummy', mtu: mtu ?? 1500 });
  else if (type === 'veth') {
    const peerName = peer ?? `veth${run.ns.links.filter((l) => /^veth\d+$/.test(l.name)).length}`;
    if (run.ns.link(name) || run.ns.link(peerName)) return fail(run, 'RTNETLINK answers: File exists', 2);
    const a = addLink(run.ns, { ...base, kind: 'veth', mtu: mtu ?? 1500, peer: { netns: run.ns.id, ifindex: run.ns.nextIfindex + 1 } } as Link);
    if ('error' in a) return fail(run, a.error, 2);
    r = addLink(run.ns, { ...base, name: peerName, mac: randomMac(rng), kind: 'veth', mtu: mtu ?? 1500, peer: { netns: run.ns.id, ifindex: a.ifindex } } as Link);
  } else return fail(run, `Error: Unknown device type.`, 2);
  if ('error' in r) return fail(run, r.error, 2);
  changed(run);
  return 0;
}

/** Entry point for `ip link ...`. */
export function ipLink(run: IpRun): number {
  const [verb, ...rest] = run.args;
  // iproute2 tries add, set/change, replace, delete before show: `ip l s eth0 up` sets.
  if (verb !== undefined && (matches(verb, 'set') || matches(verb, 'change'))) return setLink(run, rest);
  if (verb === undefined || matches(verb, 'show') || matches(verb, 'list') || matches(verb, 'lst')) {
    let dev: string | undefined;
    const filter: LinkFilter = {};
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a === 'dev') dev = nextArg(rest, i++);
      else if (a === 'up') filter.up = true;
      else if (a === 'master') filter.master = nextArg(rest, i++);
      else if (a === 'type') filter.type = nextArg(rest, i++);
      else if (dev === undefined) dev = a;
      else return fail(run, `Error: either "dev" is duplicate, or "${a}" is a garbage.`, 1);
    }
    return showLinks(run, dev, filter);
  }
  if (matches(verb, 'add')) return addLinkCmd(run, rest);
  if (matches(verb, 'delete')) {
    const dev = rest[0] === 'dev' ? nextArg(rest, 0) : rest[0];
    if (!dev) return fail(run, 'Not enough information: "dev" argument is required.', 255);
    const link = run.ns.link(dev);
    if (!link) return fail(run, `Cannot find device "${dev}"`, 1);
    // lo and physical NICs have no rtnetlink delete (the real tool says so, checked).
    if (link.kind === 'loopback' || link.kind === 'ether') return fail(run, 'RTNETLINK answers: Operation not supported', 2);
    delLink(run.ns, dev, (id) => run.engine.netns.get(id));
    changed(run);
    return 0;
  }
  return unknownCommand(run, verb, 'link');
}
