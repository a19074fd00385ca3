import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec, parseCni, type CniSpec } from '../../model/spec';
import { captureModes, diffCaptures, diffSection } from './mode-diff';

function capture(cni: string, proxyMode: 'iptables' | 'ipvs') {
  const engine = createEngine(defaultClusterSpec({ cni: parseCni(cni) as CniSpec, proxyMode }), createEnv(1));
  return captureModes(engine, { cni, proxyMode });
}

describe('mode diff', () => {
  const before = capture('flannel:vxlan', 'iptables');
  const after = capture('calico:bgp', 'ipvs');
  const diff = diffCaptures(before, after);
  const node2 = diff.machines.find((m) => m.machine === 'node-2')!;
  const section = (name: string) => node2.sections.find((s) => s.section === name)!;

  it('lists every node with the four sections in order, and the modes', () => {
    expect(diff.from).toEqual({ cni: 'flannel:vxlan', proxyMode: 'iptables' });
    expect(diff.to).toEqual({ cni: 'calico:bgp', proxyMode: 'ipvs' });
    expect(diff.machines.map((m) => m.machine)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(node2.sections.map((s) => s.command)).toEqual(['ip route', 'ip -br link', 'iptables -t nat -S', 'ipvsadm -Ln']);
  });

  it('ip route on node-2: flannel subnet routes out, Calico /32 workload routes and bird routes in', () => {
    expect(section('route')).toEqual({
      section: 'route', command: 'ip route', added: 7, removed: 3, truncated: 0,
      hunks: [{
        oldStart: 1, oldLines: 5, newStart: 1, newLines: 9,
        lines: [
          ' default via 192.168.56.1 dev eth0 ',
          '-10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ',
          '-10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ',
          '-10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink ',
          '+10.244.11.192/26 via 192.168.56.13 dev eth0 proto bird ',
          '+10.244.134.0/26 via 192.168.56.11 dev eth0 proto bird ',
          '+10.244.222.192 dev cali90937682751 scope link ',
          '+blackhole 10.244.222.192/26 proto bird ',
          '+10.244.222.193 dev cali7d1a4bceb24 scope link ',
          '+10.244.222.194 dev cali4223e040ad7 scope link ',
          '+10.244.222.195 dev calic51467770f7 scope link ',
          ' 192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.12 ',
        ],
      }],
    });
  });

  it('ip -br link on node-2: flannel.1 and cni0 go, kube-ipvs0 appears (DOWN, NOARP)', () => {
    const lines = section('link').hunks.flatMap((h) => h.lines);
    expect(lines.slice(0, 4)).toEqual([
      ' lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> ',
      ' eth0             UP             c6:83:6e:0c:1c:74 <BROADCAST,MULTICAST,UP,LOWER_UP> ',
      '-flannel.1        UNKNOWN        1e:01:ba:73:75:b8 <BROADCAST,MULTICAST,UP,LOWER_UP> ',
      '-cni0             UP             6e:c1:6d:bb:4b:ac <BROADCAST,MULTICAST,UP,LOWER_UP> ',
    ]);
    expect(lines).toContain('+kube-ipvs0       DOWN           0e:73:bb:cf:58:b3 <BROADCAST,NOARP> ');
    expect(section('link')).toMatchObject({ added: 5, removed: 6 });
  });

  it('nat: the KUBE-SVC chains go, the ipset-based KUBE-NODE-PORT rules come; IPVS gains the virtual services', () => {
    const nat = section('nat').hunks.flatMap((h) => h.lines);
    expect(nat).toContain('--N KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(nat).toContain('--A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment "flanneld masq" -j RETURN');
    expect(nat).toContain('+-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ');
    expect(nat).toContain(' -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000');
    const ipvs = section('ipvs').hunks.flatMap((h) => h.lines);
    expect(ipvs.slice(0, 4)).toEqual([
      ' IP Virtual Server version 1.2.1 (size=4096)',
      ' Prot LocalAddress:Port Scheduler Flags',
      '   -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      '+TCP  192.168.56.12:30919 rr',
    ]);
    expect(ipvs).toContain('+TCP  10.96.0.1:443 rr');
    expect(ipvs).toContain('+  -> 192.168.56.11:6443           Masq    1      0          0         ');
    expect(section('ipvs').removed).toBe(0);
  });

  it('an unchanged section has no hunks; a cap keeps the first lines and counts the rest', () => {
    const same = diffSection('route', 'a\nb\n', 'a\nb\n');
    expect(same).toMatchObject({ added: 0, removed: 0, hunks: [], truncated: 0 });
    const capped = diffSection('nat', before.machines[1]!.sections.nat, after.machines[1]!.sections.nat, { maxLines: 10 });
    expect(capped.hunks.flatMap((h) => h.lines)).toHaveLength(10);
    expect(capped.truncated).toBe(section('nat').hunks.flatMap((h) => h.lines).length - 10);
    expect(capped.added).toBe(section('nat').added);
  });

  it('outputs too far apart are listed coarsely: removed lines, then added ones, counts exact', () => {
    const d = diffSection('route', 'a\nb\nc\nd\n', 'x\nb\ny\n', { maxEdit: 1 });
    expect(d).toEqual({
      section: 'route', command: 'ip route', added: 2, removed: 3, truncated: 0, coarse: true,
      hunks: [{ oldStart: 1, oldLines: 4, newStart: 1, newLines: 3, lines: ['-a', '-c', '-d', '+x', '+y'] }],
    });
    // The same counts as the aligned diff.
    expect(diffSection('route', 'a\nb\nc\nd\n', 'x\nb\ny\n')).toMatchObject({ added: 2, removed: 3 });
    expect(diffSection('route', 'a\nb\nc\nd\n', 'x\nb\ny\n').coarse).toBeUndefined();
  });

  it('captures at most maxMachines nodes and says how many it left out', () => {
    const engine = createEngine(defaultClusterSpec({ nodes: 4 }), createEnv(1));
    const c = captureModes(engine, { cni: 'flannel:vxlan', proxyMode: 'iptables' }, 2);
    expect(c.machines.map((m) => m.machine)).toEqual(['node-1', 'node-2']);
    expect(c.skipped).toBe(2);
    expect(diffCaptures(c, { ...c, skipped: 0 }).skipped).toBe(2);
    expect(diff.skipped).toBe(0);
  });

  it('a machine only on one side diffs against nothing', () => {
    const d = diffCaptures({ ...before, machines: before.machines.slice(0, 2) }, after);
    const n3 = d.machines.find((m) => m.machine === 'node-3')!;
    expect(n3.sections[0]!.removed).toBe(0);
    expect(n3.sections[0]!.added).toBe(after.machines[2]!.sections.route.trimEnd().split('\n').length);
  });
});

describe('captureModes', () => {
  it('reads without telling listeners a command ran (an open lab must not record it), and leaves emit as it was', () => {
    const engine = createEngine(defaultClusterSpec({}), createEnv(1));
    const seen: string[] = [];
    engine.on((e) => seen.push(e.type));
    const emit = engine.emit;
    const c = captureModes(engine, { cni: 'flannel:vxlan', proxyMode: 'iptables' });
    expect(c.machines).toHaveLength(3);
    expect(seen).not.toContain('command');
    expect(engine.emit).toBe(emit);
    expect(Object.prototype.hasOwnProperty.call(engine, 'emit')).toBe(false);
  });
});
