import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import type { ShellTarget } from '../../model/target';
import { runCommand } from './iproute2/testkit';
import { ping, formatRtt, pingSummary } from './ping';
import { traceroute } from './traceroute';
import { addRoute, delRoute } from '../../kernel/routes';
import type { Route } from '../../kernel/types';
import { getWalk, listWalks } from '../../sim/walk/history';

function cluster() {
  // The engine lane's controllers only (no kube-proxy / CoreDNS pods): addresses stay put.
  const e = createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
  const pod = (name: string): ShellTarget => ({ kind: 'pod', namespace: 'default', name });
  const run = (line: string, target: ShellTarget = pod('client')) => {
    const r = runCommand(e, line.startsWith('ping') ? ping : traceroute, target, line);
    return `${r.out}${r.err}[exit ${r.code}]`;
  };
  return { e, pod, run };
}

describe('ping formats (iputils)', () => {
  it('formats reply times like iputils', () => {
    expect(formatRtt(512)).toBe('0.512');
    expect(formatRtt(1234)).toBe('1.23');
    expect(formatRtt(12345)).toBe('12.3');
    expect(formatRtt(123456)).toBe('123');
  });
  it('prints the summary with mdev and loss as %g', () => {
    expect(pingSummary('x', 1, 1, 0, 0, [111], 1)).toBe('\n--- x ping statistics ---\n1 packets transmitted, 1 received, 0% packet loss, time 0ms\nrtt min/avg/max/mdev = 0.111/0.111/0.111/0.000 ms\n');
    expect(pingSummary('x', 3, 2, 0, 2000, [100, 200], 1)).toContain('33.3333% packet loss');
    expect(pingSummary('x', 2, 0, 0, 1000, [], 1)).toBe('\n--- x ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1000ms\n\n');
  });
});

describe('ping on the default cluster (seed 1)', () => {
  it('pod to pod across nodes', () => {
    expect(cluster().run('ping -c 3 10.244.1.2')).toMatchInlineSnapshot(`
      "PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.
      64 bytes from 10.244.1.2: icmp_seq=1 ttl=62 time=0.532 ms
      64 bytes from 10.244.1.2: icmp_seq=2 ttl=62 time=0.552 ms
      64 bytes from 10.244.1.2: icmp_seq=3 ttl=62 time=0.457 ms

      --- 10.244.1.2 ping statistics ---
      3 packets transmitted, 3 received, 0% packet loss, time 2000ms
      rtt min/avg/max/mdev = 0.457/0.513/0.552/0.040 ms
      [exit 0]"
    `);
  });
  it('TTL 1 dies at the node', () => {
    expect(cluster().run('ping -c 2 -t 1 10.244.1.2')).toMatchInlineSnapshot(`
      "PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.
      From 10.244.2.1 icmp_seq=1 Time to live exceeded
      From 10.244.2.1 icmp_seq=2 Time to live exceeded

      --- 10.244.1.2 ping statistics ---
      2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms

      [exit 1]"
    `);
  });
  it('an address nobody has on the local bridge', () => {
    expect(cluster().run('ping -c 2 10.244.2.9')).toMatchInlineSnapshot(`
      "PING 10.244.2.9 (10.244.2.9) 56(84) bytes of data.
      From 10.244.2.3 icmp_seq=1 Destination Host Unreachable
      From 10.244.2.3 icmp_seq=2 Destination Host Unreachable

      --- 10.244.2.9 ping statistics ---
      2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms
      pipe 2
      [exit 1]"
    `);
  });
  it('usage errors', () => {
    const { run } = cluster();
    expect(run('ping')).toBe('ping: usage error: Destination address required\n[exit 1]');
    expect(run('ping foo')).toBe('ping: foo: Name or service not known\n[exit 2]');
    expect(run('ping -c 0 10.244.1.2')).toBe("ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807\n[exit 1]");
    expect(run('ping -c abc 10.244.1.2')).toBe("ping: invalid argument: 'abc'\n[exit 1]");
    expect(run('ping -t 256 10.244.1.2')).toBe("ping: invalid argument: '256': out of range: 0 <= value <= 255\n[exit 1]");
    expect(run('ping -z 10.244.1.2')).toMatch(/^ping: invalid option -- 'z'\n\nUsage\n {2}ping \[options\] <destination>\n/);
  });
  it('a deleted route breaks the same ping with the reason in the walk', () => {
    const { e, run } = cluster();
    const node3 = e.netns.get('node/node-3')!;
    expect('error' in delRoute(node3, { dst: '10.244.1.0/24' })).toBe(false);
    expect(run('ping -c 1 10.244.1.2')).toMatchInlineSnapshot(`
      "PING 10.244.1.2 (10.244.1.2) 56(84) bytes of data.

      --- 10.244.1.2 ping statistics ---
      1 packets transmitted, 0 received, 100% packet loss, time 0ms

      [exit 1]"
    `);
    const walks = listWalks(e);
    const w = getWalk(e, walks[walks.length - 1]!.id)!;
    expect(w.verdict).toBe('dropped');
    expect(w.dropReason).toBe('no route to 10.244.1.2 on router');
    expect(w.hops.some((h) => h.host === 'node-3' && h.route?.startsWith('default via 192.168.56.1 dev eth0'))).toBe(true);
  });
  it('a node with no route at all: connect fails', () => {
    const { e, run } = cluster();
    expect('error' in delRoute(e.netns.get('node/node-2')!, { dst: '0.0.0.0/0' })).toBe(false);
    expect(run('ping -c 1 10.1.1.1', { kind: 'node', name: 'node-2' })).toBe('ping: connect: Network is unreachable\n[exit 2]');
    expect(run('traceroute 10.1.1.1', { kind: 'node', name: 'node-2' })).toBe('traceroute to 10.1.1.1 (10.1.1.1), 30 hops max, 60 byte packets\nconnect: Network is unreachable\n[exit 1]');
  });

  it('blackhole / unreachable / prohibit routes fail connect() with the kernel errno (QA F19)', () => {
    const n2 = { kind: 'node', name: 'node-2' } as const;
    const { e } = cluster();
    const sh = (line: string) => {
      const r = runCommand(e, line.startsWith('ping') ? ping : traceroute, n2, line);
      return `${r.out}${r.err}[exit ${r.code}]`;
    };
    const ns = e.netns.get('node/node-2')!;
    for (const [type, dst] of [['blackhole', '10.99.0.0/16'], ['unreachable', '10.98.0.0/16'], ['prohibit', '10.97.0.0/16']] as const) {
      expect('error' in addRoute(ns, { dst, type, table: 'main', proto: 'boot', scope: 'global' } satisfies Route)).toBe(false);
    }
    expect(sh('ping -c1 10.99.1.1')).toBe('ping: connect: Invalid argument\n[exit 2]');
    expect(sh('traceroute -n 10.99.1.1')).toBe('traceroute to 10.99.1.1 (10.99.1.1), 30 hops max, 60 byte packets\nconnect: Invalid argument\n[exit 1]');
    expect(sh('ping -c1 10.98.1.1')).toBe('ping: connect: No route to host\n[exit 2]');
    expect(sh('traceroute -n 10.98.1.1')).toBe('traceroute to 10.98.1.1 (10.98.1.1), 30 hops max, 60 byte packets\nconnect: No route to host\n[exit 1]');
    expect(sh('ping -c1 10.97.1.1')).toBe('ping: connect: Permission denied\n[exit 2]');
  });
});

