/**
 * The one parser of iptables rule arguments (`-s 10.0.0.0/8 -p tcp -m tcp --dport 80 -j
 * ACCEPT`). `iptables -A/-I/-D/-R/-C`, `iptables-restore` and kube-proxy's generator all go
 * through it, so generated rules are exactly what a learner could have typed, and
 * parse(format(rule)) == rule (tested). Errors carry iptables' wording without the
 * `iptables v1.8.9 (nf_tables): ` prefix, which the command adds.
 */
import type { Match, PortRange, Rule } from './state';
import { normalizeCidr, parseMarkMask, parseNumber, SERVICE_PORTS } from './values';
import { parseTarget } from './target';

export { ipv4ToString, normalizeCidr, parseIpv4, SERVICE_PORTS, splitWords } from './values';

export type ParseResult = { ok: true; rule: Rule; counters?: { pkts: number; bytes: number } } | { ok: false; error: string };

const MATCH_MODULES = ['comment', 'tcp', 'udp', 'multiport', 'statistic', 'mark', 'conntrack', 'state', 'addrtype', 'set', 'recent'];
const PROTO_NUMBERS: Record<string, string> = { '0': 'all', '1': 'icmp', '6': 'tcp', '17': 'udp', '132': 'sctp' };
const PROTO_NAMES = ['all', 'tcp', 'udp', 'icmp', 'sctp'];
const CT_STATES = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
const ADDR_TYPES = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];

function parsePort(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n <= 65535 ? n : undefined;
  }
  return SERVICE_PORTS[s];
}

function parseRange(s: string): PortRange | undefined {
  const [a, b, extra] = s.split(':');
  if (extra !== undefined || a === undefined) return undefined;
  const lo = a === '' ? 0 : parsePort(a);
  const hi = b === undefined ? lo : b === '' ? 65535 : parsePort(b);
  if (lo === undefined || hi === undefined) return undefined;
  return { lo, hi };
}

/** The kernel keeps the probability as u32 of 2^31; this is what makes 1/3 print as 0.33333333349. */
export function probabilityToU32(p: number): number {
  return Math.round(p * 0x80000000);
}

/**
 * Parses rule arguments (everything after `-A CHAIN`). `-c PKTS BYTES` (iptables-restore
 * -c, `-S -v`) is accepted and returned apart from the rule.
 */
