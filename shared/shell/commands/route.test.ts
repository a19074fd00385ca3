import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import { route } from './route';
import { ipCommand } from './ip';
import { runCommand } from './iproute2/testkit';

describe('route -n', () => {
  it('matches net-tools 2.10 for the same table (captured from the real tool)', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
    const n = { kind: 'node', name: 'node-2' } as const;
    for (const line of ['ip route del 10.244.0.0/24', 'ip route add blackhole 10.244.9.0/26', 'ip route add unreachable 10.244.8.0/26', 'ip route add 10.7.0.5 dev eth0 metric 5']) {
      expect(runCommand(e, ipCommand, n, line).code).toBe(0);
    }
    // The real tool's output for the same routes (a scratch namespace built with iproute2).
    expect(runCommand(e, route, n, 'route -n').out).toBe(`Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         192.168.56.1    0.0.0.0         UG    0      0        0 eth0
10.7.0.5        0.0.0.0         255.255.255.255 UH    5      0        0 eth0
10.244.1.0      0.0.0.0         255.255.255.0   U     0      0        0 cni0
10.244.2.0      10.244.2.0      255.255.255.0   UG    0      0        0 flannel.1
10.244.8.0      -               255.255.255.192 !     0      -        0 -
10.244.9.0      0.0.0.0         255.255.255.192 U     0      0        0 *
192.168.56.0    0.0.0.0         255.255.255.0   U     0      0        0 eth0
`);
    expect(runCommand(e, route, n, 'route').out.split('\n')[2]).toBe('default         192.168.56.1    0.0.0.0         UG    0      0        0 eth0');
    const bad = runCommand(e, route, n, 'route -z');
    expect(bad.err.startsWith("route: invalid option -- 'z'\nUsage: route [-nNvee] [-FC] [<AF>]")).toBe(true);
  });
});
