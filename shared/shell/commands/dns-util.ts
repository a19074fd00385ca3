/**
 * What the DNS tools share: the host's resolv.conf (read through its filesystem, so an
 * edited file counts), IPv4 checks, and reverse names for PTR queries.
 */
import type { CommandContext } from '../command';

/** This host's /etc/resolv.conf, or '' when it has none. */
export function hostResolvConf(ctx: CommandContext): string {
  const r = ctx.fs.read('/etc/resolv.conf');
  return r.ok ? r.data : '';
}

/** Is this a dotted-quad IPv4 address? */
export function isIpv4(s: string): boolean {
  return /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255);
}

/** `5.1.244.10.in-addr.arpa` for `10.244.1.5`. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** /etc/hosts lookup (first match), as the files backend of getent does. */
export function hostsLookup(ctx: CommandContext, name: string): { ip: string; names: string[] } | undefined {
  const r = ctx.fs.read('/etc/hosts');
  if (!r.ok) return undefined;
  for (const raw of r.data.split('\n')) {
    const [ip, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    if (ip && isIpv4(ip) && (names.includes(name) || ip === name)) return { ip, names };
  }
  return undefined;
}
