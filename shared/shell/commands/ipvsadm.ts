/**
 * `ipvsadm` (v1.31, kernel IPVS 1.2.1): `-L/-l [-n] [--stats|--rate|--timeout|-c]`,
 * `-A/-E/-D -t|-u VIP:PORT [-s SCHED] [-p TIMEOUT]`, `-a/-e/-d -t|-u VIP:PORT -r RIP:PORT
 * [-m|-g|-i] [-w W]`, `-C`, `-S [-n]`, `-R` (from stdin), printf-padded as ipvsadm prints.
 * Services are sorted with ipvsadm's own comparator (protocol, then address as a wrapping
 * 32-bit difference, then port), so the order matches a real node's.
 */
import type { Command, CommandContext } from '../command';
import { connCounts } from '../../kernel/ipvs/schedule';
import { SCHEDULERS, statsKey, type IpvsState, type IpvsStats, type RealServer, type Scheduler, type VirtualService } from '../../kernel/ipvs/state';
import { parseIpv4, SERVICE_PORTS } from '../../kernel/netfilter/parse';
import type { NetNS } from '../../kernel/netns';

const HEADER = 'IP Virtual Server version 1.2.1 (size=4096)\n';
const FWD = { m: 'Masq', g: 'Route', i: 'Tunnel' } as const;
/** Provenance of what the learner adds by hand: no controller wrote it. */
const TYPED = { controller: 'ipvsadm', detail: 'typed in a shell' };
const FWD_FLAG = { Masq: '-m', Route: '-g', Tunnel: '-i' } as const;

/** ipvsadm's service_cmp / dest_cmp: `ntohl(a) - ntohl(b)` as a signed 32-bit int. */
function addrCmp(a: string, b: string): number {
  return ((parseIpv4(a) ?? 0) - (parseIpv4(b) ?? 0)) | 0;
}