describe('traceroute on the default cluster (seed 1)', () => {
  it('pod to pod across nodes shows the bridge gateway and the remote flannel.1', () => {
    expect(cluster().run('traceroute 10.244.1.2')).toMatchInlineSnapshot(`
      "traceroute to 10.244.1.2 (10.244.1.2), 30 hops max, 60 byte packets
       1  10.244.2.1 (10.244.2.1)  0.042 ms  0.044 ms  0.036 ms
       2  10.244.1.0 (10.244.1.0)  0.563 ms  0.435 ms  0.405 ms
       3  10.244.1.2 (10.244.1.2)  0.501 ms  0.452 ms  0.499 ms
      [exit 0]"
    `);
  });
  it('-n -q 1 on the same node', () => {
    expect(cluster().run('traceroute -n -q 1 10.244.2.2')).toMatchInlineSnapshot(`
      "traceroute to 10.244.2.2 (10.244.2.2), 30 hops max, 60 byte packets
       1  10.244.2.2  0.049 ms
      [exit 0]"
    `);
  });
  it('!H when ARP fails', () => {
    expect(cluster().run('traceroute -n -m 3 10.244.2.9')).toMatchInlineSnapshot(`
      "traceroute to 10.244.2.9 (10.244.2.9), 3 hops max, 60 byte packets
       1  10.244.2.3  3000.010 ms !H  3000.010 ms !H  3000.010 ms !H
      [exit 0]"
    `);
  });
  it('silence past the router, -m limits', () => {
    expect(cluster().run('traceroute -n -m 3 10.1.1.1')).toMatchInlineSnapshot(`
      "traceroute to 10.1.1.1 (10.1.1.1), 3 hops max, 60 byte packets
       1  10.244.2.1  0.042 ms  0.044 ms  0.036 ms
       2  * * *
       3  * * *
      [exit 0]"
    `);
  });
});

describe('ping -I', () => {
  it('binds a source address or a device, as iputils prints it', () => {
    const { run } = cluster();
    const node = { kind: 'node' as const, name: 'node-3' };
    expect(run('ping -c 1 -I 10.244.2.0 10.244.1.0', node).split('\n')[0]).toBe('PING 10.244.1.0 (10.244.1.0) from 10.244.2.0 : 56(84) bytes of data.');
    expect(run('ping -c 1 -I eth0 192.168.56.12', node).split('\n')[0]).toBe('PING 192.168.56.12 (192.168.56.12) from 192.168.56.13 eth0: 56(84) bytes of data.');
    expect(run('ping -c 1 -I 10.9.9.9 10.244.1.0', node)).toBe('ping: bind: Cannot assign requested address\n[exit 2]');
    expect(run('ping -c 1 -I eth9 10.244.1.0', node)).toBe('ping: SO_BINDTODEVICE eth9: No such device\n[exit 2]');
  });
});