export function parseRule(args: readonly string[]): ParseResult {
  const rule: Rule = { matches: [] };
  let counters: { pkts: number; bytes: number } | undefined;
  let i = 0;
  let inv = false;
  /** The match module whose options are being read (`-m tcp` → tcp). */
  let current: Match | undefined;
  const fail = (error: string): ParseResult => ({ ok: false, error });
  const take = (_opt: string): string | undefined => {
    const v = args[i + 1];
    if (v === undefined) return undefined;
    i++;
    return v;
  };
  const needArg = (opt: string) => `option "${opt}" requires an argument`;

  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '!') {
      if (inv) return fail('multiple consecutive ! not allowed');
      inv = true;
      continue;
    }
    const neg = inv;
    inv = false;
    const basic = (key: 'src' | 'dst' | 'in' | 'out' | 'proto', v: string): ParseResult | undefined => {
      if (rule[key]) {
        const flag = { src: '-s', dst: '-d', in: '-i', out: '-o', proto: '-p' }[key];
        return fail(`multiple ${flag} flags not allowed`);
      }
      rule[key] = { value: v, inv: neg };
      return undefined;
    };
    if (a === '-s' || a === '--source' || a === '-d' || a === '--destination') {
      const v = take(a);
      if (v === undefined) return fail(needArg(a));
      const cidr = normalizeCidr(v);
      if (!cidr) return fail(`host/network \`${v}' not found`);
      const r = basic(a === '-s' || a === '--source' ? 'src' : 'dst', cidr);
      if (r) return r;
    } else if (a === '-i' || a === '--in-interface' || a === '-o' || a === '--out-interface') {
      const v = take(a);
      if (v === undefined) return fail(needArg(a));
      const r = basic(a === '-i' || a === '--in-interface' ? 'in' : 'out', v);
      if (r) return r;
    } else if (a === '-p' || a === '--protocol') {
      const v = take(a);
      if (v === undefined) return fail(needArg(a));
      const lower = v.toLowerCase();
      const name = PROTO_NUMBERS[lower] ?? (PROTO_NAMES.includes(lower) ? lower : /^\d+$/.test(lower) && Number(lower) < 256 ? lower : undefined);
      if (!name) return fail(`unknown protocol "${v}" specified`);
      if (name === 'all' && !neg) continue;
      const r = basic('proto', name);
      if (r) return r;
    } else if (a === '-m' || a === '--match') {
      const name = take(a);
      if (name === undefined) return fail(needArg(a));
      if (!MATCH_MODULES.includes(name)) return fail(`Couldn't load match \`${name}':No such file or directory\n`);
      current = newMatch(name);
      rule.matches.push(current);
    } else if (a === '-j' || a === '--jump' || a === '-g' || a === '--goto') {
      const name = take(a);
      if (name === undefined) return fail(needArg(a));
      const t = parseTarget(name, args.slice(i + 1), a === '-g' || a === '--goto');
      if ('error' in t) return fail(t.error);
      rule.target = t.target;
      i += t.used;
    } else if (a === '-c' || a === '--set-counters') {
      const p = parseNumber(args[i + 1]);
      const b = parseNumber(args[i + 2]);
      if (p === undefined || b === undefined) return fail('-c requires packet and byte counter');
      counters = { pkts: p, bytes: b };
      i += 2;
    } else if (a.startsWith('--')) {
      // A module option: the current -m module, or tcp/udp loaded implicitly by -p.
      let m = current && acceptsOption(current, a) ? current : undefined;
      if (!m && (a === '--dport' || a === '--sport' || a === '--destination-port' || a === '--source-port')) {
        const p = rule.proto?.value;
        if ((p === 'tcp' || p === 'udp') && !rule.proto!.inv) {
          m = rule.matches.find((x) => x.m === p) ?? newMatch(p);
          if (!rule.matches.includes(m)) rule.matches.push(m);
          current = m;
        }
      }
      if (!m) return fail(`unknown option "${a}"`);
      const err = applyOption(m, a, neg, () => take(a));
      if (err) return fail(err);
    } else {
      return fail(`Bad argument \`${a}'`);
    }
  }
  if (inv) return fail("unexpected end of command line; expecting option after '!'");
  for (const m of rule.matches) {
    // kube-proxy writes `-m tcp -p tcp`: the protocol is checked once the whole rule is read.
    if ((m.m === 'tcp' || m.m === 'udp') && (rule.proto?.value !== m.m || rule.proto.inv)) {
      return fail(`Couldn't load match \`${m.m}':No such file or directory\n`);
    }
    if (m.m === 'comment' && m.comment === undefined) return fail('comment: option "--comment" must be specified');
    if (m.m === 'set' && !m.name) return fail('You must specify `--match-set\' with proper arguments');
  }
  return counters ? { ok: true, rule, counters } : { ok: true, rule };
}

function newMatch(name: string): Match {
  switch (name) {
    case 'comment':
      return { m: 'comment', comment: undefined as unknown as string };
    case 'tcp':
    case 'udp':
      return { m: name };
    case 'multiport':
      return { m: 'multiport', dir: 'dports', ports: [], inv: false };
    case 'statistic':
      return { m: 'statistic', mode: 'random', probability: 0, inv: false };
    case 'mark':
      return { m: 'mark', value: 0, mask: 0xffffffff, inv: false };
    case 'conntrack':
      return { m: 'conntrack', ctstate: [], inv: false };
    case 'state':
      return { m: 'state', state: [], inv: false };
    case 'addrtype':
      return { m: 'addrtype' };
    case 'set':
      return { m: 'set', name: '', flags: '', inv: false };
    default:
      return { m: 'recent', mode: 'set', name: 'DEFAULT', reap: false, mask: '255.255.255.255', side: 'rsource' };
  }
}