/** glibc's qsort is a merge sort: stable, and deterministic even for ipvsadm's non-transitive comparator. */
function msort<T>(xs: T[], cmp: (a: T, b: T) => number): T[] {
  if (xs.length <= 1) return xs;
  const n1 = xs.length >> 1;
  const a = msort(xs.slice(0, n1), cmp);
  const b = msort(xs.slice(n1), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(cmp(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  return out.concat(a.slice(i), b.slice(j));
}

function sortedServices(st: IpvsState): VirtualService[] {
  const proto = (p: string) => (p === 'TCP' ? 6 : 17);
  return msort([...st.services], (x, y) => proto(x.proto) - proto(y.proto) || addrCmp(x.vip, y.vip) || x.port - y.port);
}

function sortedReals(vs: VirtualService): RealServer[] {
  return msort([...vs.reals], (x, y) => addrCmp(x.ip, y.ip) || x.port - y.port);
}

function hostPort(ip: string, port: number, numeric: boolean): string {
  if (numeric) return `${ip}:${port}`;
  const name = Object.entries(SERVICE_PORTS).find(([, v]) => v === port)?.[0];
  return `${ip}:${name ?? port}`;
}

function list(ns: NetNS, o: { numeric: boolean; stats: boolean; rate: boolean; proto?: string; vip?: { ip: string; port: number } }, now: number): string {
  let s = HEADER;
  // `-L -t VIP:PORT` lists that one service.
  const svcs = sortedServices(ns.ipvs).filter((v) => !o.vip || (v.proto === o.proto && v.vip === o.vip.ip && v.port === o.vip.port));
  const n = (v: number) => String(v).padStart(8);
  if (o.stats || o.rate) {
    s += o.stats
      ? `${'Prot LocalAddress:Port'.padEnd(33)} ${['Conns', 'InPkts', 'OutPkts', 'InBytes', 'OutBytes'].map((h) => h.padStart(8)).join(' ')}\n`
      : `${'Prot LocalAddress:Port'.padEnd(33)} ${['CPS', 'InPPS', 'OutPPS', 'InBPS', 'OutBPS'].map((h) => h.padStart(8)).join(' ')}\n`;
    s += '  -> RemoteAddress:Port\n';
    const counters = (k: string) => {
      const x: IpvsStats | undefined = ns.ipvs.stats.get(k);
      return o.stats && x ? [x.conns, x.inPkts, x.outPkts, x.inBytes, x.outBytes] : [0, 0, 0, 0, 0];
    };
    for (const vs of svcs) {
      const c = counters(statsKey(vs));
      s += `${`${vs.proto}  ${hostPort(vs.vip, vs.port, o.numeric)}`.padEnd(33)} ${c.map(n).join(' ')}\n`;
      for (const r of sortedReals(vs)) {
        const rc = counters(statsKey(vs, r));
        s += `  -> ${hostPort(r.ip, r.port, o.numeric).padEnd(28)} ${rc.map(n).join(' ')}\n`;
      }
    }
    return s;
  }
  s += 'Prot LocalAddress:Port Scheduler Flags\n';
  s += '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';
  for (const vs of svcs) {
    s += `${vs.proto}  ${hostPort(vs.vip, vs.port, o.numeric)} ${vs.scheduler}${vs.persistent !== undefined ? ` persistent ${vs.persistent}` : ''}\n`;
    for (const r of sortedReals(vs)) {
      const c = connCounts(ns, `${vs.vip}:${vs.port}`, `${r.ip}:${r.port}`, now);
      s += `  -> ${hostPort(r.ip, r.port, o.numeric).padEnd(28)} ${r.forward.padEnd(7)} ${String(r.weight).padEnd(6)} ${String(c.active).padEnd(10)} ${String(c.inactive).padEnd(10)}\n`;
    }
  }
  return s;
}

function connections(ns: NetNS, numeric: boolean, now: number): string {
  let s = 'IPVS connection entries\npro expire state       source             virtual            destination\n';
  for (const c of ns.ipvs.conns) {
    if (c.expires <= now) continue;
    const left = Math.ceil((c.expires - now) / 1000);
    const mmss = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
    const hp = (x: string) => (numeric ? x : hostPort(x.split(':')[0]!, Number(x.split(':')[1]), false));
    s += `${c.proto} ${mmss}  ${c.state.padEnd(11)} ${hp(c.client).padEnd(18)} ${hp(c.virtual).padEnd(18)} ${hp(c.real)}\n`;
  }
  return s;
}

/** `ipvsadm -S[n]` text: one self-contained line per virtual and real server (the element details quote it). */
export function save(ns: Pick<NetNS, 'ipvs'>, numeric: boolean): string {
  let s = '';
  for (const vs of sortedServices(ns.ipvs)) {
    const f = vs.proto === 'TCP' ? '-t' : '-u';
    const v = hostPort(vs.vip, vs.port, numeric);
    s += `-A ${f} ${v} -s ${vs.scheduler}${vs.persistent !== undefined ? ` -p ${vs.persistent}` : ''}\n`;
    for (const r of sortedReals(vs)) s += `-a ${f} ${v} -r ${hostPort(r.ip, r.port, numeric)} ${FWD_FLAG[r.forward]} -w ${r.weight}\n`;
  }
  return s;
}

interface Args {
  cmd?: string;
  proto?: 'TCP' | 'UDP';
  vip?: { ip: string; port: number };
  real?: { ip: string; port: number };
  sched?: Scheduler;
  persist?: number;
  fwd?: keyof typeof FWD;
  weight?: number;
  numeric: boolean;
  stats: boolean;
  rate: boolean;
  timeout: boolean;
  conns: boolean;
}

function parseAddr(s: string | undefined): { ip: string; port: number } | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(s ?? '');
  if (!m || parseIpv4(m[1]!) === undefined) return undefined;
  return { ip: m[1]!, port: m[2] ? Number(m[2]) : 0 };
}

/** Parses and applies one ipvsadm command line; returns the exit status. */
function exec(ctx: CommandContext, argv: string[], ns: NetNS): number {
  const a: Args = { numeric: false, stats: false, rate: false, timeout: false, conns: false };
  const fail = (msg: string, code = 2) => {
    ctx.err(`${msg}\n`);
    return code;
  };
  const cmds: Record<string, string> = { '-A': 'A', '--add-service': 'A', '-E': 'E', '--edit-service': 'E', '-D': 'D', '--delete-service': 'D', '-C': 'C', '--clear': 'C', '-R': 'R', '--restore': 'R', '-S': 'S', '--save': 'S', '-a': 'a', '--add-server': 'a', '-e': 'e', '--edit-server': 'e', '-d': 'd', '--delete-server': 'd', '-L': 'L', '-l': 'L', '--list': 'L', '-Z': 'Z', '--zero': 'Z', '-v': 'V', '--version': 'V' };
  for (let i = 0; i < argv.length; i++) {
    let x = argv[i]!;
    if (/^-[Llnc]{2,}$/.test(x)) {
      // -Ln, -ln, -Lnc
      for (const ch of x.slice(1)) {
        if (ch === 'n') a.numeric = true;
        else if (ch === 'c') a.conns = true;
        else a.cmd = 'L';
      }
      continue;
    }
    if (cmds[x]) {
      if (a.cmd && a.cmd !== cmds[x]) return fail('ipvsadm: only one command is allowed at a time');
      a.cmd = cmds[x];
      continue;
    }
    const v = () => argv[++i];
    if (x === '-t' || x === '--tcp-service' || x === '-u' || x === '--udp-service') {
      a.proto = x === '-t' || x === '--tcp-service' ? 'TCP' : 'UDP';
      x = v() ?? '';
      a.vip = parseAddr(x);
      if (!a.vip) return fail('Illegal virtual server address[:port] specified');
    } else if (x === '-r' || x === '--real-server') {
      a.real = parseAddr(v());
      if (!a.real) return fail('Illegal virtual server address[:port] specified');
    } else if (x === '-s' || x === '--scheduler') {
      const s = v() as Scheduler;
      if (!SCHEDULERS.includes(s)) return fail('Scheduler not found: ip_vs_' + s + '.ko', 1);
      a.sched = s;
    } else if (x === '-p' || x === '--persistent') {
      const n = /^\d+$/.test(argv[i + 1] ?? '') ? Number(argv[++i]) : 300;
      a.persist = n;
    } else if (x === '-w' || x === '--weight') {
      const n = Number(v());
      if (!Number.isInteger(n) || n < 0 || n > 65535) return fail('Illegal weight specified');
      a.weight = n;
    } else if (x === '-m' || x === '--masquerading') a.fwd = 'm';
    else if (x === '-g' || x === '--gatewaying') a.fwd = 'g';
    else if (x === '-i' || x === '--ipip') a.fwd = 'i';
    else if (x === '-n' || x === '--numeric') a.numeric = true;
    else if (x === '-c' || x === '--connection') a.conns = true;
    else if (x === '--stats') a.stats = true;
    else if (x === '--rate') a.rate = true;
    else if (x === '--timeout') a.timeout = true;
    else return fail(`ipvsadm: invalid option -- '${x.replace(/^-+/, '')}'\nTry \`ipvsadm -h' or 'ipvsadm --help' for more information.`);
  }
  const now = ctx.engine.env.clock.now();
  const st = ns.ipvs;
  const cmd = a.cmd ?? 'L';
  const find = () => st.services.find((s) => s.proto === a.proto && s.vip === a.vip?.ip && s.port === a.vip?.port);
  switch (cmd) {
    case 'V':
      ctx.out('ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n');
      return 0;
    case 'L':
      if (a.timeout) ctx.out('Timeout (tcp tcpfin udp): 900 120 300\n');
      else if (a.conns) ctx.out(connections(ns, a.numeric, now));
      else {
        if (a.vip && !find()) return fail('No such service', 1);
        ctx.out(list(ns, a, now));
      }
      return 0;
    case 'S':
      ctx.out(save(ns, a.numeric));
      return 0;
    case 'C':
      st.services = [];
      st.conns = [];
      return 0;
    case 'Z':
      for (const x of st.stats.values()) Object.assign(x, { conns: 0, inPkts: 0, outPkts: 0, inBytes: 0, outBytes: 0 });
      return 0;
    case 'R': {
      for (const line of ctx.stdin.split('\n')) {
        const words = line.trim().split(/\s+/).filter(Boolean);
        if (!words.length) continue;
        const code = exec(ctx, words, ns);
        if (code) return code;
      }
      return 0;
    }
  }
  if (!a.vip || !a.proto) return fail('You need to supply the \'service-address\' option for the \'' + { A: 'add-service', E: 'edit-service', D: 'delete-service', a: 'add-server', e: 'edit-server', d: 'delete-server' }[cmd] + "' command");
  const vs = find();
  if (cmd === 'A') {
    if (vs) return fail('Service already exists', 1);
    st.services = [...st.services, { proto: a.proto, vip: a.vip.ip, port: a.vip.port, scheduler: a.sched ?? 'wlc', ...(a.persist !== undefined ? { persistent: a.persist } : {}), reals: [], owner: 'ipvsadm', origin: TYPED }];
    return 0;
  }
  if (!vs) return fail('No such service', 1);
  // Virtual services may be shared with other nodes: replace, never mutate.
  const replace = (next: VirtualService) => (st.services = st.services.map((s) => (s === vs ? next : s)));
  if (cmd === 'E') {
    replace({ ...vs, ...(a.sched ? { scheduler: a.sched } : {}), ...(a.persist !== undefined ? { persistent: a.persist } : {}) });
    return 0;
  }
  if (cmd === 'D') {
    st.services = st.services.filter((s) => s !== vs);
    return 0;
  }
  if (!a.real) return fail(`You need to supply the 'real-server' option for the '${{ a: 'add-server', e: 'edit-server', d: 'delete-server' }[cmd]}' command`);
  const rport = a.real.port || vs.port;
  const idx = vs.reals.findIndex((r) => r.ip === a.real!.ip && r.port === rport);
  if (cmd === 'a') {
    if (idx >= 0) return fail('Destination already exists', 1);
    replace({ ...vs, reals: [...vs.reals, { ip: a.real.ip, port: rport, forward: FWD[a.fwd ?? 'g'], weight: a.weight ?? 1, origin: TYPED }] });
    return 0;
  }
  if (idx < 0) return fail('No such destination', 1);
  if (cmd === 'e') {
    replace({ ...vs, reals: vs.reals.map((r, j) => (j === idx ? { ...r, ...(a.weight !== undefined ? { weight: a.weight } : {}), ...(a.fwd ? { forward: FWD[a.fwd] } : {}) } : r)) });
    return 0;
  }
  replace({ ...vs, reals: vs.reals.filter((_, j) => j !== idx) });
  return 0;
}

export const ipvsadm: Command = {
  name: 'ipvsadm',
  summary: 'Linux Virtual Server administration',
  availableOn: (t) => t.kind === 'node',
  run(ctx) {
    return exec(ctx, ctx.argv.slice(1), ctx.netns);
  },
};
