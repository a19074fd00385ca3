import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import type { ShellTarget } from '../../model/target';
import { runCommand } from './iproute2/testkit';
import { ping } from './ping';
import { traceroute } from './traceroute';
import { tcpdump, parseFilter } from './tcpdump';
import { timestamp } from './tcpdump-format';

/** The default cluster after one ping from the client pod to a web pod on another node. */
function cluster() {
  const e = createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
  const client: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' };
  runCommand(e, ping, client, 'ping -c 1 10.244.1.2');
  const dump = (host: ShellTarget, line: string) => {
    const r = runCommand(e, tcpdump, host, line);
    return `${r.err}${r.out}[exit ${r.code}]`;
  };
  return { e, client, dump };
}
const node = (name: string): ShellTarget => ({ kind: 'node', name });

describe('tcpdump on the default cluster (seed 1)', () => {
  it('eth0 of the sending node: VXLAN outer line (OTV on 8472), then the inner packet', () => {
    expect(cluster().dump(node('node-3'), 'tcpdump -i eth0 -n')).toMatchInlineSnapshot(`
      "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
      listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes
      2 packets captured
      2 packets received by filter
      0 packets dropped by kernel
      00:00:00.000034 IP 192.168.56.13.60482 > 192.168.56.12.8472: OTV, flags [I] (0x08), overlay 0, instance 1
      IP 10.244.2.3 > 10.244.1.2: ICMP echo request, id 8791, seq 1, length 64
      00:00:00.000454 IP 192.168.56.12.58662 > 192.168.56.13.8472: OTV, flags [I] (0x08), overlay 0, instance 1
      IP 10.244.1.2 > 10.244.2.3: ICMP echo reply, id 8791, seq 1, length 64
      [exit 0]"
    `);
  });
  it('flannel.1 with -e: the inner frame between the two VTEP MACs', () => {
    expect(cluster().dump(node('node-2'), 'tcpdump -i flannel.1 -n -e')).toMatchInlineSnapshot(`
      "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
      listening on flannel.1, link-type EN10MB (Ethernet), snapshot length 262144 bytes
      2 packets captured
      2 packets received by filter
      0 packets dropped by kernel
      00:00:00.000224 42:63:5d:0a:25:f2 > 1e:01:ba:73:75:b8, ethertype IPv4 (0x0800), length 98: 10.244.2.3 > 10.244.1.2: ICMP echo request, id 8791, seq 1, length 64
      00:00:00.000258 1e:01:ba:73:75:b8 > 42:63:5d:0a:25:f2, ethertype IPv4 (0x0800), length 98: 10.244.1.2 > 10.244.2.3: ICMP echo reply, id 8791, seq 1, length 64
      [exit 0]"
    `);
  });
  it('in the pod, default interface eth0', () => {
    expect(cluster().dump({ kind: 'pod', namespace: 'default', name: 'client' }, 'tcpdump -n')).toMatchInlineSnapshot(`
      "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
      listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes
      2 packets captured
      2 packets received by filter
      0 packets dropped by kernel
      00:00:00.000010 IP 10.244.2.3 > 10.244.1.2: ICMP echo request, id 8791, seq 1, length 64
      00:00:00.000472 IP 10.244.1.2 > 10.244.2.3: ICMP echo reply, id 8791, seq 1, length 64
      [exit 0]"
    `);
  });
  it('-v prints the IP header of outer and inner packets', () => {
    expect(cluster().dump(node('node-2'), 'tcpdump -i eth0 -v')).toMatchInlineSnapshot(`
      "tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes
      2 packets captured
      2 packets received by filter
      0 packets dropped by kernel
      00:00:00.000214 IP (tos 0x0, ttl 64, id 7175, offset 0, flags [none], proto UDP (17), length 134)
          192.168.56.13.60482 > 192.168.56.12.8472: OTV, flags [I] (0x08), overlay 0, instance 1
      IP (tos 0x0, ttl 63, id 60892, offset 0, flags [DF], proto ICMP (1), length 84)
          10.244.2.3 > 10.244.1.2: ICMP echo request, id 8791, seq 1, length 64
      00:00:00.000274 IP (tos 0x0, ttl 64, id 50339, offset 0, flags [none], proto UDP (17), length 134)
          192.168.56.12.58662 > 192.168.56.13.8472: OTV, flags [I] (0x08), overlay 0, instance 1
      IP (tos 0x0, ttl 63, id 14331, offset 0, flags [none], proto ICMP (1), length 84)
          10.244.1.2 > 10.244.2.3: ICMP echo reply, id 8791, seq 1, length 64
      [exit 0]"
    `);
  });
  it('-i any with a filter', () => {
    expect(cluster().dump(node('node-2'), 'tcpdump -i any -n icmp')).toMatchInlineSnapshot(`
      "tcpdump: data link type LINUX_SLL2
      tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
      listening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes
      6 packets captured
      8 packets received by filter
      0 packets dropped by kernel
      00:00:00.000224 flannel.1 In  IP 10.244.2.3 > 10.244.1.2: ICMP echo request, id 8791, seq 1, length 64
      00:00:00.000228 cni0  Out IP 10.244.2.3 > 10.244.1.2: ICMP echo request, id 8791, seq 1, length 64
      00:00:00.000232 veth0d4236d0 Out IP 10.244.2.3 > 10.244.1.2: ICMP echo request, id 8791, seq 1, length 64
      00:00:00.000250 veth0d4236d0 In  IP 10.244.1.2 > 10.244.2.3: ICMP echo reply, id 8791, seq 1, length 64
      00:00:00.000254 cni0  In  IP 10.244.1.2 > 10.244.2.3: ICMP echo reply, id 8791, seq 1, length 64
      00:00:00.000258 flannel.1 Out IP 10.244.1.2 > 10.244.2.3: ICMP echo reply, id 8791, seq 1, length 64
      [exit 0]"
    `);
  });
  it('-c keeps the last N; host filter', () => {
    const { dump } = cluster();
    expect(dump(node('node-2'), 'tcpdump -i cni0 -n -c 1 src host 10.244.1.2')).toMatchInlineSnapshot(`
      "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
      listening on cni0, link-type EN10MB (Ethernet), snapshot length 262144 bytes
      1 packet captured
      2 packets received by filter
      0 packets dropped by kernel
      00:00:00.000254 IP 10.244.1.2 > 10.244.2.3: ICMP echo reply, id 8791, seq 1, length 64
      [exit 0]"
    `);
  });
  it('traceroute probes: UDP, time exceeded and port unreachable', () => {
    const { e, client, dump } = cluster();
    runCommand(e, traceroute, client, 'traceroute -n -q 1 10.244.1.2');
    expect(dump(client, 'tcpdump -n -c 6')).toMatchInlineSnapshot(`
      "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode
      listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes
      6 packets captured
      8 packets received by filter
      0 packets dropped by kernel
      00:00:00.000542 IP 10.244.2.3.54097 > 10.244.1.2.33434: UDP, length 32
      00:00:00.000562 IP 10.244.2.1 > 10.244.2.3: ICMP time exceeded in-transit, length 68
      00:00:00.000586 IP 10.244.2.3.39833 > 10.244.1.2.33435: UDP, length 32
      00:00:00.001026 IP 10.244.1.0 > 10.244.2.3: ICMP time exceeded in-transit, length 68
      00:00:00.001037 IP 10.244.2.3.40169 > 10.244.1.2.33436: UDP, length 32
      00:00:00.001499 IP 10.244.1.2 > 10.244.2.3: ICMP 10.244.1.2 udp port 33436 unreachable, length 68
      [exit 0]"
    `);
  });
  it('errors as tcpdump prints them', () => {
    const { dump } = cluster();
    expect(dump(node('node-2'), 'tcpdump -i eth9')).toBe('tcpdump: eth9: No such device exists\n(No such device exists)\n[exit 1]');
    expect(dump(node('node-2'), 'tcpdump -i eth0 port')).toBe("tcpdump: can't parse filter expression: syntax error\n[exit 1]");
    expect(dump(node('node-2'), 'tcpdump -c abc')).toBe('tcpdump: invalid packet count abc\n[exit 1]');
  });
  it('timestamps and the filter parser', () => {
    expect(timestamp(Date.UTC(2026, 0, 1, 12, 0, 1) * 1000 + 5)).toBe('12:00:01.000005');
    expect(parseFilter(['icmp', 'and'])).toBeUndefined();
    expect(parseFilter(['not', 'tcp'])).toBeDefined();
  });
});

