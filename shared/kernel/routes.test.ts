import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NetNS } from './netns';
import { mustAddLink, setLinkUp } from './links';
import { addAddress } from './addrs';
import { addRoute, delRoute, lookup, routePrefix, routesInOrder } from './routes';
import { formatIPv4, maskOf, parsePrefix, prefixContains } from './ip';
import type { Route } from './types';

function host(): NetNS {
  const ns = new NetNS('node/t', 'node', 't');
  mustAddLink(ns, { kind: 'loopback', name: 'lo', mac: '00:00:00:00:00:00', mtu: 65536, up: true });
  addAddress(ns, 'lo', '127.0.0.1/8', { scope: 'host' });
  mustAddLink(ns, { kind: 'ether', name: 'eth0', mac: '02:00:00:00:00:01', mtu: 1500, up: true });
  addAddress(ns, 'eth0', '192.168.56.12/24', { broadcast: '192.168.56.255' });
  return ns;
}

/** The reference: every route that contains the address, longest prefix, then lowest metric, then first added. */
function bruteForce(routes: Route[], dst: number): Route | undefined {
  const local = routes.filter((r) => r.table === 'local' && prefixContains(routePrefix(r), dst));
  if (local.length) return local.reduce((a, b) => (routePrefix(b).len > routePrefix(a).len ? b : a));
  let best: Route | undefined;
  for (const r of routes) {
    if (r.table !== 'main' || !prefixContains(routePrefix(r), dst)) continue;
    if (!best) best = r;
    else {
      const lb = routePrefix(best).len;
      const lr = routePrefix(r).len;
      if (lr > lb || (lr === lb && (r.metric ?? 0) < (best.metric ?? 0))) best = r;
    }
  }
  return best;
}

describe('FIB', () => {
  it('adds the kernel routes for an address', () => {
    const ns = host();
    expect(routesInOrder(ns, 'local').map((r) => `${r.type} ${r.dst}`)).toEqual([
      'local 127.0.0.0/8', 'local 127.0.0.1/32', 'broadcast 127.255.255.255/32',
      'local 192.168.56.12/32', 'broadcast 192.168.56.255/32',
    ]);
    expect(routesInOrder(ns, 'main').map((r) => r.dst)).toEqual(['192.168.56.0/24']);
  });

  it('refuses a gateway that is not on a connected subnet, unless onlink', () => {
    const ns = host();
    expect(addRoute(ns, { table: 'main', type: 'unicast', dst: '10.9.0.0/16', via: '10.1.1.1' })).toEqual({ error: 'Error: Nexthop has invalid gateway.', status: 2 });
    expect(addRoute(ns, { table: 'main', type: 'unicast', dst: '10.9.0.0/16', via: '10.1.1.1', dev: 'eth0', onlink: true })).toMatchObject({ dev: 'eth0' });
    expect(addRoute(ns, { table: 'main', type: 'unicast', dst: '10.9.0.0/16', via: '10.1.1.1', dev: 'eth0', onlink: true })).toEqual({ error: 'RTNETLINK answers: File exists', status: 2 });
    expect(addRoute(ns, { table: 'main', type: 'unicast', dst: 'foo', via: '10.1.1.1' })).toMatchObject({ error: 'Error: any valid prefix is expected rather than "foo".' });
    expect(delRoute(ns, { dst: '10.99.0.0/16' })).toEqual({ error: 'RTNETLINK answers: No such process', status: 2 });
    expect(addRoute(ns, { table: 'main', type: 'unicast', dst: '10.8.0.0/16', dev: 'eth9' })).toMatchObject({ error: 'Cannot find device "eth9"' });
  });

  it('resolves the device from the gateway and prefers the local table', () => {
    const ns = host();
    addRoute(ns, { table: 'main', type: 'unicast', dst: '0.0.0.0/0', via: '192.168.56.1' });
    expect(lookup(ns, parsePrefix('8.8.8.8')!.addr)).toMatchObject({ dst: '0.0.0.0/0', dev: 'eth0', via: '192.168.56.1' });
    expect(lookup(ns, parsePrefix('192.168.56.12')!.addr)).toMatchObject({ table: 'local', type: 'local' });
  });

  it('link down drops prefix routes but keeps local ones; up brings them back', () => {
    const ns = host();
    setLinkUp(ns, 'eth0', false);
    expect(ns.routes.filter((r) => r.dev === 'eth0').map((r) => `${r.type} ${r.dst}`)).toEqual(['local 192.168.56.12/32']);
    setLinkUp(ns, 'eth0', true);
    expect(routesInOrder(ns, 'main').map((r) => r.dst)).toEqual(['192.168.56.0/24']);
  });

  it('longest-prefix match agrees with a brute-force reference', () => {
    const prefix = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(fc.array(prefix, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 20 }), (prefixes, dsts) => {
        const ns = host();
        for (const [addr, len, metric] of prefixes) {
          const net = (addr & maskOf(len)) >>> 0;
          addRoute(ns, { table: 'main', type: 'unicast', dst: `${formatIPv4(net)}/${len}`, via: '192.168.56.1', metric: metric * 100 });
        }
        for (const d of dsts) expect(lookup(ns, d)).toBe(bruteForce(ns.routes, d));
      }),
      { numRuns: 200 },
    );
  });
});
