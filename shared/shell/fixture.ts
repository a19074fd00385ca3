/**
 * A small engine for the shell's tests: the default spec with hand-made namespaces for
 * node-1..3, the external host and one pod, so the shell runs without the ENGINE lane's
 * cluster builder.
 */
import { Engine } from '../sim/engine';
import { createEnv } from '../model/env';
import { defaultClusterSpec } from '../model/spec';
import { NetNS } from '../kernel/netns';
import type { ShellTarget } from '../model/target';

/** An engine with bare namespaces (hostname and one address each). */
export function shellTestEngine(seed = 1): Engine {
  const engine = new Engine(defaultClusterSpec(), createEnv(seed));
  const add = (id: string, kind: 'node' | 'pod' | 'external', hostname: string, ip: string) => {
    const ns = new NetNS(id, kind, hostname);
    ns.links.push({ ifindex: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true });
    ns.links.push({ ifindex: 2, name: 'eth0', kind: 'ether', mac: '08:00:27:00:00:01', mtu: 1500, up: true });
    ns.addrs.push({ ifindex: 1, ip: '127.0.0.1', prefixLen: 8, scope: 'host' });
    ns.addrs.push({ ifindex: 2, ip, prefixLen: 24, scope: 'global' });
    engine.netns.set(id, ns);
  };
  add('node/node-1', 'node', 'node-1', '192.168.56.11');
  add('node/node-2', 'node', 'node-2', '192.168.56.12');
  add('node/node-3', 'node', 'node-3', '192.168.56.13');
  add('external', 'external', 'external', '192.168.56.100');
  add('pod/default/web-7d4b9c8f6-abcde', 'pod', 'web-7d4b9c8f6-abcde', '10.244.1.2');
  return engine;
}

export const NODE1: ShellTarget = { kind: 'node', name: 'node-1' };
export const POD: ShellTarget = { kind: 'pod', namespace: 'default', name: 'web-7d4b9c8f6-abcde' };
