/**
 * The targets iptables knows (`-j ACCEPT|DROP|RETURN|REJECT|DNAT|SNAT|MASQUERADE|REDIRECT|MARK|LOG`
 * or a chain) with their options, normalised as the kernel keeps them (`--or-mark 0x4000` is
 * `--set-xmark 0x4000/0x4000`).
 */
import type { Target } from './state';
import { parseIpv4, parseMarkMask } from './values';

/** Reads a target and its options; `used` is how many of `rest` it consumed. */
export function parseTarget(name: string, rest: readonly string[], goto: boolean): { target: Target; used: number } | { error: string } {
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