describe('tcpdump decodes DNS on port 53', () => {
  it('queries and CoreDNS answers as tcpdump prints them', async () => {
    const { resolve } = await import('../../controllers/dns/index');
    const e = createEngine(defaultClusterSpec(), createEnv(1));
    const client: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' };
    resolve(e, client, 'web');
    const r = runCommand(e, tcpdump, client, 'tcpdump -n udp and port 53');
    expect(r.out).toMatch(/^\d\d:\d\d:\d\d\.\d{6} IP 10\.244\.\d+\.\d+\.(\d+) > 10\.96\.0\.10\.53: \1\+ A\? web\.default\.svc\.cluster\.local\. \(47\)\n/);
    expect(r.out).toMatch(/IP 10\.96\.0\.10\.53 > 10\.244\.\d+\.\d+\.(\d+): \1\*- 1\/0\/0 A 10\.\d+\.\d+\.\d+ \(63\)\n$/);
  });
});

describe('tcpdump of an HTTP exchange', () => {
  it('shows the whole TCP conversation on the path the walk took', async () => {
    const { exchange } = await import('../../sim/walk/exchange');
    const e = createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
    const client: ShellTarget = { kind: 'pod', namespace: 'default', name: 'client' };
    const r = exchange(e, { from: client, dst: '10.244.1.2', proto: 'tcp', dport: 80, payload: { kind: 'http-request', method: 'GET', path: '/', host: '10.244.1.2', headers: { Host: '10.244.1.2', 'User-Agent': 'curl/8.11.1', Accept: '*/*' } } });
    expect(r.ok).toBe(true);
    const out = runCommand(e, tcpdump, client, 'tcpdump -n').out;
    expect(out.split('\n').filter(Boolean).map((l) => /Flags \[([^\]]+)\]/.exec(l)![1])).toEqual(['S', 'S.', '.', 'P.', '.', 'P.', 'F.', 'F.', '.']);
    expect(out).toMatchInlineSnapshot(`
      "00:00:00.000010 IP 10.244.2.3.54097 > 10.244.1.2.80: Flags [S], seq 537478624, win 64240, options [mss 1460,sackOK,TS val 1060892 ecr 0,nop,wscale 7], length 0
      00:00:00.000472 IP 10.244.1.2.80 > 10.244.2.3.54097: Flags [S.], seq 563029890, ack 537478625, win 65160, options [mss 1460,sackOK,TS val 1014331 ecr 1014330,nop,wscale 7], length 0
      00:00:00.000491 IP 10.244.2.3.54097 > 10.244.1.2.80: Flags [.], ack 1, win 502, options [nop,nop,TS val 1060892 ecr 1060891], length 0
      00:00:00.000492 IP 10.244.2.3.54097 > 10.244.1.2.80: Flags [P.], seq 1:75, ack 1, win 502, options [nop,nop,TS val 1060892 ecr 1060891], length 74: HTTP: GET / HTTP/1.1
      00:00:00.000953 IP 10.244.1.2.80 > 10.244.2.3.54097: Flags [.], ack 75, win 502, options [nop,nop,TS val 1014331 ecr 1014330], length 0
      00:00:00.000954 IP 10.244.1.2.80 > 10.244.2.3.54097: Flags [P.], seq 1:113, ack 75, win 502, options [nop,nop,TS val 1014331 ecr 1014330], length 112: HTTP: HTTP/1.1 200 OK
      00:00:00.000972 IP 10.244.2.3.54097 > 10.244.1.2.80: Flags [F.], seq 75, ack 113, win 502, options [nop,nop,TS val 1060892 ecr 1060891], length 0
      00:00:00.001434 IP 10.244.1.2.80 > 10.244.2.3.54097: Flags [F.], seq 113, ack 76, win 502, options [nop,nop,TS val 1014331 ecr 1014330], length 0
      00:00:00.001453 IP 10.244.2.3.54097 > 10.244.1.2.80: Flags [.], ack 114, win 502, options [nop,nop,TS val 1060892 ecr 1060891], length 0
      "
    `);
  });
});