const OPTIONS: Record<Match['m'], string[]> = {
  comment: ['--comment'],
  tcp: ['--dport', '--sport', '--destination-port', '--source-port'],
  udp: ['--dport', '--sport', '--destination-port', '--source-port'],
  multiport: ['--dports', '--sports', '--ports', '--destination-ports', '--source-ports'],
  statistic: ['--mode', '--probability', '--every', '--packet'],
  mark: ['--mark'],
  conntrack: ['--ctstate'],
  state: ['--state'],
  addrtype: ['--src-type', '--dst-type'],
  set: ['--match-set'],
  recent: ['--set', '--rcheck', '--update', '--remove', '--name', '--seconds', '--reap', '--rsource', '--rdest', '--mask'],
};

function acceptsOption(m: Match, opt: string): boolean {
  return OPTIONS[m.m].includes(opt);
}

function applyOption(m: Match, opt: string, neg: boolean, take: () => string | undefined): string | undefined {
  const noArg = ['--reap', '--rsource', '--rdest', '--set', '--rcheck', '--update', '--remove'];
  const v = noArg.includes(opt) ? '' : take();
  if (v === undefined) return `option "${opt}" requires an argument`;
  switch (m.m) {
    case 'comment':
      m.comment = v;
      return undefined;
    case 'tcp':
    case 'udp': {
      const r = parseRange(v);
      if (!r) return `invalid port/service \`${v}' specified`;
      if (opt === '--dport' || opt === '--destination-port') m.dport = { value: r, inv: neg };
      else m.sport = { value: r, inv: neg };
      return undefined;
    }
    case 'multiport': {
      const ports: PortRange[] = [];
      for (const p of v.split(',')) {
        const r = parseRange(p);
        if (!r) return `invalid port/service \`${p}' specified`;
        ports.push(r);
      }
      m.ports = ports;
      m.inv = neg;
      m.dir = opt === '--sports' || opt === '--source-ports' ? 'sports' : opt === '--ports' ? 'ports' : 'dports';
      return undefined;
    }
    case 'statistic': {
      if (opt === '--mode') {
        if (v !== 'random' && v !== 'nth') return `Bad mode "${v}"`;
        if (v === 'nth') Object.assign(m, { mode: 'nth', every: 0, packet: 0 });
        return undefined;
      }
      const n = Number(v);
      if (opt === '--probability') {
        if (!/^[0-9.]+$/.test(v) || !(n >= 0 && n <= 1)) return `invalid --probability ${v}`;
        Object.assign(m, { mode: 'random', probability: probabilityToU32(n), inv: neg });
      } else if (opt === '--every') Object.assign(m, { every: n, inv: neg });
      else Object.assign(m, { packet: n });
      return undefined;
    }
    case 'mark': {
      const mm = parseMarkMask(v);
      if (!mm) return `Bad MARK value "${v}"`;
      Object.assign(m, mm, { inv: neg });
      return undefined;
    }
    case 'conntrack':
    case 'state': {
      const list = v.split(',');
      for (const s of list) if (!CT_STATES.includes(s)) return `Bad ctstate "${s}"`;
      if (m.m === 'conntrack') Object.assign(m, { ctstate: list, inv: neg });
      else Object.assign(m, { state: list, inv: neg });
      return undefined;
    }
    case 'addrtype': {
      if (!ADDR_TYPES.includes(v)) return `addrtype: Bad address type "${v}"`;
      if (opt === '--src-type') m.src = { value: v, inv: neg };
      else m.dst = { value: v, inv: neg };
      return undefined;
    }
    case 'set': {
      const flags = take();
      if (flags === undefined) return 'You must specify `--match-set\' with proper arguments';
      Object.assign(m, { name: v, flags, inv: neg });
      return undefined;
    }
    case 'recent': {
      if (opt === '--set' || opt === '--rcheck' || opt === '--update' || opt === '--remove') m.mode = opt.slice(2) as typeof m.mode;
      else if (opt === '--name') m.name = v;
      else if (opt === '--seconds') {
        if (!/^\d+$/.test(v)) return `recent: bad value for option "--seconds", or out of range.`;
        m.seconds = Number(v);
      } else if (opt === '--reap') m.reap = true;
      else if (opt === '--rsource' || opt === '--rdest') m.side = opt.slice(2) as 'rsource' | 'rdest';
      else if (opt === '--mask') m.mask = v;
      return undefined;
    }
  }
}
