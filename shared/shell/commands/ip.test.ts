import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec, type CniSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import type { Pod } from '../../model/objects';
import type { ShellTarget } from '../../model/target';
import { ipCommand } from './ip';
import { bridgeCommand } from './bridge';
import { calicoctl } from './calicoctl';
import { runCommand } from './iproute2/testkit';
import { route } from './route';
import { countPacket } from '../../kernel/links';
import { readFileSync } from 'node:fs';

const COMMANDS = { ip: ipCommand, bridge: bridgeCommand, calicoctl };

function cluster(cni?: CniSpec) {
  // The engine lane's controllers only: other lanes' pods would move these goldens.
  const e = createEngine(defaultClusterSpec(cni ? { cni } : {}), createEnv(1), { controllers: ENGINE_CONTROLLERS });
  const run = (host: string, line: string) => {
    const target: ShellTarget = host.startsWith('pod/') ? { kind: 'pod', namespace: 'default', name: host.slice(4) } : { kind: 'node', name: host };
    return runCommand(e, COMMANDS[line.split(' ')[0] as keyof typeof COMMANDS], target, line);
  };
  return { e, run: Object.assign(run, { engine: e }) };
}

/** Every command's output on one host, as one golden text. */
function transcript(run: ReturnType<typeof cluster>['run'], host: string, lines: string[]): string {
  return lines.map((l) => {
    const r = run(host, l);
    return `$ ${l}\n${r.out}${r.err}[exit ${r.code}]\n`;
  }).join('');
}

const NODE_LINES = [
  'ip addr', 'ip -br addr', 'ip -4 -o addr', 'ip link', 'ip -d link show flannel.1', 'ip -d link show cni0', 'ip route', 'ip route show table local',
  'ip route show dev flannel.1', 'ip route get 10.244.2.2', 'ip route get 10.244.1.2', 'ip route get 192.168.56.12', 'ip neigh', 'ip neigh show dev flannel.1',
  'bridge fdb show', 'bridge fdb show dev flannel.1', 'bridge link', 'ip -s link show eth0',
];

describe('ip / bridge on a flannel VXLAN node (seed 1)', () => {
  it('matches the golden transcript', async () => {
    const { run } = cluster();
    await expect(transcript(run, 'node-2', NODE_LINES)).toMatchFileSnapshot('./__fixtures__/ip-flannel-vxlan-node-2.txt');
  });

  it('prints the real flannel shapes', () => {
    const { run } = cluster();
    expect(run('node-2', 'ip route').out).toBe(
      'default via 192.168.56.1 dev eth0 \n' +
      '10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink \n' +
      '10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n' +
      '10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n' +
      '192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.12 \n',
    );
    expect(run('node-2', 'ip route show dev flannel.1').out).toBe('10.244.0.0/24 via 10.244.0.0 onlink \n10.244.2.0/24 via 10.244.2.0 onlink \n');
    expect(run('node-2', 'ip route get 10.244.2.2').out).toBe('10.244.2.2 via 10.244.2.0 dev flannel.1 src 10.244.1.0 uid 0 \n    cache \n');
    expect(run('node-2', 'ip route get 192.168.56.12').out).toBe('local 192.168.56.12 dev lo src 192.168.56.12 uid 0 \n    cache <local> \n');
    expect(run('node-2', 'ip -d link show flannel.1').out).toMatch(
      /^3: flannel\.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN mode DEFAULT group default\n {4}link\/ether ([0-9a-f]{2}:){5}[0-9a-f]{2} brd ff:ff:ff:ff:ff:ff promiscuity 0 {2}allmulti 0 minmtu 68 maxmtu 65535 \n {4}vxlan id 1 local 192\.168\.56\.12 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 /,
    );
    const neigh = run('node-2', 'ip neigh show dev flannel.1').out.split('\n').filter(Boolean);
    const fdb = run('node-2', 'bridge fdb show dev flannel.1').out.split('\n').filter(Boolean);
    expect(neigh).toHaveLength(2);
    const to1 = neigh.find((l) => l.startsWith('10.244.0.0 '))!;
    expect(to1).toMatch(/^10\.244\.0\.0 lladdr (\S+) PERMANENT $/);
    expect(fdb).toContain(`${to1.split(' ')[2]} dst 192.168.56.11 self permanent`);
    expect(run('node-2', 'ip addr show flannel.1').out).toContain('    inet 10.244.1.0/32 scope global flannel.1\n       valid_lft forever preferred_lft forever\n');
  });

  it('is byte-identical to iproute2 6.1 / net-tools run on the same state (captured)', () => {
    const { run } = cluster();
    const text = readFileSync(new URL('./__fixtures__/real-iproute2/node-2-flannel-vxlan.txt', import.meta.url), 'utf8');
    const sections = text.split(/^\$ /m).filter(Boolean);
    expect(sections.length).toBe(12);
    for (const sec of sections) {
      const nl = sec.indexOf('\n');
      const line = sec.slice(0, nl);
      const r = line.startsWith('route') ? runCommand(run.engine, route, { kind: 'node', name: 'node-2' }, line) : run('node-2', line);
      expect(`${line}\n${r.out}`).toBe(`${line}\n${sec.slice(nl + 1)}`);
    }
  });

  it('route get (from / iif / oif / mark) and errors match the real tool, exit codes included (captured)', () => {
    const text = readFileSync(new URL('./__fixtures__/real-iproute2/node-2-flannel-vxlan-more.txt', import.meta.url), 'utf8');
    const sections = text.split(/^\$ /m).filter(Boolean);
    expect(sections.length).toBe(21);
    for (const sec of sections) {
      // A fresh cluster per line: some of these change state when they succeed.
      const { run } = cluster();
      const nl = sec.indexOf('\n');
      const line = sec.slice(0, nl);
      const r = run('node-2', line);
      expect(`${line}\n${r.out}${r.err}[exit ${r.code}]\n`).toBe(`${line}\n${sec.slice(nl + 1)}`);
    }
  });

  it('shows a pod its eth0@ifN, /24 and routes via cni0', () => {
    const { e, run } = cluster();
    const client = e.store.get<Pod>('Pod', 'default', 'client')!;
    const r = run('pod/client', 'ip route');
    const gw = client.status!.podIP!.replace(/\.\d+$/, '.1');
    expect(r.out).toBe(`default via ${gw} dev eth0 \n10.244.0.0/16 via ${gw} dev eth0 \n${gw.replace(/\.1$/, '.0')}/24 dev eth0 proto kernel scope link src ${client.status!.podIP} \n`);
    expect(run('pod/client', 'ip addr show eth0').out).toMatch(/^2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default\n {4}link\/ether \S+ brd ff:ff:ff:ff:ff:ff link-netnsid 0\n/);
  });
});

