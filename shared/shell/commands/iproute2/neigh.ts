/**
 * `ip neigh` (show / add / del / replace / flush): the ARP table with PERMANENT entries
 * (flannel's VTEPs, Calico's workloads), learned ones from walks, and proxy entries.
 */
import type { Neighbour, NeighState } from '../../../kernel/types';
import { delNeighbour, setNeighbour } from '../../../kernel/neigh';
import { parseIPv4 } from '../../../kernel/ip';
import { changed, fail, matches, nextArg, unknownCommand, type IpRun } from './common';

const NUD: Record<string, NeighState> = {
  permanent: 'PERMANENT', reachable: 'REACHABLE', stale: 'STALE', delay: 'DELAY', failed: 'FAILED', incomplete: 'INCOMPLETE', noarp: 'NOARP',
};

/** One neighbour line (trailing space included, as iproute2 prints it). */
export function formatNeigh(n: Neighbour, hideDev: boolean): string {
  if (n.proxy) return `${n.ip} ${hideDev ? '' : `dev ${n.dev} `} proxy\n`;
  return `${n.ip} ${hideDev ? '' : `dev ${n.dev} `}${n.lladdr ? `lladdr ${n.lladdr} ` : ''}${n.state} \n`;
}

function show(run: IpRun, args: string[]): number {
  let dev: string | undefined;
  let proxy = false;
  let ip: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') dev = nextArg(args, i++);
    else if (a === 'proxy') proxy = true;
    else if (a === 'nud') i++;
    else if (a === 'to') ip = nextArg(args, i++);
    else if (parseIPv4(a) !== undefined) ip = a;
    else return fail(run, `Error: either "to" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (dev !== undefined && !run.ns.link(dev)) return fail(run, `Cannot find device "${dev}"`, 1);
  let out = '';
  // The kernel's hash buckets list the newest entry first (checked against the real table).
  const rows = run.ns.neigh.filter((n) => !!n.proxy === proxy && (dev === undefined || n.dev === dev) && (ip === undefined || n.ip === ip)).reverse();
  for (const n of rows) out += formatNeigh(n, dev !== undefined);
  run.ctx.out(out);
  return 0;
}

function change(run: IpRun, verb: 'add' | 'del' | 'replace', args: string[]): number {
  let ip: string | undefined;
  let dev: string | undefined;
  let lladdr: string | undefined;
  let state: NeighState = 'PERMANENT';
  let proxy = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') dev = nextArg(args, i++);
    else if (a === 'lladdr') lladdr = nextArg(args, i++);
    else if (a === 'nud') {
      const s = NUD[nextArg(args, i++) ?? ''];
      if (!s) return fail(run, `Error: argument "${args[i] ?? ''}" is wrong: nud state is bad`, 255);
      state = s;
    } else if (a === 'proxy') {
      proxy = true;
      ip = nextArg(args, i++);
    } else if (a === 'to') ip = nextArg(args, i++);
    else if (ip === undefined) ip = a;
    else return fail(run, `Error: either "to" is duplicate, or "${a}" is a garbage.`, 1);
  }
  if (ip === undefined || dev === undefined) return fail(run, 'Device and destination are required arguments.', 255);
  if (parseIPv4(ip) === undefined) return fail(run, `Error: inet address is expected rather than "${ip}".`, 1);
  if (!run.ns.link(dev)) return fail(run, `Cannot find device "${dev}"`, 1);
  if (lladdr !== undefined && !/^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i.test(lladdr)) return fail(run, `"${lladdr}" is invalid lladdr.`, 255);
  if (verb === 'del') {
    if (!delNeighbour(run.ns, ip, dev, proxy)) return fail(run, 'RTNETLINK answers: No such file or directory', 2);
  } else {
    const n: Neighbour = proxy ? { ip, dev, state: 'PERMANENT', proxy: true, owner: 'ip' } : { ip, dev, state, owner: 'ip', ...(lladdr ? { lladdr: lladdr.toLowerCase() } : {}) };
    const r = setNeighbour(run.ns, n, { exclusive: verb === 'add' });
    if ('error' in r) return fail(run, r.error, 2);
  }
  changed(run);
  return 0;
}

/** Entry point for `ip neigh ...`. */
export function ipNeigh(run: IpRun): number {
  const [verb, ...rest] = run.args;
  if (verb === undefined || matches(verb, 'show') || matches(verb, 'list') || verb === 'lst') return show(run, rest);
  if (matches(verb, 'add')) return change(run, 'add', rest);
  if (matches(verb, 'delete')) return change(run, 'del', rest);
  if (matches(verb, 'replace') || matches(verb, 'change')) return change(run, 'replace', rest);
  if (matches(verb, 'flush')) {
    const i = rest.indexOf('dev');
    const dev = i >= 0 ? rest[i + 1] : undefined;
    run.ns.neigh = run.ns.neigh.filter((n) => n.state === 'PERMANENT' || (dev !== undefined && n.dev !== dev));
    changed(run);
    return 0;
  }
  return unknownCommand(run, verb, 'neigh');
}
