/**
 * Name resolution for the network commands (ping, traceroute, tracepath): an IPv4
 * literal, then the host's /etc/hosts, then whatever DNS resolver the DNS work has
 * registered for the engine (it walks a real query to CoreDNS). Until one is registered,
 * names outside /etc/hosts do not resolve — as on a host whose resolver answers nothing.
 */
import type { Engine } from '../engine';
import type { ShellTarget } from '../../model/target';
import { isIpv4 } from './ip';

/** A resolver the DNS work registers: name → IPv4 address, or undefined (NXDOMAIN / no answer). */
export type NameResolver = (engine: Engine, from: ShellTarget, name: string) => string | undefined;

const resolvers = new WeakMap<Engine, NameResolver>();

/** Installs the engine's DNS resolver (the KUBECTL lane's CoreDNS client). */
export function setNameResolver(engine: Engine, resolver: NameResolver | undefined): void {
  if (resolver) resolvers.set(engine, resolver);
  else resolvers.delete(engine);
}

/** Looks `name` up in an /etc/hosts text; first match wins, as glibc's files backend does. */
export function lookupHostsFile(text: string, name: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (ip && isIpv4(ip) && names.includes(name)) return ip;
  }
  return undefined;
}

/** Resolves `name` as seen from `from`; `hostsFile` is the host's /etc/hosts when it has one. */
export function resolveName(engine: Engine, from: ShellTarget, name: string, hostsFile?: string): string | undefined {
  if (isIpv4(name)) return name;
  if (hostsFile) {
    const hit = lookupHostsFile(hostsFile, name);
    if (hit) return hit;
  }
  return resolvers.get(engine)?.(engine, from, name);
}
