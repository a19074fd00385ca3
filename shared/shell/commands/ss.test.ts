// ss's column layout against real iproute2 6.1 (`ss` in a network namespace with socat
// listening on 127.0.0.1:80, 0.0.0.0:8080 and udp 0.0.0.0:53): piped output is measured from
// the contents, a terminal's width is spread over the columns. Then ss on the lab's hosts.
import { describe, expect, it } from 'vitest';
import { COLUMNS, renderSs } from './ss';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import type { ShellTarget } from '../../model/target';
import type { Pod } from '../../model/objects';
import { runScript } from '../script';

const q = (n: number) => String(n).padEnd(6);
const row = (netid: string, state: string, sendq: number, addr: string, port: string) => [netid, state, q(0), q(sendq), addr, port, '0.0.0.0:', '*', '', ''];
const cols = (netid: boolean) => COLUMNS.map((c, i) => ({ ...c, disabled: i === 0 && !netid }));
const TLN = [COLUMNS.map((c) => c.header), row('tcp', 'LISTEN', 5, '127.0.0.1:', '80'), row('tcp', 'LISTEN', 5, '0.0.0.0:', '8080')];
const TUL = [
  COLUMNS.map((c) => c.header),
  row('udp', 'UNCONN', 0, '0.0.0.0:', 'domain'),
  row('tcp', 'LISTEN', 5, '127.0.0.1:', 'http'),
  row('tcp', 'LISTEN', 5, '0.0.0.0:', 'http-alt'),
];

describe('ss layout (real iproute2 6.1 captures)', () => {
  it('piped: widths from the contents, every column padded', () => {
    expect(renderSs(cols(false), TLN, undefined)).toBe("State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      5          127.0.0.1:80        0.0.0.0:*          \nLISTEN 0      5            0.0.0.0:8080      0.0.0.0:*          \n");
  });
  it('on an 80-column terminal', () => {
    expect(renderSs(cols(false), TLN, 80)).toBe("State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process  \nLISTEN   0        5              127.0.0.1:80            0.0.0.0:*              \nLISTEN   0        5                0.0.0.0:8080          0.0.0.0:*              \n");
    expect(renderSs(cols(true), TUL, 80)).toBe("Netid State  Recv-Q Send-Q   Local Address:Port       Peer Address:Port Process \nudp   UNCONN 0      0              0.0.0.0:domain          0.0.0.0:*            \ntcp   LISTEN 0      5            127.0.0.1:http            0.0.0.0:*            \ntcp   LISTEN 0      5              0.0.0.0:http-alt        0.0.0.0:*            \n");
  });
  it('on a 120-column terminal', () => {
    expect(renderSs(cols(false), TLN, 120)).toBe("State         Recv-Q        Send-Q               Local Address:Port               Peer Address:Port       Process       \nLISTEN        0             5                        127.0.0.1:80                      0.0.0.0:*                        \nLISTEN        0             5                          0.0.0.0:8080                    0.0.0.0:*                        \n");
    expect(renderSs(cols(true), TUL, 120)).toBe("Netid      State       Recv-Q      Send-Q           Local Address:Port               Peer Address:Port     Process      \nudp        UNCONN      0           0                      0.0.0.0:domain                  0.0.0.0:*                     \ntcp        LISTEN      0           5                    127.0.0.1:http                    0.0.0.0:*                     \ntcp        LISTEN      0           5                      0.0.0.0:http-alt                0.0.0.0:*                     \n");
  });
});

describe('ss on the lab hosts', () => {
  const engine = createEngine(defaultClusterSpec(), createEnv(5));
  const sh = (s: string, t: ShellTarget) => runScript({ engine, target: t, script: s }).output;
  const pod = (ns: string, prefix: string): ShellTarget => {
    const p = engine.store.list<Pod>('Pod', ns).find((x) => x.metadata.name.startsWith(prefix))!;
    return { kind: 'pod', namespace: ns, name: p.metadata.name };
  };
  it('ss -tlnp in a web pod: nginx with its 511 backlog', () => {
    expect(sh('ss -tlnp', pod('default', 'web-'))).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      511          0.0.0.0:80        0.0.0.0:*          \n',
    );
  });
  it('ss -tulnp in a CoreDNS pod: UDP first, then TCP, with the Netid column', () => {
    expect(sh('ss -tulnp', pod('kube-system', 'coredns-'))).toBe(
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
        'udp   UNCONN 0      0            0.0.0.0:53        0.0.0.0:*          \n' +
        'tcp   LISTEN 0      4096         0.0.0.0:53        0.0.0.0:*          \n' +
        'tcp   LISTEN 0      4096         0.0.0.0:9153      0.0.0.0:*          \n',
    );
  });
  it('without -l only connections show (none: the lab\'s exchanges are instant); -u alone has no State column', () => {
    const web = pod('default', 'web-');
    expect(sh('ss -tan', web)).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      511          0.0.0.0:80        0.0.0.0:*          \n',
    );
    expect(sh('ss -t', web)).toBe('State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
    expect(sh('ss -u', web)).toBe('Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
  });
  it('service names without -n, -H, a sport filter, and ss errors', () => {
    const n1: ShellTarget = { kind: 'node', name: 'node-1' };
    expect(sh('ss -tlH', pod('default', 'web-'))).toBe('LISTEN 0      511    0.0.0.0:http 0.0.0.0:*\n');
    expect(sh('ss -tln sport = :6443', n1)).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      4096         0.0.0.0:6443      0.0.0.0:*          \n',
    );
    expect(sh('ss -tln sport = :bogus; echo $?', n1)).toBe('Error: "bogus" does not look like a port.\nCannot parse dst/src address.\n1\n');
    expect(sh('ss -Q 2>&1 | head -2; ss --foo 2>&1 | head -1', n1)).toBe("ss: invalid option -- 'Q'\nUsage: ss [ OPTIONS ]\nss: unrecognized option '--foo'\n");
  });
});
