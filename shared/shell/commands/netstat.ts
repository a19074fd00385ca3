/**
 * `netstat [-tuln] [-a]` (net-tools): this host's sockets from the lab's socket table
 * (shared/sim/apps/sockets.ts) in netstat's fixed columns. The lab's connections are
 * instant exchanges that close at once, so only listening sockets (-l, -a) ever show.
 * The lab has no process ids, so -p's column shows `-` (as netstat does for a socket
 * whose owner it cannot see).
 */
import type { Command, CommandContext } from '../command';
import type { Pod } from '../../model/objects';
import { findListener, listeners, type Listener, type SocketProto } from '../../sim/apps/sockets';

/** /etc/services names netstat (and ss) print without -n. */
export const SERVICES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 443: 'https', 8080: 'http-alt' };

/**
 * Every listening socket of the host: the explicit ones, plus the default servers the
 * apps model answers with (probed on the ports a pod's spec or image can serve on).
 */
export function hostListeners(ctx: CommandContext): Listener[] {
  const ns = ctx.netns;
  const found = new Map<string, Listener>();
  for (const l of listeners(ctx.engine, ns.id)) found.set(`${l.proto}:${l.port}`, l);
  const candidates = new Set<number>([80, 8080, 6443]);
  if (ctx.target.kind === 'pod') {
    const pod = ctx.engine.store.get<Pod>('Pod', ctx.target.namespace, ctx.target.name);
    for (const c of pod?.spec.containers ?? []) for (const p of c.ports ?? []) candidates.add(p.containerPort);
  }
  for (const port of candidates) {
    const l = found.get(`tcp:${port}`) ?? findListener(ctx.engine, ns, 'tcp', port);
    if (l) found.set(`tcp:${port}`, l);
  }
  return [...found.values()].sort((a, b) => a.proto.localeCompare(b.proto) || a.port - b.port);
}

/** `netstat`. */
export const netstat: Command = {
  name: 'netstat',
  summary: 'print network connections (net-tools)',
  run(ctx) {
    let tcp = false;
    let udp = false;
    let listening = false;
    let all = false;
    let numeric = false;
    let program = false;
    for (const a of ctx.argv.slice(1)) {
      const long: Record<string, string> = { '--tcp': 't', '--udp': 'u', '--listening': 'l', '--all': 'a', '--numeric': 'n', '--program': 'p' };
      const flags = long[a] ?? (/^-[a-zA-Z]+$/.test(a) ? a.slice(1) : undefined);
      const bad = flags === undefined ? a : [...flags].find((f) => !'tulanpe'.includes(f));
      if (flags === undefined || bad !== undefined) {
        ctx.err(flags === undefined ? `netstat: unrecognized option '${a}'\n` : `netstat: invalid option -- '${bad}'\n`);
        return 1;
      }
      tcp ||= flags.includes('t');
      udp ||= flags.includes('u');
      listening ||= flags.includes('l');
      all ||= flags.includes('a');
      numeric ||= flags.includes('n');
      program ||= flags.includes('p');
    }
    if (!tcp && !udp) tcp = udp = true;
    const wanted = (p: SocketProto) => (p === 'tcp' ? tcp : udp);
    const title = all ? 'servers and established' : listening ? 'only servers' : 'w/o servers';
    let out = `Active Internet connections (${title})\nProto Recv-Q Send-Q Local Address           Foreign Address         State      ${program ? ' PID/Program name   ' : ''}\n`;
    if (listening || all) {
      for (const l of hostListeners(ctx).filter((x) => wanted(x.proto))) {
        const port = numeric ? String(l.port) : (SERVICES[l.port] ?? String(l.port));
        const state = l.proto === 'tcp' ? 'LISTEN' : '';
        out += `${l.proto.padEnd(4)}  ${'0'.padStart(6)} ${'0'.padStart(6)} ${`0.0.0.0:${port}`.padEnd(23)} ${'0.0.0.0:*'.padEnd(23)} ${state.padEnd(11)}${program ? ` ${'-'.padEnd(19)}` : ''}\n`;
      }
    }
    ctx.out(out);
    return 0;
  },
};
