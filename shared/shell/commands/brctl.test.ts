// brctl show and arp -n on a node (QA F7): bridge-utils' and net-tools' exact layouts from the node's state.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import type { ShellTarget } from '../../model/target';
import { runScript } from '../script';

const engine = createEngine(defaultClusterSpec(), createEnv(5));
const node2: ShellTarget = { kind: 'node', name: 'node-2' };
const sh = (s: string, t: ShellTarget = node2) => runScript({ engine, target: t, script: s });

describe('brctl show', () => {
  it('lists cni0 with its bridge id and every veth port, tab-separated as bridge-utils does', () => {
    const ns = engine.netnsOf(node2)!;
    const cni0 = ns.link('cni0')!;
    const ports = ns.links.filter((l) => l.master === 'cni0').map((l) => l.name).sort();
    expect(ports.length).toBeGreaterThan(1);
    const want = `bridge name\tbridge id\t\tSTP enabled\tinterfaces\ncni0\t\t8000.${cni0.mac.replace(/:/g, '')}\tno\t\t${ports.join('\n\t\t\t\t\t\t\t')}\n`;
    expect(sh('brctl show').output).toBe(want);
    expect(sh('brctl show cni0').output).toBe(want);
  });
  it('follows the state: a port taken off the bridge disappears', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(5));
    const ns = e.netnsOf(node2)!;
    const port = ns.links.find((l) => l.master === 'cni0')!;
    delete port.master;
    expect(runScript({ engine: e, target: node2, script: 'brctl show' }).output).not.toContain(port.name);
  });
  it('reports a missing bridge and unknown commands', () => {
    expect(sh('brctl show nope; echo $?').output).toBe('bridge name\tbridge id\t\tSTP enabled\tinterfaces\nbridge nope does not exist!\n1\n');
    expect(sh('brctl frob; echo $?').output).toMatch(/^never heard of command \[frob\]\nUsage: brctl \[commands\]\n[\s\S]*\n1\n$/);
    expect(sh('brctl', { kind: 'pod', namespace: 'default', name: 'client' }).output).toBe('bash: brctl: command not found\n');
  });
});

describe('arp -n', () => {
  it('prints the neighbour table in net-tools columns', () => {
    const ns = engine.netnsOf(node2)!;
    const rows = ns.neigh.filter((n) => n.state !== 'NOARP' && !n.proxy && !n.ip.includes(':'));
    expect(rows.length).toBeGreaterThan(0);
    const line = (ip: string, mac: string, flags: string, dev: string) => `${ip.padEnd(23)}  ether   ${mac.padEnd(20)}${flags.padEnd(6)}${''.padEnd(15)} ${dev}\n`;
    const want = 'Address                  HWtype  HWaddress           Flags Mask            Iface\n' + rows.map((n) => line(n.ip, n.lladdr!, n.state === 'PERMANENT' ? 'CM' : 'C', n.dev)).join('');
    expect(sh('arp -n').output).toBe(want);
    expect(sh('arp -n').output).toMatch(/^10\.244\.\d+\.0 {15}ether   [0-9a-f:]{17}   CM {20}flannel\.1$/m);
  });
  it('shows incomplete entries, BSD style with -a, and filters by interface or host', () => {
    const e = createEngine(defaultClusterSpec(), createEnv(5));
    const ns = e.netnsOf(node2)!;
    ns.neigh.push({ ip: '192.168.56.77', dev: 'eth0', state: 'INCOMPLETE' }, { ip: '192.168.56.1', dev: 'eth0', lladdr: '52:54:00:12:35:02', state: 'REACHABLE' });
    const run = (s: string) => runScript({ engine: e, target: node2, script: s }).output;
    expect(run('arp -n -i eth0')).toBe(
      'Address                  HWtype  HWaddress           Flags Mask            Iface\n' +
        '192.168.56.77                    (incomplete)                              eth0\n' +
        '192.168.56.1             ether   52:54:00:12:35:02   C                     eth0\n',
    );
    expect(run('arp -an -i eth0')).toBe('? (192.168.56.77) at <incomplete> on eth0\n? (192.168.56.1) at 52:54:00:12:35:02 [ether] on eth0\n');
    expect(run('arp -an -i flannel.1')).toMatch(/^\? \(10\.244\.\d+\.0\) at [0-9a-f:]{17} \[ether\] PERM on flannel\.1\n/);
    expect(run('arp -n 10.9.9.9; echo $?')).toBe('10.9.9.9 (10.9.9.9) -- no entry\n1\n');
    expect(run('arp -z; echo $?')).toBe("arp: invalid option -- 'z'\n255\n");
    expect(run('arp -d 192.168.56.1; echo $?; arp -n -i eth0 | wc -l')).toBe("arp: -d: changing the ARP cache is not available in this lab; use 'ip neigh'\n1\n3\n");
  });
});
