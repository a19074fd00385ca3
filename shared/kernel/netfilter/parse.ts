/**
 * The one parser of iptables rule arguments (`-s 10.0.0.0/8 -p tcp -m tcp --dport 80 -j
 * ACCEPT`). `iptables -A/-I/-D/-R/-C`, `iptables-restore` and kube-proxy's generator all go
 * through it, so generated rules are exactly what a learner could have typed, and
 * parse(format(rule)) == rule (tested). Errors carry iptables' wording without the
 * `iptables v1.8.9 (nf_tables): ` prefix, which the command adds.
 */
import type { Match, PortRange, Rule, Target } from './state';

export type ParseResult = { ok: true; rule: Rule; counters?: { pkts: number; bytes: number } } | { ok: false; error: string };

const MATCH_MODULES = ['comment', 'tcp', 'udp', 'multiport', 'statistic', 'mark', 'conntrack', 'state', 'addrtype', 'set', 'recent'];
const PROTO_NUMBERS: Record<string, string> = { '0': 'all', '1': 'icmp', '6': 'tcp', '17': 'udp', '132': 'sctp' };
const PROTO_NAMES = ['all', 'tcp', 'udp', 'icmp', 'sctp'];
const CT_STATES = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
const ADDR_TYPES = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];

/** Well-known port names iptables accepts (from /etc/services). */
export const SERVICE_PORTS: Record<string, number> = { ssh: 22, domain: 53, http: 80, https: 443, 'http-alt': 8080 };

/** Parses a dotted quad, or undefined. */
export function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return undefined;
    v = v * 256 + o;
  }
  return v;
}