describe('ip on Calico nodes', () => {
  it('IPIP: blackhole for the own block, /32 per pod, remote blocks via tunl0 onlink', async () => {
    const { e, run } = cluster({ plugin: 'calico', backend: 'ipip', ipipMode: 'Always' });
    const out = run('node-2', 'ip route').out;
    const own = e.cni!.state.nodes['node-2']!.subnet;
    expect(out).toContain(`blackhole ${own} proto bird \n`);
    expect(out).toContain(`${e.cni!.state.nodes['node-3']!.subnet} via 192.168.56.13 dev tunl0 proto bird onlink \n`);
    expect(out).toMatch(/\n10\.244\.\d+\.\d+ dev cali[0-9a-f]{11} scope link \n/);
    expect(run('pod/client', 'ip route').out).toBe('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
    expect(run('node-2', 'ip link').out).toContain('3: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN mode DEFAULT group default\n    link/ipip 0.0.0.0 brd 0.0.0.0\n');
    await expect(transcript(run, 'node-2', ['ip route', 'ip link', 'ip neigh', 'calicoctl node status', 'calicoctl ipam show --show-blocks'])).toMatchFileSnapshot('./__fixtures__/ip-calico-ipip-node-2.txt');
  });

  it('BGP: remote blocks via the node IP on eth0, proto bird, no tunnel', async () => {
    const { run } = cluster({ plugin: 'calico', backend: 'bgp' });
    const out = run('node-1', 'ip route').out;
    expect(out).toMatch(/via 192\.168\.56\.12 dev eth0 proto bird \n/);
    expect(out).not.toContain('tunl0');
    await expect(transcript(run, 'node-3', ['ip route', 'ip addr', 'calicoctl node status'])).toMatchFileSnapshot('./__fixtures__/ip-calico-bgp-node-3.txt');
  });

  it('calicoctl get ippool / nodes -o wide in tabwriter columns', () => {
    const { run } = cluster({ plugin: 'calico', backend: 'ipip', ipipMode: 'CrossSubnet' });
    expect(run('node-1', 'calicoctl get ippool -o wide').out).toBe(
      'NAME                  CIDR            NAT    IPIPMODE      VXLANMODE   DISABLED   DISABLEBGPEXPORT   SELECTOR   \n' +
      'default-ipv4-ippool   10.244.0.0/16   true   CrossSubnet   Never       false      false              all()      \n',
    );
    expect(run('node-1', 'calicoctl get nodes -o wide').out.split('\n')[1]).toBe('node-1   (64512)   192.168.56.11/24          ');
  });

  it('calicoctl elsewhere says what the real one says', () => {
    const { run } = cluster();
    expect(run('node-1', 'calicoctl node status')).toEqual({ out: 'Calico process is not running.\n', err: '', code: 1 });
  });
});

describe('ip errors and changes', () => {
  const cases: Array<[string, string, number]> = [
    ['ip addr show eth9', 'Device "eth9" does not exist.\n', 1],
    ['ip link show eth9', 'Device "eth9" does not exist.\n', 1],
    ['ip route get foo', 'Error: any valid prefix is expected rather than "foo".\n', 1],
    ['ip route add foo via 1.2.3.4', 'Error: any valid prefix is expected rather than "foo".\n', 1],
    ['ip route add 10.9.0.0/16 via 10.1.1.1', 'Error: Nexthop has invalid gateway.\n', 2],
    ['ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink', 'RTNETLINK answers: File exists\n', 2],
    ['ip route del 10.99.0.0/16', 'RTNETLINK answers: No such process\n', 2],
    ['ip link set eth9 up', 'Cannot find device "eth9"\n', 1],
    ['ip route show dev eth9', 'Cannot find device "eth9"\n', 1],
    ['ip addr add foo dev eth0', 'Error: any valid prefix is expected rather than "foo".\n', 1],
    ['ip route get 10.244.300.1', 'Error: any valid prefix is expected rather than "10.244.300.1".\n', 1],
    ['ip foo', 'Object "foo" is unknown, try "ip help".\n', 1],
    ['ip route foo', 'Command "foo" is unknown, try "ip route help".\n', 255],
    ['ip addr foo', 'Command "foo" is unknown, try "ip address help".\n', 255],
    ['ip -z addr', 'Option "-z" is unknown, try "ip -help".\n', 255],
    ['ip neigh del 10.9.9.9 dev cni0', 'RTNETLINK answers: No such file or directory\n', 2],
    ['ip link set eth0 name', 'Command line is not complete. Try option "help"\n', 255],
    ['ip route add 10.0.0.0/8 via', 'Command line is not complete. Try option "help"\n', 255],
    ['ip route show table', 'Command line is not complete. Try option "help"\n', 255],
    ['ip link set eth0 mtu 99999', 'Error: mtu greater than device maximum.\n', 2],
    ['ip link set eth0 mtu 20', 'Error: mtu less than device minimum.\n', 2],
    ['ip link del lo', 'RTNETLINK answers: Operation not supported\n', 2],
    ['ip link del eth0', 'RTNETLINK answers: Operation not supported\n', 2],
    ['ip link del', 'Not enough information: "dev" argument is required.\n', 255],
    ['ip link set eth0 master flannel.1', 'RTNETLINK answers: Operation not supported\n', 2],
    ['ip link show master cni9', 'Error: argument "cni9" is wrong: Device does not exist\n\n', 255],
  ];
  for (const [line, err, code] of cases) {
    it(line, () => {
      const { e, run } = cluster();
      const before = JSON.stringify([...e.netns.values()]);
      expect(run('node-2', line)).toEqual({ out: '', err, code });
      expect(JSON.stringify([...e.netns.values()])).toBe(before);
    });
  }

  it('a veth pair inside one namespace shows its peer by name, M-DOWN while the peer is down', () => {
    const { run } = cluster();
    expect(run('node-2', 'ip link add x type veth peer name y').code).toBe(0);
    expect(run('node-2', 'ip link show x').out).toMatch(/^\d+: x@y: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default\n {4}link\/ether \S+ brd ff:ff:ff:ff:ff:ff\n$/);
    run('node-2', 'ip link set y up');
    expect(run('node-2', 'ip link show x').out).toMatch(/^\d+: x@y: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN /);
    expect(run('node-2', 'ip route add').err.startsWith('Usage: ip route { list | flush } SELECTOR\n')).toBe(true);
  });

  it('a proto or scope selector leaves that field out, as iproute2 does', () => {
    const { run } = cluster();
    expect(run('node-2', 'ip route show proto kernel').out).toBe('10.244.1.0/24 dev cni0 scope link src 10.244.1.1 \n192.168.56.0/24 dev eth0 scope link src 192.168.56.12 \n');
    expect(run('node-2', 'ip route show scope link').out).toBe('10.244.1.0/24 dev cni0 proto kernel src 10.244.1.1 \n192.168.56.0/24 dev eth0 proto kernel src 192.168.56.12 \n');
  });

  it('selects links by master and type', () => {
    const { run } = cluster();
    const ports = run('node-2', 'ip -br link show master cni0').out.split('\n').filter(Boolean);
    expect(ports.length).toBe(2);
    for (const p of ports) expect(p).toMatch(/^veth[0-9a-f]{8}@if2 UP {13}\S+ <BROADCAST,MULTICAST,UP,LOWER_UP> $/);
    expect(run('node-2', 'ip -br addr show type vxlan').out).toMatch(/^flannel\.1 {8}UNKNOWN {8}10\.244\.1\.0\/32 fe80::\S+\/64 \n$/);
  });

  it('ip route del / add changes what ip route get chooses', () => {
    const { run } = cluster();
    expect(run('node-2', 'ip route del 10.244.2.0/24').code).toBe(0);
    expect(run('node-2', 'ip route get 10.244.2.2').out).toBe('10.244.2.2 via 192.168.56.1 dev eth0 src 192.168.56.12 uid 0 \n    cache \n');
    expect(run('node-2', 'ip route add 10.244.2.0/24 via 192.168.56.13').code).toBe(0);
    expect(run('node-2', 'ip route show 10.244.2.0/24').out).toBe('10.244.2.0/24 via 192.168.56.13 dev eth0 \n');
    expect(run('node-2', 'ip route add blackhole 10.244.2.128/25').code).toBe(0);
    expect(run('node-2', 'ip route get 10.244.2.200')).toEqual({ out: '', err: 'RTNETLINK answers: Invalid argument\n', code: 2 });
  });

  it('ip link set down takes the connected route away and puts it back', () => {
    const { run } = cluster();
    // `s` is `set` for ip link (iproute2 tries set before show).
    run('node-2', 'ip l s cni0 down');
    expect(run('node-2', 'ip route').out).not.toContain('cni0');
    expect(run('node-2', 'ip link show cni0').out).toMatch(/^4: cni0: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n/);
    run('node-2', 'ip link set cni0 up');
    expect(run('node-2', 'ip route').out).toContain('10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n');
  });

  it('ip -s link shows the counters the walker keeps', () => {
    const { e, run } = cluster();
    const eth0 = e.netns.get('node/node-2')!.link('eth0')!;
    countPacket(eth0, 'rx', 98);
    countPacket(eth0, 'tx', 1500);
    countPacket(eth0, 'tx', 60, true);
    expect(run('node-2', 'ip -s link show eth0').out.split('\n').slice(2).join('\n')).toBe(
      '    RX:  bytes packets errors dropped  missed   mcast           \n' +
      '            98       1      0       0       0       0 \n' +
      '    TX:  bytes packets errors dropped carrier collsns           \n' +
      '          1500       1      0       1       0       0 \n',
    );
  });

  it('ip addr add / del and ip neigh add', () => {
    const { run } = cluster();
    expect(run('node-2', 'ip addr add 10.50.0.1/24 dev eth0').code).toBe(0);
    expect(run('node-2', 'ip -4 addr show eth0').out).toContain('    inet 10.50.0.1/24 scope global eth0\n');
    expect(run('node-2', 'ip route').out).toContain('10.50.0.0/24 dev eth0 proto kernel scope link src 10.50.0.1 \n');
    expect(run('node-2', 'ip addr add 10.50.0.1/24 dev eth0')).toEqual({ out: '', err: 'RTNETLINK answers: File exists\n', code: 2 });
    expect(run('node-2', 'ip addr del 10.50.0.1/24 dev eth0').code).toBe(0);
    expect(run('node-2', 'ip neigh add 10.244.1.9 lladdr 02:00:00:00:00:09 dev cni0').code).toBe(0);
    expect(run('node-2', 'ip neigh show dev cni0').out).toBe('10.244.1.9 lladdr 02:00:00:00:00:09 PERMANENT \n');
    expect(run('node-2', 'ip neigh add 10.244.1.9 lladdr 02:00:00:00:00:09 dev cni0').code).toBe(2);
  });
});