export function ipv4ToString(v: number): string {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** `10.244.1.7/16` → `10.244.0.0/16`, `10.96.0.1` → `10.96.0.1/32`, as iptables stores it. */
export function normalizeCidr(s: string): string | undefined {
  const [ip, len, extra] = s.split('/');
  if (extra !== undefined || ip === undefined) return undefined;
  const v = parseIpv4(ip);
  if (v === undefined) return undefined;
  let prefix = 32;
  if (len !== undefined) {
    if (!/^\d{1,2}$/.test(len) || Number(len) > 32) return undefined;
    prefix = Number(len);
  }
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return `${ipv4ToString((v & mask) >>> 0)}/${prefix}`;
}

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

function parseNumber(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (/^0x[0-9a-f]+$/i.test(s)) return parseInt(s, 16);
  if (/^\d+$/.test(s)) return Number(s);
  return undefined;
}

/** `0x4000/0x4000` → value and mask (mask 0xffffffff when absent). */
function parseMarkMask(s: string): { value: number; mask: number } | undefined {
  const [v, m] = s.split('/');
  const value = parseNumber(v);
  const mask = m === undefined ? 0xffffffff : parseNumber(m);
  if (value === undefined || mask === undefined || value > 0xffffffff || mask > 0xffffffff) return undefined;
  return { value, mask };
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

/** Reads a target and its options; `used` is how many of `rest` it consumed. */
function parseTarget(name: string, rest: readonly string[], goto: boolean): { target: Target; used: number } | { error: string } {
  const opts = new Map<string, string>();
  const flags = new Set<string>();
  let used = 0;
  const noArg = ['--random-fully', '--random'];
  while (used < rest.length && rest[used]!.startsWith('--')) {
    const o = rest[used]!;
    if (noArg.includes(o)) {
      flags.add(o);
      used++;
      continue;
    }
    const v = rest[used + 1];
    if (v === undefined) return { error: `option "${o}" requires an argument` };
    opts.set(o, v);
    used += 2;
  }
  const allowed: Record<string, string[]> = {
    ACCEPT: [], DROP: [], RETURN: [],
    REJECT: ['--reject-with'],
    DNAT: ['--to-destination'],
    SNAT: ['--to-source', '--random-fully'],
    MASQUERADE: ['--to-ports', '--random-fully', '--random'],
    REDIRECT: ['--to-ports'],
    MARK: ['--set-xmark', '--set-mark', '--or-mark', '--xor-mark', '--and-mark'],
    LOG: ['--log-prefix', '--log-level'],
  };
  const known = allowed[name] ?? [];
  for (const o of [...opts.keys(), ...flags]) if (!known.includes(o)) return { error: `unknown option "${o}"` };
  let target: Target;
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      target = { t: name };
      break;
    case 'REJECT': {
      const w = opts.get('--reject-with') ?? 'icmp-port-unreachable';
      const valid = ['icmp-port-unreachable', 'icmp-net-unreachable', 'icmp-host-unreachable', 'icmp-proto-unreachable', 'icmp-net-prohibited', 'icmp-host-prohibited', 'icmp-admin-prohibited', 'tcp-reset'];
      if (!valid.includes(w)) return { error: `unknown reject type "${w}"` };
      target = { t: 'REJECT', with: w };
      break;
    }
    case 'DNAT': {
      const to = opts.get('--to-destination');
      if (!to || !validHostPort(to)) return { error: to ? `Bad IP address "${to}"` : 'DNAT: option "--to-destination" must be specified' };
      target = { t: 'DNAT', to };
      break;
    }
    case 'SNAT': {
      const to = opts.get('--to-source');
      if (!to || !validHostPort(to)) return { error: to ? `Bad IP address "${to}"` : 'SNAT: option "--to-source" must be specified' };
      target = { t: 'SNAT', to, randomFully: flags.has('--random-fully') };
      break;
    }
    case 'MASQUERADE': {
      const p = opts.get('--to-ports');
      target = p === undefined ? { t: 'MASQUERADE', randomFully: flags.has('--random-fully') } : { t: 'MASQUERADE', toPorts: p, randomFully: flags.has('--random-fully') };
      break;
    }
    case 'REDIRECT': {
      const p = opts.get('--to-ports');
      if (!p || !/^\d+(-\d+)?$/.test(p)) return { error: p ? `Invalid port '${p}' specified` : 'REDIRECT: option "--to-ports" must be specified' };
      target = { t: 'REDIRECT', toPorts: p };
      break;
    }
    case 'MARK': {
      const [o, v] = [...opts.entries()][0] ?? [];
      if (!o || v === undefined || opts.size > 1) return { error: 'MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required' };
      const mm = parseMarkMask(v);
      if (!mm) return { error: `Bad MARK value "${v}"` };
      if (o === '--set-xmark') target = { t: 'MARK', value: mm.value, mask: mm.mask };
      else if (o === '--set-mark') target = { t: 'MARK', value: mm.value, mask: (mm.mask | mm.value) >>> 0 };
      else if (o === '--or-mark') target = { t: 'MARK', value: mm.value, mask: mm.value };
      else if (o === '--xor-mark') target = { t: 'MARK', value: mm.value, mask: 0 };
      else target = { t: 'MARK', value: 0, mask: ~mm.value >>> 0 };
      break;
    }
    case 'LOG': {
      const lvl = opts.get('--log-level');
      const level = lvl === undefined ? undefined : Number(lvl);
      if (level !== undefined && !(Number.isInteger(level) && level >= 0 && level <= 7)) return { error: `log-level \`${lvl}' unknown` };
      target = { t: 'LOG' };
      if (opts.has('--log-prefix')) target.prefix = opts.get('--log-prefix');
      if (level !== undefined) target.level = level;
      break;
    }
    default:
      if (used > 0) return { error: `unknown option "${rest[0]}"` };
      if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.length > 28) return { error: `Invalid target name \`${name}'` };
      target = goto ? { t: 'jump', chain: name, goto: true } : { t: 'jump', chain: name };
  }
  return { target, used };
}

function validHostPort(s: string): boolean {
  const [ip, port, extra] = s.split(':');
  if (extra !== undefined || ip === undefined || parseIpv4(ip) === undefined) return false;
  return port === undefined || /^\d+(-\d+)?$/.test(port);
}

/**
 * Splits one `iptables-restore` line into words as the shell would: double and single
 * quotes group, a backslash escapes inside double quotes.
 */
export function splitWords(line: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else if (c === '"' || c === "'") {
      has = true;
      let j = i + 1;
      for (; j < line.length && line[j] !== c; j++) {
        if (c === '"' && line[j] === '\\' && j + 1 < line.length) j++;
        cur += line[j];
      }
      if (j >= line.length) return undefined;
      i = j;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}
